package eventlog

import "errors"

var errNotYet = errors.New("eventlog: not implemented yet")
