package engine

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ErrLectureFormat is returned by WriteLecture for runs the lecture's
// program could not have printed: another model than ŷ = x·w, updates of
// more than one sample, or an optimizer other than plain gradient descent.
var ErrLectureFormat = errors.New("the lecture format prints the w model with per-sample plain gradient descent; use --format csv or json")

// Transcript describes a training transcript: which run, for how long, and
// where to predict.
type Transcript struct {
	Data    string  // the dataset's name, for the JSON settings
	Epochs  int     // passes over the data
	Predict float64 // the x to predict at, before and after training
}

// WriteLecture trains r for t.Epochs epochs and prints what the lecture's
// program prints, byte for byte for the lecture's own settings:
//
//	predict (before training) 4 4.0
//		grad:  1.0 2.0 -2.0
//	...
//	progress: 0 w= 1.260688 loss= 4.919240100095999
//	...
//	predict (after training) 4 hours 7.9999999999996945
//
// Floats are printed as Python's repr (FormatPy); the x to predict at is
// printed as an integer when it is one, as the lecture's literal 4 is.
func WriteLecture(w io.Writer, r *Run, t Transcript) error {
	if r.model.name != ModelW.name || r.size != 1 || r.opt.Kind != GD {
		return ErrLectureFormat
	}
	bw := bufio.NewWriter(w)
	px := formatLiteral(t.Predict)
	fmt.Fprintf(bw, "predict (before training) %s %s\n", px, FormatPy(r.Predict(t.Predict)))
	for e := 0; e < t.Epochs; e++ {
		var rec Receipt
		for i := 0; i < r.per; i++ {
			rec = r.Step()
			fmt.Fprintf(bw, "\tgrad:  %s %s %s\n", FormatPy(rec.X), FormatPy(rec.Y), FormatPy(rec.Grad[0]))
		}
		fmt.Fprintf(bw, "progress: %d w= %s loss= %s\n", e, FormatPy(rec.After[0]), FormatPy(rec.LossAfter))
	}
	fmt.Fprintf(bw, "predict (after training) %s hours %s\n", px, FormatPy(r.Predict(t.Predict)))
	return bw.Flush()
}

// formatLiteral prints x as the lecture's Python source would: an integer
// without a decimal point, any other number as repr.
func formatLiteral(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return FormatPy(x)
}

// CSVHeader returns the CSV transcript's header for model m and
// optimizer o: epoch,sample,x,y,grad_<p>...,<p>...,loss,mse, then the
// optimizer's state after the update, when it has one: b_<p> (the momentum
// buffer), s_<p> (Adagrad's sum or RMSprop's mean of g²), or m_<p> and
// v_<p> (Adam's moments).
func CSVHeader(m Model, o Optimizer) string {
	cols := []string{"epoch", "sample", "x", "y"}
	for _, p := range m.params {
		cols = append(cols, "grad_"+p)
	}
	cols = append(cols, m.params...)
	cols = append(cols, "loss", "mse")
	mp, vp := stateColumns(o)
	for _, prefix := range []string{mp, vp} {
		for _, p := range m.params {
			if prefix != "" {
				cols = append(cols, prefix+p)
			}
		}
	}
	return strings.Join(cols, ",")
}

// stateColumns returns the CSV prefixes of the optimizer state's vectors
// OptState.M and OptState.V, "" for a vector the optimizer does not use.
func stateColumns(o Optimizer) (m, v string) {
	switch o.Kind {
	case Momentum, Nesterov:
		return "b_", ""
	case Adagrad, RMSprop:
		return "", "s_"
	case Adam:
		return "m_", "v_"
	}
	return "", ""
}

// WriteCSV trains r for t.Epochs epochs and writes one row per update:
// the 0-based epoch; the sample's index (empty for a full batch, the first
// index for a mini-batch); x and y (empty when the update used several
// samples); the gradient used per parameter; the parameters after the
// update; the loss the lecture prints (the sample's squared error after
// the update, or the batch's mean); and the mean loss over all data after
// the update. Floats use FormatShort.
func WriteCSV(w io.Writer, r *Run, t Transcript) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(CSVHeader(r.model, r.opt) + "\n")
	mp, vp := stateColumns(r.opt)
	row := make([]string, 0, 6+2*r.k)
	total := t.Epochs * r.per
	for u := 0; u < total; u++ {
		rec := r.Step()
		row = row[:0]
		sample, x, y := "", "", ""
		if r.cfg.Mode != Batch {
			sample = strconv.Itoa(rec.Index)
		}
		if rec.Size == 1 {
			x, y = FormatShort(rec.X), FormatShort(rec.Y)
		}
		row = append(row, strconv.Itoa(rec.Epoch), sample, x, y)
		for j := 0; j < r.k; j++ {
			row = append(row, FormatShort(rec.Grad[j]))
		}
		for j := 0; j < r.k; j++ {
			row = append(row, FormatShort(rec.After[j]))
		}
		row = append(row, FormatShort(rec.LossAfter), FormatShort(r.MSE()))
		for _, vec := range []struct {
			prefix string
			v      Vec
		}{{mp, rec.Opt.M}, {vp, rec.Opt.V}} {
			for j := 0; j < r.k && vec.prefix != ""; j++ {
				row = append(row, FormatShort(vec.v[j]))
			}
		}
		bw.WriteString(strings.Join(row, ",") + "\n")
	}
	return bw.Flush()
}

