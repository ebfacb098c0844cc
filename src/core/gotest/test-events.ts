// Per-test results from a test binary's -test.v output, the way test2json
// reads it: "=== RUN", "=== PAUSE", "=== CONT", "=== NAME" start or resume a
// test, "--- PASS/FAIL/SKIP: name (0.01s)" (indented four spaces per subtest
// level) ends it, and every other line is output of the test last named.

export interface TestCase {
  /** "TestX", "TestX/sub", "ExampleY". */
  name: string;
  status: 'pass' | 'fail' | 'skip' | 'running';
  /** Seconds as the test binary printed them. */
  elapsed?: number;
  output: string[];
}

const start = /^=== (RUN|PAUSE|CONT|NAME)\s+(\S+)\s*$/;
const result = /^\s*--- (PASS|FAIL|SKIP): (\S+) \((\d+(?:\.\d+)?)s\)\s*$/;

export function parseTestOutput(text: string): { tests: TestCase[]; other: string[] } {
  const tests = new Map<string, TestCase>();
  const other: string[] = [];
  let current: TestCase | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const s = start.exec(line);
    if (s) {
      const name = s[2]!;
      current = tests.get(name) ?? { name, status: 'running', output: [] };
      tests.set(name, current);
      continue;
    }
    const r = result.exec(line);
    if (r) {
      const name = r[2]!;
      const t = tests.get(name) ?? { name, status: 'running', output: [] };
      t.status = r[1] === 'PASS' ? 'pass' : r[1] === 'FAIL' ? 'fail' : 'skip';
      t.elapsed = Number(r[3]);
      tests.set(name, t);
      // An example's got/want and a failed test's panic follow its result line.
      current = t;
      continue;
    }
    if (line === 'PASS' || line === 'FAIL' || /^(ok|FAIL)\s+\S+\s/.test(line)) {
      current = undefined;
      other.push(line);
      continue;
    }
    if (current) current.output.push(line);
    else other.push(line);
  }
  // A test that never reported a result died with the binary (a panic, a timeout).
  for (const t of tests.values()) if (t.status === 'running') t.status = 'fail';
  return { tests: [...tests.values()], other };
}
