module example.com/packagemain

go 1.26
