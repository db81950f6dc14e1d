package ui

import (
	"math"
	"strings"

	"descent/engine"
)

// receipt writes out r's last update with every number filled in, in
// lines of at most w columns: the prediction, the loss, each partial
// derivative, the update of each parameter (with the optimizer's rule
// written out), and Δ of each parameter and of the loss. Before the first
// update it shows the formulas. The single view and the lesson draw it.
//
// Every equation reads as true at the digits written (written.go): a
// quantity takes the digits that make the arithmetic it enters agree —
// near convergence w = 1.9999998, not 2, in 3 × w = 5.999999 — and where
// ŷ and y agree to more digits than are worth writing, the loss and the
// derivative take ŷ − y itself. One quantity reads the same on every line.
// On wide screens the numbers have every digit Python would print; where a
// line does not fit, the whole receipt takes fewer digits, down to three,
// and then a line drops whole fields (formulas, then the arithmetic, then
// secondary equations), never part of a number.
//
// Before the first update it is as many lines high as after it, so that
// the picture above does not jump when the first update is taken.
func receipt(c common, r *engine.Run, w int) []string {
	st := c.st
	mdl := r.Model()
	k := mdl.NumParams()
	names := mdl.Params()
	if rec, ok := r.Last(); ok {
		return receiptOf(c, r, rec, w)
	}
	lines := []string{
		firstFit(w, st.strong.Render(c.tr("no update yet"))+st.subtle.Render(" · "+c.tr(c.firstUpdateHint())), st.strong.Render(c.tr("no update yet"))),
		"  " + mdl.Formula() + "   loss = (ŷ − y)²",
	}
	for jj := 0; jj < k; jj++ {
		lines = append(lines, "  "+mdl.GradFormula(jj)+"   "+names[jj]+" ← "+names[jj]+" − α·∂loss/∂"+names[jj])
	}
	size := 2 // the first update's receipt, whose numbers do not matter here: only its height
	if _, one := r.NextSample(); one {
		size = 1
	}
	for len(lines) < len(receiptOf(c, r, engine.Receipt{Update: 1, Size: size, NumParams: k, LR: r.LR()}, w)) {
		lines = append(lines, "")
	}
	return lines
}

// firstUpdateHint is what the receipt says before the first update: the
// lesson has its own keys.
func (c common) firstUpdateHint() string {
	if c.lesson {
		return "press space to take the first one"
	}
	return "press space or n to take the first one"
}

// The ranks of a receipt line's fields: a line too wide at three digits
// drops its notes, then its formulas, then its arithmetic, then its
// secondary equations.
const (
	kept        = iota // never dropped
	rankChain          // a secondary equation, as √s + ε = …
	rankCalc           // the arithmetic written out
	rankFormula        // a formula between the name and the numbers
	rankNote           // a note in words
	rankAll            // a limit that drops nothing
)

// part is one field of a chain: a formula (text), the arithmetic of an
// equation (eq), or a result (the quantity res, painted).
type part struct {
	text  string
	eq    *equation // arithmetic: eq.t written out
	res   int       // a result, or −1
	of    *equation // the equation whose result res is: ≈ when it is approximate
	paint painter
	rank  int
}

// chain is an equation as written: head (ŷ =, w ←), its parts joined by
// =, and a note in words after.
type chain struct {
	head  string
	parts []part
	note  string
	rank  int
}

// rline is one line of a receipt: how it is written when fields of rank
// limit and above are dropped.
type rline func(limit int) string

func formula(s string, rank int) part { return part{text: s, res: -1, rank: rank} }
func calc(e *equation) part           { return part{eq: e, res: -1, rank: rankCalc} }
func result(q int, e *equation, p painter) part {
	return part{res: q, of: e, paint: p}
}

