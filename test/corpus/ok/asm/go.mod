module example.com/asmsum

go 1.26
