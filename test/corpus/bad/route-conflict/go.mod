module example.com/routeconflict

go 1.26
