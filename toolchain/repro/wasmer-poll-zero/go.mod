module gofn.dev/repro/wasmerpollzero

go 1.21
