module gofn.dev/helper

go 1.21
