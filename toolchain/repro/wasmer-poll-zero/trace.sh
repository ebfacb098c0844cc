#!/bin/sh
# Builds compile.wasm and link.wasm that print every WASI call (see
# trace-goroot.py) into .cache/repro/trace/, from a patched copy of the host
# GOROOT. Run one under the SDK and read the last "wasi>" line it printed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/.cache/repro/trace"
goroot="$out/goroot"
mkdir -p "$out"
if [ ! -d "$goroot" ]; then
  cp -a "$(go env GOROOT)" "$goroot"
  python3 "$here/trace-goroot.py" "$goroot"
fi
for tool in compile link; do
  GOROOT="$goroot" GOOS=wasip1 GOARCH=wasm "$goroot/bin/go" build -trimpath -o "$out/$tool-trace.wasm" "cmd/$tool"
done
echo "built $out/compile-trace.wasm and $out/link-trace.wasm"
