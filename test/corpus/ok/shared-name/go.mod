module example.com/sharedname

go 1.26
