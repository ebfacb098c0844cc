// Screenshots of the main screens into .cache/screens/ (for the README and
// for reviewing the design in light and dark):
//   node --import tsx test/browser/screens.ts [base URL]
// Expects the built app served (npm run build && npm run preview).
import { mkdir } from 'node:fs/promises';
import { chromium, type Page } from 'playwright';
import { chromiumArgs } from '../../playwright.config.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:4173/';
const out = '.cache/screens';
const LONG = { timeout: 600_000 };

/** Loads an example and waits for its response (one more entry in the history). */
async function example(page: Page, title: string): Promise<void> {
  const before = await page.locator('[data-testid=history] li').count();
  await page.getByLabel('Examples').selectOption({ label: title });
  await page.locator('[data-testid=history] li').nth(before).waitFor({ state: 'attached', ...LONG });
  await page.locator('.toast').evaluateAll((ts) => ts.forEach((t) => t.remove()));
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByTestId('download-progress').waitFor(LONG).catch(() => undefined);
    await page.screenshot({ path: `${out}/${scheme}-1-first-visit.png` });
    await page.frameLocator('[data-testid=response-html]').locator('h1').waitFor(LONG);
    await page.screenshot({ path: `${out}/${scheme}-2-hello.png` });

    await example(page, 'JSON API');
    await page.screenshot({ path: `${out}/${scheme}-3-json-api.png` });

    await example(page, 'A panic');
    await page.getByRole('tab', { name: /^Logs/ }).click();
    await page.screenshot({ path: `${out}/${scheme}-4-panic-logs.png` });

    await example(page, 'Hello');
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nfunc broken() { return 1 }\n');
    await page.getByTestId('status').and(page.locator('[data-phase=failed]')).waitFor(LONG);
    await page.screenshot({ path: `${out}/${scheme}-5-compile-error.png` });
    await page.keyboard.press('ControlOrMeta+Z');

    await page.getByRole('tab', { name: 'Artifacts' }).click();
    await page.getByTestId('build-native').click();
    await page.locator('.artifact-route').first().waitFor(LONG);
    await page.getByRole('tab', { name: 'Toolchains' }).click();
    await page.locator('.tc-list table').waitFor(LONG);
    await page.getByRole('tab', { name: 'Artifacts' }).click();
    await page.screenshot({ path: `${out}/${scheme}-6-artifacts.png` });
    await page.getByRole('tab', { name: 'Toolchains' }).click();
    await page.screenshot({ path: `${out}/${scheme}-7-toolchains.png` });
    await context.close();
  }
  const narrow = await browser.newContext({ viewport: { width: 420, height: 900 } });
  const page = await narrow.newPage();
  await page.goto(base);
  await page.frameLocator('[data-testid=response-html]').locator('h1').waitFor(LONG);
  await page.screenshot({ path: `${out}/narrow.png`, fullPage: true });
  await browser.close();
  console.log(`screenshots in ${out}/`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
