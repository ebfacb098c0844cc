module example.com/multiroutes

go 1.26.0
