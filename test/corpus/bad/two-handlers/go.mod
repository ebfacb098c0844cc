module example.com/twohandlers

go 1.26
