package secret

const Key = "k"