// draw writes ch with the fields of rank limit and above dropped.
func (s *sheet) draw(ch chain, limit int) string {
	if ch.rank != kept && ch.rank >= limit {
		return ""
	}
	out := ch.head
	prev := -1 // the last part written
	for i, p := range ch.parts {
		if p.rank != kept && p.rank >= limit || p.eq != nil && p.eq.failed {
			continue
		}
		sep := " = "
		if prev >= 0 && ch.parts[prev].eq != nil && p.of == ch.parts[prev].eq && p.of.approx {
			sep = " ≈ "
		}
		if prev < 0 {
			sep = " "
		}
		switch {
		case p.eq != nil:
			out += sep + s.show(p.eq.t, true)
		case p.res >= 0:
			out += sep + p.paint.Render(s.text(p.res))
		default:
			out += sep + p.text
		}
		prev = i
	}
	if ch.note != "" && limit > rankNote {
		out += " " + ch.note
	}
	return out
}

// chains writes chains on one line, after two spaces, each after its
// separator.
func (s *sheet) chains(seps []string, chs ...chain) rline {
	return func(limit int) string {
		out := "  "
		for i, ch := range chs {
			t := s.draw(ch, limit)
			if t == "" {
				continue
			}
			if i > 0 && out != "  " {
				out += seps[i-1]
			}
			out += t
		}
		return out
	}
}

// receiptOf writes out the update rec of run r in lines of at most w
// columns: with every digit on wide screens, else with seven significant
// digits, or fewer; each line takes the first of its variants that fits,
// from every field to fewer (rline). The receipt takes the most digits
// at which every line fits whole, but for a line too wide even at three
// digits, which drops fields at whichever digits the others take, and
// for the header and the Δ line, which drop their least fields (the
// epoch, the loss before and after) rather than take digits from the
// equations.
func receiptOf(c common, r *engine.Run, rec engine.Receipt, w int) []string {
	full := c.lay.digits == 0 // wide: every step written out
	levels := []int{7, 6, 5, 4, 3}
	if full {
		levels = append([]int{0}, levels...)
	}
	widths := map[string]int{}
	width := func(s string) int {
		n, ok := widths[s]
		if !ok {
			n = displayWidth(s)
			widths[s] = n
		}
		return n
	}
	// limit is the first variant of a line that fits at the fewest
	// digits: at more digits it may drop no more.
	limit := func(l rline) int {
		for lim := rankAll; lim > kept+1; lim-- {
			if width(l(lim)) <= w {
				return lim
			}
		}
		return kept + 1
	}
	var lowest []rline // the lines at the fewest digits, and the limits they
	var limits []int   // fit at: built only when a line does not fit whole
	atFewest := func() {
		if lowest == nil {
			lowest = receiptLines(c, r, rec, levels[len(levels)-1], full, w)
			for _, l := range lowest {
				limits = append(limits, limit(l))
			}
		}
	}
	whole := func(ls []rline) bool {
		for _, l := range ls[1 : len(ls)-1] { // the header and the Δ line drop fields instead
			if width(l(rankAll)) > w {
				return false
			}
		}
		return true
	}
	fit := func(ls []rline) bool {
		if whole(ls) {
			return true
		}
		atFewest()
		for i, l := range ls[1 : len(ls)-1] {
			if width(l(limits[i+1])) > w {
				return false
			}
		}
		return true
	}
	var lines []rline
	for _, d := range levels[:len(levels)-1] {
		if d == 0 { // every digit, where they fit whole: nothing to settle would make a line shorter
			if ls, _, _, _ := receiptSheet(c, r, rec, d, full, w, false); !whole(ls) {
				continue
			}
		}
		if ls := receiptLines(c, r, rec, d, full, w); fit(ls) {
			lines = ls
			break
		}
	}
	if lines == nil {
		atFewest()
		lines = lowest
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l(limit(l))
	}
	return out
}

