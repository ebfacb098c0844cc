module example.com/streaming

go 1.26
