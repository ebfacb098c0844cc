#!/bin/sh
# Builds pollzero for wasip1 and shows which poll_oneoff calls hang under @wasmer/sdk.
set -eu
cd "$(dirname "$0")"
root=$(cd ../../.. && pwd)
mkdir -p "$root/.cache/repro"
GOOS=wasip1 GOARCH=wasm go build -o "$root/.cache/repro/pollzero.wasm" .
cd "$root"
exec npx tsx toolchain/repro/wasmer-poll-zero/run.ts .cache/repro/pollzero.wasm
