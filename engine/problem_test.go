package engine

import "testing"

func TestDataTooLargeToSquareIsRefused(t *testing.T) {
	if _, err := New(Config{Setup: Setup{X: []float64{1e200, 2e200}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1}}}); err == nil {
		t.Error("x = 1e200 accepted: its square overflows")
	}
	if _, err := New(Config{Setup: Setup{X: []float64{1, 2}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1e300}}}); err == nil {
		t.Error("w0 = 1e300 accepted")
	}
}