// receiptLines writes out the update rec of run r with digits significant
// digits (0: every digit), each quantity with the digits that make its
// equations hold; full writes every step of an optimizer's update, a line
// each.
func receiptLines(c common, r *engine.Run, rec engine.Receipt, digits int, full bool, w int) []rline {
	// ŷ − y has log10(|ŷ|/|ŷ − y|) digits fewer than ŷ: past what ŷ may
	// take (3 digits more than the receipt's), the loss and the
	// derivatives write ŷ − y itself at once; and so they do where ŷ and
	// y fail with any digits ŷ may take.
	d := math.Abs(rec.YHat - rec.Y)
	diff := rec.Size == 1 && digits > 0 && d != 0 &&
		float64(max(digits-2, 3))+math.Log10(math.Abs(rec.YHat)/d) > float64(digits+3)
	lines, s, eqs, diffs := receiptSheet(c, r, rec, digits, full, w, diff)
	s.settle(eqs)
	for _, e := range diffs {
		if e.failed {
			lines, s, eqs, _ = receiptSheet(c, r, rec, digits, full, w, true)
			s.settle(eqs)
			break
		}
	}
	return lines
}

// receiptSheet sets out the quantities, equations and lines of the
// update rec; diff writes the loss and the derivatives with ŷ − y's value
// rather than ŷ and y. It returns the equations that use ŷ and y.
func receiptSheet(c common, r *engine.Run, rec engine.Receipt, digits int, full bool, w int, diff bool) ([]rline, *sheet, []*equation, []*equation) {
	st := c.st
	mdl := r.Model()
	k := min(mdl.NumParams(), rec.NumParams)
	names := mdl.Params()
	o := r.Optimizer()
	s := &sheet{}
	n := func(f float64) int { return s.add(f, digits) }
	var eqs, diffs []*equation
	eq := func(t *term, res int) *equation {
		e := &equation{t: t, res: res}
		eqs = append(eqs, e)
		return e
	}
	before, after, grad := make([]int, k), make([]int, k), make([]int, k)
	for j := range k {
		before[j], after[j] = n(rec.Before[j]), n(rec.After[j])
	}
	lossB := n(rec.LossBefore)
	lossA := n(rec.LossAfter)
	lr := n(rec.LR)
	var lines []rline
	x, _ := r.Data()
	// update writes the update of parameter j by step (a quantity) as a
	// chain: name ← rule = before − α × step = after.
	update := func(j, step int, rule string) chain {
		e := eq(minus(qt(before[j]), times(qt(lr), qt(step))), after[j])
		e.fewest, e.resolve = max(digits-1, 3), true
		ch := chain{head: names[j] + " ←", parts: []part{calc(e), result(after[j], e, st.current)}}
		if rule != "" {
			ch.parts = append([]part{formula(rule, rankFormula)}, ch.parts...)
		}
		return ch
	}
	// put writes parameter j's derivative g and its update: the
	// optimizer's lines for one parameter; plain gradient descent on a
	// line of its own for one parameter and one sample, else beside g
	// where there is room (a batch, a wide screen); else the new value
	// only, the Δ line giving the step.
	put := func(j int, g chain) {
		switch {
		case k == 1 && o.Kind != engine.GD:
			lines = append(lines, s.chains(nil, g))
			lines = append(lines, optimizerLines(c, s, o, names[0], rec, digits, full, grad[0], update, eq)...)
		case k == 1 && o.Kind == engine.GD && rec.Size == 1:
			lines = append(lines, s.chains(nil, g), s.chains(nil, update(j, grad[j], names[j]+" − α·∂loss/∂"+names[j])))
		case o.Kind == engine.GD && (rec.Size > 1 || full):
			lines = append(lines, s.chains([]string{"   "}, g, update(j, grad[j], "")))
		default:
			lines = append(lines, s.chains([]string{"  ⇒ "}, g, chain{head: names[j] + " =", parts: []part{result(after[j], nil, st.current)}}))
		}
	}
	gradHead := func(j int) (string, string) {
		h, f, _ := strings.Cut(mdl.GradFormula(j), " = ")
		return h + " =", f
	}
	if rec.Size == 1 {
		xq, yq := n(rec.X), n(rec.Y)
		phi := mdl.Features(rec.X)
		feat := make([]int, k) // φⱼ(x) as a quantity; −1 for the constant 1
		var yt *term
		for j := range k {
			var tj *term
			switch mdl.Feature(j) {
			case "1":
				feat[j] = -1
				tj = qt(before[j])
			case "x":
				feat[j] = xq
			default:
				feat[j] = n(phi[j])
			}
			if feat[j] >= 0 {
				tj = times(qt(feat[j]), qt(before[j]))
			}
			if yt == nil {
				yt = tj
			} else {
				yt = plus(yt, tj)
			}
		}
		yhat := n(rec.YHat)
		var res *term // ŷ − y as written in the loss and the derivatives
		if diff {
			res = qt(n(rec.YHat - rec.Y))
			// ŷ keeps its zeros: 6.000000 beside ŷ − y = −1.8e−15, not 6.
			s.members(yhat, func(i int) { s.zeros[i] = true })
		} else {
			res = minus(qt(yhat), qt(yq))
			if digits > 0 {
				s.most[yhat] = digits + 3
			}
		}
		header := func(limit int) string {
			head := st.strong.Render(c.tr("update") + " " + itoa(rec.Update))
			epoch := " · " + c.tr("epoch") + " " + itoa(rec.Epoch)
			sample := " · " + c.trf("sample %d of %d", rec.Index+1, len(x))
			xy := ": x = " + s.text(xq) + ", y = " + s.text(yq)
			switch {
			case limit > rankCalc:
				return head + st.subtle.Render(epoch+sample+xy)
			case limit > rankChain:
				return head + st.subtle.Render(sample+xy)
			}
			return head + st.subtle.Render(sample)
		}
		lines = append(lines, header)
		fh, ff, _ := strings.Cut(mdl.Formula(), " = ")
		ey := eq(yt, yhat)
		lines = append(lines, s.chains(nil, chain{head: fh + " =", parts: []part{formula(ff, rankFormula), calc(ey), result(yhat, ey, st.strong)}}))
		el := eq(squared(res), lossB)
		el.fewest = max(digits-2, 3)
		diffs = append(diffs, el)
		lines = append(lines, s.chains(nil, chain{head: "loss =", parts: []part{formula("(ŷ − y)²", rankFormula), calc(el), result(lossB, el, st.strong)}}))
		for j := range k {
			grad[j] = n(rec.Grad[j])
			factor := kt("2")
			if feat[j] >= 0 {
				factor = times(factor, qt(feat[j]))
			}
			eg := eq(times(factor, res), grad[j])
			eg.fewest = max(digits-2, 3)
			diffs = append(diffs, eg)
			h, f := gradHead(j)
			put(j, chain{head: h, parts: []part{formula(f, rankFormula), calc(eg), result(grad[j], eg, st.strong)}})
		}
	} else {
		what := c.trf("all %d samples, mean gradient", rec.Size)
		if rec.Size < len(x) || r.Config().Mode == engine.MiniBatch {
			what = c.trf("mini-batch of %d from sample %d", rec.Size, rec.Index+1)
		}
		lines = append(lines, func(limit int) string {
			head := st.strong.Render(c.tr("update") + " " + itoa(rec.Update))
			if limit > rankCalc {
				return head + st.subtle.Render(" · "+c.tr("epoch")+" "+itoa(rec.Epoch)+" · "+what)
			}
			return head + st.subtle.Render(" · "+what)
		})
		lines = append(lines, s.chains([]string{"  "},
			chain{head: strings.Replace(mdl.Formula(), "ŷ", "ŷᵢ", 1) + c.tr(" for each sample i;"), rank: rankChain},
			chain{head: "loss =", parts: []part{formula("mean (ŷᵢ − yᵢ)²", rankFormula), result(lossB, nil, st.strong)}}))
		for j := range k {
			grad[j] = n(rec.Grad[j])
			h, f := gradHead(j)
			f = strings.ReplaceAll(strings.ReplaceAll(f, "ŷ − y", "ŷᵢ − yᵢ"), "xw − y", "xᵢw − yᵢ")
			f = strings.Replace(f, "2x", "2xᵢ", 1)
			put(j, chain{head: h, parts: []part{formula("mean "+f, rankFormula), result(grad[j], nil, st.strong)}})
		}
	}
	lines = append(lines, deltaLine(c, r, rec, s, digits, lossB, lossA, eq, w))
	return lines, s, eqs, diffs
}

