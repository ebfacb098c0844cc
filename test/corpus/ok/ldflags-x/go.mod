module example.com/ldflagsx

go 1.26
