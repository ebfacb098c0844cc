// Entry of the preview worker thread. Worker threads do not inherit the
// loader that compiles TypeScript, so this plain module registers tsx (as
// bin/gofn.mjs does) before loading the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./preview-worker.ts');
