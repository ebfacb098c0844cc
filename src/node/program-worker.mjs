// Entry of the program worker thread: registers tsx (worker threads do not
// inherit the loader) and loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./program-worker.ts');
