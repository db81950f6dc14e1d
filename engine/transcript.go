package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Transcript describes a training transcript: which run, for how long,
// where to predict, and which updates the CSV and JSON transcripts write.
type Transcript struct {
	Data    string  // the dataset's name, for the JSON settings
	Epochs  int     // passes over the data
	Predict float64 // the x to predict at, before and after training
	// Every makes WriteCSV and WriteJSON write only the updates whose
	// number (1, 2, …) is a multiple of Every; 0 and 1 write every update.
	Every int
	// PerEpoch makes WriteCSV and WriteJSON write one row per epoch, the
	// epoch's last update (its mse is the mean loss at the epoch's end).
	// It takes precedence over Every.
	//
	// With Every or PerEpoch the last update is always written, every row
	// keeps its exact numbers (its update, epoch and sample say which it
	// is), and JSON's final object is unchanged. WriteLecture prints every
	// update whatever these say, as the lecture's program does.
	PerEpoch bool
}

// writes reports whether update u (1-based) of total, with per updates
// per epoch, is written.
func (t Transcript) writes(u, per, total int) bool {
	switch {
	case u == total:
		return true
	case t.PerEpoch:
		return u%per == 0
	case t.Every > 1:
		return u%t.Every == 0
	}
	return true
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
	bw := bufio.NewWriterSize(w, writeBuffer)
	px := formatLiteral(t.Predict)
	fmt.Fprintf(bw, "predict (before training) %s %s\n", px, FormatPy(r.Predict(t.Predict)))
	lecture := Transcript{Epochs: t.Epochs} // every update
	err := lecture.train(r, bw, func(b []byte, rec *Receipt) []byte {
		b = append(b, "\tgrad:  "...)
		b = appendPy(b, rec.X)
		b = appendPy(append(b, ' '), rec.Y)
		b = appendPy(append(b, ' '), rec.Grad[0])
		b = append(b, '\n')
		if rec.Batch == r.per-1 {
			b = strconv.AppendInt(append(b, "progress: "...), int64(rec.Epoch), 10)
			b = appendPy(append(b, " w= "...), rec.After[0])
			b = appendPy(append(b, " loss= "...), rec.LossAfter)
			b = append(b, '\n')
		}
		return b
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(bw, "predict (after training) %s hours %s\n", px, FormatPy(r.Predict(t.Predict)))
	return bw.Flush()
}

// writeBuffer is the size of the transcript writers' output buffer; every
// row is formatted straight into its free space, of which a row needs at
// most maxRow bytes.
const (
	writeBuffer = 64 << 10
	maxRow      = 2048
)

// sampleText caches the text of the samples' x and y for a transcript
// that writes every sample many times (one per epoch): each is formatted
// once, on its first use, instead of at every row.
type sampleText struct {
	text []byte
	at   [][3]uint32 // where sample i's x and y start and where y ends; zero until formatted
}

// newSampleText returns the cache for r's samples when a transcript of
// epochs epochs writes each of them more than once, nil otherwise.
func newSampleText(r *Run, t Transcript) *sampleText {
	if r.size != 1 || t.Epochs < 2 || t.PerEpoch || t.Every > 1 {
		return nil
	}
	return &sampleText{at: make([][3]uint32, r.n)}
}

// get returns the text of sample i's x and y, formatted by format.
func (s *sampleText) get(i int, x, y float64, format func([]byte, float64) []byte) (xt, yt []byte) {
	a := &s.at[i]
	if a[2] == 0 {
		a[0] = uint32(len(s.text))
		s.text = format(s.text, x)
		a[1] = uint32(len(s.text))
		s.text = format(s.text, y)
		a[2] = uint32(len(s.text))
	}
	return s.text[a[0]:a[1]], s.text[a[1]:a[2]]
}

// train takes t.Epochs epochs of updates of r on the headless path (see
// Train) and, for every update t writes, formats a row with format into
// bw's free space and writes it. The error is the writer's: a transcript
// stops at the first failed write.
func (t Transcript) train(r *Run, bw *bufio.Writer, format func(b []byte, rec *Receipt) []byte) error {
	total := t.Epochs * r.per
	var rec Receipt
	r.undo.clear()
	for u := 1; u <= total; u++ {
		r.advance(&rec)
		if !t.writes(u, r.per, total) {
			continue
		}
		if bw.Available() < maxRow {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
		bw.Write(format(bw.AvailableBuffer(), &rec))
	}
	return nil
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
	b := []byte("epoch,sample,x,y")
	for _, p := range m.params {
		b = append(append(b, ",grad_"...), p...)
	}
	for _, p := range m.params {
		b = append(append(b, ','), p...)
	}
	b = append(b, ",loss,mse"...)
	mp, vp := stateColumns(o)
	for _, prefix := range []string{mp, vp} {
		for _, p := range m.params {
			if prefix != "" {
				b = append(append(append(b, ','), prefix...), p...)
			}
		}
	}
	return string(b)
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

// WriteCSV trains r for t.Epochs epochs and writes one row per update
// (or the updates t.Every and t.PerEpoch choose): the 0-based epoch; the
// sample's index (empty for a full batch, the first index for a
// mini-batch); x and y (empty when the update used several samples); the
// gradient used per parameter; the parameters after the update; the loss
// the lecture prints (the sample's squared error after the update, or the
// batch's mean); and the mean loss over all data after the update (see
// Run.MSEAt for its cost and accuracy on large data). Floats use
// FormatShort. Updates taken by WriteCSV cannot be undone.
func WriteCSV(w io.Writer, r *Run, t Transcript) error {
	bw := bufio.NewWriterSize(w, writeBuffer)
	bw.WriteString(CSVHeader(r.model, r.opt) + "\n")
	mp, vp := stateColumns(r.opt)
	k := r.k
	cache := newSampleText(r, t)
	err := t.train(r, bw, func(b []byte, rec *Receipt) []byte {
		b = strconv.AppendInt(b, int64(rec.Epoch), 10)
		b = append(b, ',')
		if r.prob.setup.Mode != Batch {
			b = strconv.AppendInt(b, int64(rec.Index), 10)
		}
		b = append(b, ',')
		switch {
		case cache != nil:
			xt, yt := cache.get(rec.Index, rec.X, rec.Y, appendShort)
			b = append(append(append(b, xt...), ','), yt...)
		case rec.Size == 1:
			b = appendShort(b, rec.X)
			b = appendShort(append(b, ','), rec.Y)
		default:
			b = append(b, ',')
		}
		for j := 0; j < k; j++ {
			b = appendShort(append(b, ','), rec.Grad[j])
		}
		for j := 0; j < k; j++ {
			b = appendShort(append(b, ','), rec.After[j])
		}
		b = appendShort(append(b, ','), rec.LossAfter)
		b = appendShort(append(b, ','), r.MSE())
		for j := 0; j < k && mp != ""; j++ {
			b = appendShort(append(b, ','), rec.Opt.M[j])
		}
		for j := 0; j < k && vp != ""; j++ {
			b = appendShort(append(b, ','), rec.Opt.V[j])
		}
		return append(b, '\n')
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// number is a float64 that encoding/json writes as null when it is not
// finite.
type number float64

// MarshalJSON writes n as encoding/json writes a float64, or null.
func (n number) MarshalJSON() ([]byte, error) { return appendJSON(nil, float64(n)), nil }

// params is a vector as a JSON object keyed by the model's parameter
// names, in the model's order.
type params struct {
	keys []string // from jsonKeys
	v    Vec
}

// MarshalJSON writes the object.
func (p params) MarshalJSON() ([]byte, error) { return appendParams(nil, p.keys, &p.v), nil }

// jsonKeys returns the model's parameter names as JSON keys: "w":
func jsonKeys(m Model) []string {
	keys := make([]string, len(m.params))
	for j, p := range m.params {
		k, _ := json.Marshal(p)
		keys[j] = string(k) + ":"
	}
	return keys
}

// appendParams appends v as an object keyed by keys (from jsonKeys).
func appendParams(b []byte, keys []string, v *Vec) []byte {
	b = append(b, '{')
	for j, key := range keys {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendJSON(append(b, key...), v[j])
	}
	return append(b, '}')
}

// The JSON transcript's objects other than the trajectory, written by
// encoding/json.
type (
	jsonSettings struct {
		Optimizer jsonOptimizer `json:"optimizer"`
		Data      string        `json:"data"`
		Points    int           `json:"points"`
		Model     string        `json:"model"`
		Formula   string        `json:"formula"`
		Mode      string        `json:"mode"`
		Batch     int           `json:"batch"`
		Shuffle   bool          `json:"shuffle"`
		Seed      uint64        `json:"seed"`
		LR        number        `json:"lr"`
		Init      params        `json:"init"`
		Epochs    int           `json:"epochs"`
		Predict   number        `json:"predict"`
	}
	jsonOptimizer struct {
		Name     string `json:"name"`
		Momentum number `json:"momentum"`
		Beta1    number `json:"beta1"`
		Beta2    number `json:"beta2"`
		Eps      number `json:"eps"`
		Alpha    number `json:"alpha"`
	}
	jsonAnalysis struct {
		Optimum         params      `json:"optimum"`
		OptimumMSE      number      `json:"optimum_mse"`
		Hessian         [][]number  `json:"hessian"`
		Condition       number      `json:"condition"`
		Factor          number      `json:"factor"`
		Regime          string      `json:"regime"`
		LRMaxStable     number      `json:"lr_max_stable"`
		StableIntervals [][2]number `json:"stable_intervals"`
	}
	jsonFinal struct {
		Params  params `json:"params"`
		MSE     number `json:"mse"`
		Predict number `json:"predict"`
		Status  string `json:"status"`
	}
)

// writeJSONField writes "name":value and then end, the value by
// encoding/json on one line, without escaping <, > and &.
func writeJSONField(bw *bufio.Writer, name string, v any, end string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	bw.WriteString("\"" + name + "\":")
	bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	_, err := bw.WriteString(end)
	return err
}

// WriteJSON trains r for t.Epochs epochs and writes one JSON object with
// the settings, the analysis, the trajectory (one entry per update, or
// the updates t.Every and t.PerEpoch choose) and the final state. Numbers
// that are not finite are written as null. Updates taken by WriteJSON
// cannot be undone.
func WriteJSON(w io.Writer, r *Run, t Transcript) error {
	bw := bufio.NewWriterSize(w, writeBuffer)
	setup := r.prob.setup
	a := r.Analysis()
	m := r.model
	o := r.opt
	keys := jsonKeys(m)
	settings := jsonSettings{
		Optimizer: jsonOptimizer{o.Kind.String(), number(o.Momentum), number(o.Beta1), number(o.Beta2), number(o.Eps), number(o.Alpha)},
		Data:      t.Data, Points: r.n, Model: m.name, Formula: m.formula, Mode: setup.Mode.String(),
		Batch: r.size, Shuffle: setup.Shuffle, Seed: setup.Seed, LR: number(r.lr), Init: params{keys, r.init},
		Epochs: t.Epochs, Predict: number(t.Predict),
	}
	analysis := jsonAnalysis{
		Optimum: params{keys, a.Optimum}, OptimumMSE: number(a.OptimumMSE), Condition: number(a.Condition),
		Factor: number(a.Factor), Regime: a.Regime.String(), LRMaxStable: number(a.LRMaxStable),
		StableIntervals: [][2]number{},
	}
	for i := 0; i < m.NumParams(); i++ {
		row := make([]number, m.NumParams())
		for j := range row {
			row[j] = number(a.Hessian[i][j])
		}
		analysis.Hessian = append(analysis.Hessian, row)
	}
	for _, iv := range a.StableIntervals {
		analysis.StableIntervals = append(analysis.StableIntervals, [2]number{number(iv[0]), number(iv[1])})
	}
	bw.WriteString("{\n")
	if err := writeJSONField(bw, "settings", settings, ",\n"); err != nil {
		return err
	}
	if err := writeJSONField(bw, "analysis", analysis, ",\n"); err != nil {
		return err
	}
	bw.WriteString("\"trajectory\":[")

	first := true
	cache := newSampleText(r, t)
	err := t.train(r, bw, func(b []byte, rec *Receipt) []byte {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = strconv.AppendInt(append(b, "\n{\"update\":"...), int64(rec.Update), 10)
		b = strconv.AppendInt(append(b, ",\"epoch\":"...), int64(rec.Epoch), 10)
		b = append(b, ",\"sample\":"...)
		if r.prob.setup.Mode != Batch {
			b = strconv.AppendInt(b, int64(rec.Index), 10)
		} else {
			b = append(b, "null"...)
		}
		b = strconv.AppendInt(append(b, ",\"size\":"...), int64(rec.Size), 10)
		if cache != nil {
			xt, yt := cache.get(rec.Index, rec.X, rec.Y, appendJSON)
			b = append(append(append(b, ",\"x\":"...), xt...), ",\"y\":"...)
			b = append(b, yt...)
		} else {
			b = appendJSON(append(b, ",\"x\":"...), rec.X)
			b = appendJSON(append(b, ",\"y\":"...), rec.Y)
		}
		b = appendParams(append(b, ",\"grad\":"...), keys, &rec.Grad)
		b = appendParams(append(b, ",\"params\":"...), keys, &rec.After)
		b = appendJSON(append(b, ",\"loss\":"...), rec.LossAfter)
		b = appendJSON(append(b, ",\"mse\":"...), r.MSE())
		if o.Kind != GD {
			b = strconv.AppendInt(append(b, ",\"state\":{\"t\":"...), int64(rec.Opt.T), 10)
			b = appendParams(append(b, ",\"m\":"...), keys, &rec.Opt.M)
			b = appendParams(append(b, ",\"v\":"...), keys, &rec.Opt.V)
			b = append(b, '}')
		}
		return append(b, '}')
	})
	if err != nil {
		return err
	}
	bw.WriteString("],\n")
	final := jsonFinal{params{keys, r.p}, number(r.MSE()), number(r.Predict(t.Predict)), r.Status().String()}
	if err := writeJSONField(bw, "final", final, "\n}\n"); err != nil {
		return err
	}
	return bw.Flush()
}
