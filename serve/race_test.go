//go:build race

package serve

// raceEnabled is true when the race detector is on.
const raceEnabled = true
