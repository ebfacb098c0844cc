// isomorphic-git uses the global Buffer that Node has and browsers lack.
// Importing this module first gives workers the `buffer` package's
// implementation (in Node, "buffer" is Node's own module).
import { Buffer } from 'buffer';

const g = globalThis as { Buffer?: unknown };
g.Buffer ??= Buffer;
