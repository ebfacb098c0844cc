#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on load so there is no separate build step for Node.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A one-shot command runs each toolchain program a few times and exits, so
// V8's optimizing tier would spend more CPU compiling the toolchain's code than
// it saves (measured on `gofn build` after an edit: 9.9 s → 6.0 s wall,
// 14.8 s → 6.1 s CPU). Commands that keep running (dev, serve, bench) keep it.
// Set before any WebAssembly is compiled.
const oneShot = new Set(['build', 'invoke', 'modules', 'vet', 'test']);
if (oneShot.has(process.argv[2] ?? '')) setFlagsFromString('--liftoff-only');

register();
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
