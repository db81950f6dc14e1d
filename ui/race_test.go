//go:build race

package ui

// raceEnabled says the tests run under the race detector, ten times
// slower: the receipt's sweeps look at fewer sizes and updates.
const raceEnabled = true
