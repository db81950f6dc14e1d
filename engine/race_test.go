//go:build race

package engine

// raceEnabled says the tests run under the race detector, which makes
// sync.Pool drop a share of what it is given (so pooled workspaces are
// allocated again now and then).
const raceEnabled = true
