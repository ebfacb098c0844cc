package edition

var Extra = extra
