module example.com/toolchainunknown

go 1.26

toolchain go1.30.1
