module example.com/embedsite

go 1.26
