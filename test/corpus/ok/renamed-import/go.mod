module example.com/renamed

go 1.26
