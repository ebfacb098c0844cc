// The Tests tab: go test -v ./... results per package and per test (pass,
// fail, skip, duration), each test's output one click away, and go test's
// own output below.

import type { PackageTestResult } from '../core/gotest/run-tests.ts';
import type { TestCase } from '../core/gotest/test-events.ts';
import { formatDiagnostic } from '../core/types.ts';
import { h, replace } from './dom.ts';
import type { TestRunner } from './test-runner.ts';

const MARK: Record<TestCase['status'] | PackageTestResult['status'], string> = {
  pass: '✓', ok: '✓', fail: '✗', 'build-failed': '✗', skip: '–', none: '?', running: '…',
};

export function testsPanel(tests: TestRunner, onCount: (failed: number, total: number) => void): HTMLElement {
  const filter = h('input', { class: 'test-filter', placeholder: '-run regexp (all tests)', 'aria-label': 'Run only tests matching', spellcheck: 'false' });
  const status = h('span', { class: 'muted', 'data-testid': 'test-status' }, 'Run the tests of every package (go test -v ./...).');
  const list = h('div', { class: 'test-list', 'data-testid': 'test-results' });
  const raw = h('pre', { class: 'code test-raw', 'data-testid': 'test-output' });
  const run = h('button', { class: 'primary', 'data-testid': 'run-tests', onclick: () => void tests.run(filter.value.trim() || undefined) }, 'Run tests');
  const stop = h('button', { hidden: true, onclick: () => tests.stop() }, 'Stop');
  filter.addEventListener('keydown', (e) => e.key === 'Enter' && void tests.run(filter.value.trim() || undefined));
  let failed = 0;
  let total = 0;

  tests.on('start', () => {
    replace(list);
    raw.textContent = '';
    failed = total = 0;
    status.textContent = 'Building the test binaries…';
    run.disabled = true;
    stop.hidden = false;
  });
  tests.on('progress', (e) => e.message && e.kind === 'build' && (status.textContent = e.message));
  tests.on('output', (s) => (raw.textContent += s));
  tests.on('package', (p) => {
    list.append(packageView(p));
    for (const t of p.tests) {
      total++;
      if (t.status === 'fail') failed++;
    }
    status.textContent = `Ran ${p.importPath}…`;
  });
  const finish = (text: string): void => {
    status.textContent = text;
    run.disabled = false;
    stop.hidden = true;
    onCount(failed, total);
  };
  tests.on('done', (r) => finish(r.exitCode === 0 ? `PASS: ${total} test${total === 1 ? '' : 's'}` : `FAIL: ${failed} of ${total} failed`));
  tests.on('failed', ({ message, diagnostics }) => {
    raw.textContent = diagnostics.map(formatDiagnostic).join('\n');
    finish(message);
  });

  return h(
    'div',
    { class: 'tests', 'data-testid': 'tests' },
    h('div', { class: 'tests-head' }, run, stop, filter, status),
    list,
    h('details', { class: 'tests-raw' }, h('summary', null, 'go test output'), raw),
  );
}

function packageView(p: PackageTestResult): HTMLElement {
  const note = p.status === 'none' ? '[no test files]' : p.status === 'build-failed' ? '[build failed]' : p.ms !== undefined ? `${(p.ms / 1000).toFixed(2)}s` : '';
  return h(
    'section',
    { class: 'test-pkg', 'data-status': p.status, 'data-package': p.importPath },
    h('div', { class: 'test-row pkg' }, h('span', { class: 'mark' }, MARK[p.status]), h('span', { class: 'name' }, p.importPath), h('span', { class: 'time' }, note)),
    p.status === 'build-failed' && p.output ? h('pre', { class: 'test-out' }, p.output) : null,
    p.tests.map((t) => testView(t)),
    p.killed ? h('pre', { class: 'test-out' }, 'The test binary ran past its timeout and was stopped.') : null,
  );
}

function testView(t: TestCase): HTMLElement {
  const depth = t.name.split('/').length - 1;
  const row = h(
    'summary',
    { class: 'test-row', style: `padding-left:${12 + depth * 16}px` },
    h('span', { class: 'mark' }, MARK[t.status]),
    h('span', { class: 'name' }, t.name.split('/').pop() ?? t.name),
    h('span', { class: 'time' }, t.elapsed !== undefined ? `${t.elapsed.toFixed(2)}s` : ''),
  );
  const out = t.output.join('\n');
  return h(
    'details',
    { class: 'test-case', 'data-status': t.status, 'data-test': t.name, open: t.status === 'fail' && out !== '' },
    row,
    out ? h('pre', { class: 'test-out' }, out) : h('p', { class: 'muted test-out' }, 'No output.'),
  );
}
