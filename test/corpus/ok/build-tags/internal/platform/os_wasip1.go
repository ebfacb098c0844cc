package platform

const File = "os_wasip1.go"