// deltaLine is a receipt's last line: Δ of each parameter and of the
// loss with its values before and after, the parameters' Δ with fewer
// digits, then without the loss's values, then without Δloss. A parameter's
// Δ has no more digits than its float64 value carries: near convergence
// w − α·g rounds, and Δw agrees with α·g only to the digits above that
// rounding.
func deltaLine(c common, r *engine.Run, rec engine.Receipt, s *sheet, digits, lossB, lossA int, eq func(*term, int) *equation, w int) rline {
	names := r.Model().Params()
	which := c.tr("sample")
	if rec.Size > 1 {
		which = c.tr("batch")
	}
	dq := s.add(rec.LossAfter-rec.LossBefore, digits)
	e := eq(minus(qt(lossA), qt(lossB)), dq)
	e.fewest = min(digits, 1)
	return func(limit int) string {
		params := func(digits int) string {
			var ds []string
			for jj := 0; jj < rec.NumParams && jj < len(names); jj++ {
				ds = append(ds, "Δ"+names[jj]+" = "+deltaText(c, r, rec, jj, digits))
			}
			return strings.Join(ds, "   ")
		}
		d := s.text(dq)
		if rec.LossAfter > rec.LossBefore {
			d = "+" + d
		}
		short := "Δloss = " + d
		full := short + " (" + which + " " + s.text(lossB) + " → " + s.text(lossA) + ")"
		if e.failed || e.approx {
			full = short
		}
		// Δ of the parameters is written here only: it takes fewer
		// digits before the loss's values go.
		var variants []string
		for _, dd := range append([]int{digits}, receiptDigits...) {
			if digits == 0 || dd <= digits {
				variants = append(variants, params(dd)+"   "+full)
			}
		}
		variants = append(variants, params(3)+"   "+short, params(3))
		if limit == rankAll {
			return "  " + c.st.subtle.Render(variants[0])
		}
		return "  " + c.st.subtle.Render(firstFit(w-2, variants...))
	}
}

