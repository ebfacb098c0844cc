module example.com/gomoderror

go 1.26
frobnicate x
