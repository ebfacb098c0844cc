module example.com/nohandler

go 1.26
