#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on load so there is no separate build step for Node.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
