module example.com/duplicateparam

go 1.26
