module example.com/headerscookies

go 1.26
