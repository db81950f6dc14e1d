package engine

import (
	"context"
	"math"
	"slices"
)

// Sweep returns the mean loss after n updates from s.Init with s's
// update rule for each learning rate in lrs (s.LR is not used): a
// one-dimensional phase diagram of α. Losses that overflow come back as
// +Inf or NaN. It returns an error for an invalid start or α, and ctx's
// error when ctx is done before the sweep (it is checked before each α).
//
// Sweep costs len(lrs) × n updates (a full batch of more than ExactRows
// samples costs O(1), see MSE). It is safe to call from any goroutine.
func (p *Problem) Sweep(ctx context.Context, s Start, lrs []float64, n int) ([]float64, error) {
	if len(lrs) > 0 {
		s.LR = lrs[0]
	}
	r, err := p.NewRun(s)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(lrs))
	for i, lr := range lrs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.SetLR(lr); err != nil {
			return nil, err
		}
		r.Reset()
		r.Train(n)
		out[i] = r.MSE()
	}
	return out, nil
}

// LogSpace returns n numbers from lo to hi, evenly spaced on a log scale.
func LogSpace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(max(n-1, 1)))
	}
	return out
}

// SweepRange returns the range of α a sweep should cover: from 1e-4 (or
// lower, when the largest stable α is tiny) to well past the largest
// stable α and the end of the last stable interval.
func (a Analysis) SweepRange() (lo, hi float64) {
	top := a.LRMaxStable
	for _, iv := range a.StableIntervals {
		if !math.IsInf(iv[1], 0) {
			top = math.Max(top, iv[1])
		}
	}
	if math.IsInf(top, 0) || !(top > 0) {
		top = 1
	}
	hi = 1.6 * top
	lo = math.Min(1e-4, hi/100)
	return lo, hi
}

// SweepLRs returns about n log-spaced learning rates over SweepRange, plus
// the middle of every stable interval after the first, which a coarse grid
// can step over (the lecture's loop converges again only for
// 0.4765 < α < 0.5190).
func (a Analysis) SweepLRs(n int) []float64 {
	lo, hi := a.SweepRange()
	lrs := LogSpace(lo, hi, n)
	for _, iv := range a.StableIntervals[min(1, len(a.StableIntervals)):] {
		if mid := math.Sqrt(iv[0] * iv[1]); mid > lo && mid < hi {
			lrs = append(lrs, mid)
		}
	}
	slices.Sort(lrs)
	return lrs
}

// Reach is how a run fares against a loss target.
type Reach struct {
	// Updates is the number of updates from the start until the mean loss
	// is below the target, or −1 when it is not reached.
	Updates int
	// Status says why the target was not reached: Diverged; Converged,
	// Cycling or Stalled when the run settled above the target (it never
	// will); Running when the simulation gave up after Tried updates.
	Status Status
	// Tried is how many updates were simulated.
	Tried int
}

// UpdatesToReach simulates the run from its start at its current α until
// the mean loss drops below target, for at most limit updates:
// r.Problem().UpdatesToReach(r.Start(), target, limit). The run itself
// does not change.
func (r *Run) UpdatesToReach(target float64, limit int) Reach {
	reach, _ := r.prob.UpdatesToReach(r.Start(), target, limit)
	return reach
}

// reachWork bounds UpdatesToReach's work on large data, in samples.
const reachWork = 20_000_000

// UpdatesToReach simulates a run from start s until the mean loss drops
// below target, for at most limit updates, and says how it fared. It
// stops early when the run diverges (checked at every update) or its
// status (checked at every epoch's start) says it has settled. It returns an error for an invalid start.
//
// On more than ExactRows samples the simulation also stops after
// reachWork samples' worth of updates (a full batch counts as one: its
// gradient comes from the moments), so that a mini-batch of a million
// rows answers in a fraction of a second; Tried then says how many
// updates were simulated. It is safe to call from any goroutine.
func (p *Problem) UpdatesToReach(s Start, target float64, limit int) (Reach, error) {
	r, err := p.NewRun(s)
	if err != nil {
		return Reach{Updates: -1, Status: Running}, err
	}
	if !p.exact && p.size > 1 && p.size < p.n {
		limit = min(limit, max(reachWork/p.size, 1))
	}
	var rec Receipt
	for u := 0; u <= limit; u++ {
		if r.MSE() < target {
			return Reach{Updates: u, Status: Running, Tried: u}, nil
		}
		if r.diverged() { // at every update: an epoch can be long
			return Reach{Updates: -1, Status: Diverged, Tried: u}, nil
		}
		if u > 0 && r.at.b == 0 {
			if st := r.Status(); st != Running {
				return Reach{Updates: -1, Status: st, Tried: u}, nil
			}
		}
		r.advance(&rec)
	}
	return Reach{Updates: -1, Status: Running, Tried: limit}, nil
}
