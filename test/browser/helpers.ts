// Shared steps for the browser specs: driving the editor, the file tree and
// the preview the way a user does.
import { expect, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from '@playwright/test';

/** UI specs switch auto-run off so they need no toolchain download; engine specs leave it on. */
export async function disableAutoRun(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    // Init scripts also run in the sandboxed response iframe, which has no storage.
    if (window === window.top) localStorage.setItem('gofn.autoRun', 'off');
  });
}

export function treeItem(page: Page, path: string): Locator {
  return page.locator(`.tree [data-path="${path}"]`);
}

export async function openFile(page: Page, path: string): Promise<void> {
  await treeItem(page, path).click();
  await expect(page.getByTestId('active-file')).toHaveText(path);
}

/** Replaces the open file's text through the editor, as typing would. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
}

export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

export function responseFrame(page: Page): FrameLocator {
  return page.frameLocator('[data-testid=response-html]');
}

export async function pickExample(page: Page, title: string): Promise<void> {
  await page.getByLabel('Examples').selectOption({ label: title });
}

export const helloFiles = {
  'go.mod': 'module example.com/hello\n\ngo 1.26\n',
  'api/index.go': 'package handler\n',
};

/** Pastes into the editor (as Ctrl+V would): fast for large texts, unlike typing. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.locator('.cm-content').evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Makes a share link of the project in page and opens it in a fresh browser context. */
export async function openShared(page: Page, browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  await page.keyboard.press('Escape');
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(url);
  return { context, page: other };
}
