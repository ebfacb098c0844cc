module example.com/go1222

go 1.22.2
