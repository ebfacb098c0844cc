module example.com/goversionold

go 1.19
