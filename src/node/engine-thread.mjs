// Entry of the engine thread: worker threads do not inherit the loader that
// compiles TypeScript, so this registers tsx (as bin/gofn.mjs does) first.
import { register } from 'tsx/esm/api';

register();
await import('./engine-thread.ts');
