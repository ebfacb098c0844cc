module example.com/internalviolation

go 1.26
