package platform

// Selected by its _linux file name suffix.
const File = "os_linux.go"
