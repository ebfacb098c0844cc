module example.com/badflags

go 1.26
