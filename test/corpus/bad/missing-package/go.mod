module example.com/missingpackage

go 1.26