// receiptDigits are the significant digits the Δ line's parameters try
// after the receipt's, the most first.
var receiptDigits = []int{6, 5, 4, 3}

// deltaText writes the change of parameter j in update rec with at most
// digits significant digits (0: all), and no more than the parameter's
// float64 value carries; a change that rounded away says so.
func deltaText(c common, r *engine.Run, rec engine.Receipt, j, digits int) string {
	before, after := rec.Before[j], rec.After[j]
	d := after - before
	if d == 0 {
		if r.Optimizer().Kind == engine.GD && rec.Grad[j] != 0 && rec.LR*rec.Grad[j] != 0 {
			return "0 " + c.trf("(α·g = %s rounds away)", num(rec.LR*rec.Grad[j], 2))
		}
		return "0"
	}
	big := math.Max(math.Abs(before), math.Abs(after))
	ulp := math.Nextafter(big, math.Inf(1)) - big
	carried := max(int(math.Floor(math.Log10(math.Abs(d)/ulp))), 1)
	if digits <= 0 || digits > carried {
		digits = carried
	}
	return signed(d, min(digits, 17))
}

// optimizerLines writes out optimizer o's update of the one parameter,
// called name, whose gradient is the quantity g of sheet s; full writes
// Adam's moments with their products, a line each.
func optimizerLines(c common, s *sheet, o engine.Optimizer, name string, rec engine.Receipt, digits int, full bool, g int,
	update func(j, step int, rule string) chain, eq func(*term, int) *equation) []rline {
	n := func(f float64) int { return s.add(f, digits) }
	h := func(f float64) *term { return qt(s.constant(f, 6)) } // hyper-parameters: no float noise
	t := o.Terms(rec.OptBefore, rec.Opt, rec.Grad[0], 0)
	res := func(q int, e *equation) part { return result(q, e, painter{}) }
	semi := []string{";  ", ";  "}
	var lines []rline
	switch o.Kind {
	case engine.Momentum, engine.Nesterov:
		b := n(t.B)
		bc := chain{head: "b ←", parts: []part{formula("g", kept), res(b, nil)}, note: c.tr("(the buffer starts at the first gradient)")}
		if !t.First {
			b0 := n(t.B0)
			e := eq(plus(times(h(o.Momentum), qt(b0)), qt(g)), b)
			bc = chain{head: "b ←", parts: []part{formula("μ·b + g", rankFormula), calc(e), res(b, e)}}
		}
		lines = append(lines, s.chains(nil, bc))
		if o.Kind == engine.Momentum {
			lines = append(lines, s.chains(nil, update(0, b, name+" − α·b")))
		} else {
			step := n(t.Step)
			e := eq(plus(qt(g), times(h(o.Momentum), qt(b))), step)
			lines = append(lines, s.chains(nil, chain{head: "g + μ·b =", parts: []part{calc(e), res(step, e)}}),
				s.chains(nil, update(0, step, name+" − α·(g + μ·b)")))
		}
	case engine.Adagrad, engine.RMSprop:
		s0, s1 := n(t.S0), n(t.S)
		sum, rule := plus(qt(s0), squared(qt(g))), "s + g²"
		if o.Kind == engine.RMSprop {
			sum, rule = plus(times(h(o.Alpha), qt(s0)), times(h(1-o.Alpha), squared(qt(g)))), "a·s + (1 − a)·g²"
		}
		e := eq(sum, s1)
		lines = append(lines,
			s.chains(semi, chain{head: "s ←", parts: []part{formula(rule, rankFormula), calc(e), res(s1, e)}},
				chain{head: "√s + ε =", parts: []part{res(n(t.Denom), nil)}, rank: rankChain}),
			s.chains(nil, update(0, n(t.Step), name+" − α·g/(√s + ε)")))
	case engine.Adam:
		m, v := n(t.M), n(t.V)
		mc := chain{head: "m ←", parts: []part{formula("β1·m + (1 − β1)·g", rankFormula), res(m, nil)}}
		vc := chain{head: "v ←", parts: []part{formula("β2·v + (1 − β2)·g²", rankFormula), res(v, nil)}}
		if full { // wide: the products too, a line each
			em := eq(plus(times(h(o.Beta1), qt(n(t.M0))), times(h(1-o.Beta1), qt(g))), m)
			ev := eq(plus(times(h(o.Beta2), qt(n(t.V0))), times(h(1-o.Beta2), squared(qt(g)))), v)
			mc.parts = []part{mc.parts[0], calc(em), res(m, em)}
			vc.parts = []part{vc.parts[0], calc(ev), res(v, ev)}
			lines = append(lines, s.chains(nil, mc), s.chains(nil, vc))
		} else {
			lines = append(lines, s.chains(semi, mc, vc))
		}
		tt := itoa(rec.Opt.T)
		lines = append(lines,
			s.chains(semi,
				chain{head: "m̂ =", parts: []part{formula("m/(1 − β1^"+tt+")", rankFormula), res(n(t.MHat), nil)}},
				chain{head: "v̂ =", parts: []part{formula("v/(1 − β2^"+tt+")", rankFormula), res(n(t.VHat), nil)}},
				chain{head: "√v̂ + ε =", parts: []part{res(n(t.Denom), nil)}, rank: rankChain}),
			s.chains(nil, update(0, n(t.Step), name+" − α·m̂/(√v̂ + ε)")))
	}
	return lines
}
