module example.com/pinned

go 1.23

toolchain go1.24.11
