module example.com/goversionnew

go 1.30