// jsonNum formats f as a JSON number, or null when it is not finite.
func jsonNum(f float64) string {
	if isBad(f) {
		return "null"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// jsonParams formats v as an object keyed by the model's parameter names.
func jsonParams(m Model, v Vec) string {
	parts := make([]string, len(m.params))
	for j, p := range m.params {
		parts[j] = strconv.Quote(p) + ":" + jsonNum(v[j])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// WriteJSON trains r for t.Epochs epochs and writes one JSON object with
// the settings, the analysis, the trajectory (one entry per update) and
// the final state. Numbers that are not finite are written as null.
func WriteJSON(w io.Writer, r *Run, t Transcript) error {
	bw := bufio.NewWriter(w)
	c := r.Config()
	a := r.Analysis()
	m := r.model
	o := r.opt
	fmt.Fprintf(bw, "{\n\"settings\":{\"optimizer\":{\"name\":%q,\"momentum\":%s,\"beta1\":%s,\"beta2\":%s,\"eps\":%s,\"alpha\":%s},\"data\":%s,\"points\":%d,\"model\":%q,\"formula\":%q,\"mode\":%q,\"batch\":%d,\"shuffle\":%t,\"seed\":%d,\"lr\":%s,\"init\":%s,\"epochs\":%d,\"predict\":%s},\n",
		o.Kind.String(), jsonNum(o.Momentum), jsonNum(o.Beta1), jsonNum(o.Beta2), jsonNum(o.Eps), jsonNum(o.Alpha),
		strconv.Quote(t.Data), r.n, m.name, m.formula, c.Mode.String(), r.size, c.Shuffle, c.Seed,
		jsonNum(c.LR), jsonParams(m, c.Init), t.Epochs, jsonNum(t.Predict))
	intervals := make([]string, len(a.StableIntervals))
	for i, iv := range a.StableIntervals {
		intervals[i] = "[" + jsonNum(iv[0]) + "," + jsonNum(iv[1]) + "]"
	}
	rows := make([]string, m.NumParams())
	for i := range rows {
		cols := make([]string, m.NumParams())
		for j := range cols {
			cols[j] = jsonNum(a.Hessian[i][j])
		}
		rows[i] = "[" + strings.Join(cols, ",") + "]"
	}
	fmt.Fprintf(bw, "\"analysis\":{\"optimum\":%s,\"optimum_mse\":%s,\"hessian\":[%s],\"condition\":%s,\"factor\":%s,\"regime\":%q,\"lr_max_stable\":%s,\"stable_intervals\":[%s]},\n",
		jsonParams(m, a.Optimum), jsonNum(a.OptimumMSE), strings.Join(rows, ","), jsonNum(a.Condition),
		jsonNum(a.Factor), a.Regime.String(), jsonNum(a.LRMaxStable), strings.Join(intervals, ","))
	bw.WriteString("\"trajectory\":[")
	total := t.Epochs * r.per
	for u := 0; u < total; u++ {
		rec := r.Step()
		sep := ","
		if u == 0 {
			sep = ""
		}
		sample := "null"
		if r.cfg.Mode != Batch {
			sample = strconv.Itoa(rec.Index)
		}
		state := ""
		if o.Kind != GD {
			state = fmt.Sprintf(",\"state\":{\"t\":%d,\"m\":%s,\"v\":%s}", rec.Opt.T, jsonParams(m, rec.Opt.M), jsonParams(m, rec.Opt.V))
		}
		fmt.Fprintf(bw, "%s\n{\"update\":%d,\"epoch\":%d,\"sample\":%s,\"size\":%d,\"x\":%s,\"y\":%s,\"grad\":%s,\"params\":%s,\"loss\":%s,\"mse\":%s%s}",
			sep, rec.Update, rec.Epoch, sample, rec.Size, jsonNum(rec.X), jsonNum(rec.Y),
			jsonParams(m, rec.Grad), jsonParams(m, rec.After), jsonNum(rec.LossAfter), jsonNum(r.MSE()), state)
	}
	fmt.Fprintf(bw, "],\n\"final\":{\"params\":%s,\"mse\":%s,\"predict\":%s,\"status\":%q}\n}\n",
		jsonParams(m, r.p), jsonNum(r.MSE()), jsonNum(r.Predict(t.Predict)), r.Status().String())
	return bw.Flush()
}
