//go:build !unix

package serve

import "testing"

// raiseFileLimit does nothing where there is no such limit to raise.
func raiseFileLimit(*testing.B, uint64) {}
