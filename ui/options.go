package ui

import (
	"descent/datasets"
	"descent/engine"
)

// Options configure the view.
type Options struct {
	Config engine.Config    // the run to start with
	Data   datasets.Dataset // the data of Config, for its name and for cycling datasets
	// Problem, when not nil, is the problem of Config's setup, made once
	// by the caller: the run starts on it (at Config's start) and shares
	// its data and analysis, as every session of a classroom server does.
	Problem *engine.Problem
	// Width and Height are the initial size; the terminal's size replaces them.
	Width, Height int
	// Compare, when it holds 2 to 6 learning rates, opens the compare view
	// with one run for each.
	Compare []float64
	// CompareOptimizers, when it holds 2 to 6 optimizers, opens the compare
	// view with one run for each, all at Config's α.
	CompareOptimizers []engine.Optimizer
	// Sweep opens the α sweep.
	Sweep bool
	// FrameRate caps autoplay's frames per second (default 30); faster
	// speeds take several updates per frame. A server with many sessions
	// sets it lower.
	FrameRate int
	// Lang is the language of the labels and help (default English).
	Lang Lang
}

// startRun starts the run o asks for: on o.Problem when there is one.
func startRun(o Options) (*engine.Run, error) {
	if o.Problem != nil {
		return o.Problem.NewRun(o.Config.Start)
	}
	return engine.New(o.Config)
}

// MaxCompare is the most runs the compare view holds.
const MaxCompare = 6
