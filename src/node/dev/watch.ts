// Watches a project folder for changes that need a rebuild: everything but
// public/ (served from disk as it is) and folders that are never sources.
// Editors save in bursts (write, rename, chmod), so events are gathered for a
// moment and reported once.
import { watch, type FSWatcher } from 'node:fs';

const IGNORED = /^(\.git|node_modules|\.vercel|\.cache|toolchains|public)(\/|$)/;
const SETTLE_MS = 40;

export function watchProject(dir: string, onChange: (paths: string[]) => void): FSWatcher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Set<string>();
  return watch(dir, { recursive: true }, (_event, filename) => {
    const path = filename?.toString().split('\\').join('/');
    if (!path || IGNORED.test(path)) return;
    seen.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...seen];
      seen.clear();
      onChange(paths);
    }, SETTLE_MS);
  });
}
