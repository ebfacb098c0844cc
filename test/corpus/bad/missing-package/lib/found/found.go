package found

const Name = "found"
