package ui

import (
	"math"
	"strings"

	"descent/engine"
)

// receipt writes out r's last update with every number filled in, in
// lines of at most w columns: the prediction, the loss, each partial
// derivative, the update of each parameter (with the optimizer's rule
// written out), and Δ of each parameter and of the loss. Its numbers have
// the layout's digits (every digit Python would print on wide screens);
// a line that does not fit has fewer, down to three, before anything is
// cut. Before the first update it shows the formulas. The single view and
// the lesson draw it.
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

// receiptDigits are the significant digits a receipt line tries after the
// layout's, the most first.
var receiptDigits = []int{6, 5, 4, 3}

// receiptOf writes out the update rec of run r in lines of at most w
// columns, each with as many digits as fit (receipt).
func receiptOf(c common, r *engine.Run, rec engine.Receipt, w int) []string {
	full := c.lay.digits == 0 // wide: every step written out
	out := receiptLines(c, r, rec, c.lay.digits, full)
	for _, d := range receiptDigits {
		wide := false
		for _, l := range out {
			wide = wide || displayWidth(l) > w
		}
		if !wide {
			break
		}
		alt := receiptLines(c, r, rec, d, full)
		for i, l := range out {
			if displayWidth(l) > w {
				out[i] = alt[i]
			}
		}
	}
	return append(out, deltaLine(c, r, rec, w))
}

// receiptLines writes out the update rec of run r, but for its Δ line,
// with digits significant digits (0: every digit); full writes every step
// of an optimizer's update, a line each.
func receiptLines(c common, r *engine.Run, rec engine.Receipt, digits int, full bool) []string {
	st := c.st
	mdl := r.Model()
	k := mdl.NumParams()
	names := mdl.Params()
	n := func(f float64) string { return num(f, digits) }
	var lines []string
	x, _ := r.Data()
	if rec.Size == 1 {
		lines = append(lines, st.strong.Render(c.tr("update")+" "+itoa(rec.Update))+st.subtle.Render(
			" · "+c.tr("epoch")+" "+itoa(rec.Epoch)+" · "+c.trf("sample %d of %d", rec.Index+1, len(x))+": x = "+n(rec.X)+", y = "+n(rec.Y)))
		phi := mdl.Features(rec.X)
		var terms []string
		for jj := 0; jj < k; jj++ {
			if mdl.Feature(jj) == "1" {
				terms = append(terms, paren(rec.Before[jj], digits))
			} else {
				terms = append(terms, n(phi[jj])+" × "+paren(rec.Before[jj], digits))
			}
		}
		lines = append(lines, "  "+mdl.Formula()+" = "+strings.Join(terms, " + ")+" = "+st.strong.Render(n(rec.YHat)))
		lines = append(lines, "  loss = (ŷ − y)² = ("+n(rec.YHat)+" − "+paren(rec.Y, digits)+")² = "+st.strong.Render(n(rec.LossBefore)))
		for jj := 0; jj < k; jj++ {
			factor := "2"
			if f := mdl.Feature(jj); f != "1" {
				factor = "2 × " + paren(phi[jj], digits)
			}
			grad := mdl.GradFormula(jj) + " = " + factor + " × (" + n(rec.YHat) + " − " + paren(rec.Y, digits) + ") = " + st.strong.Render(n(rec.Grad[jj]))
			upd := names[jj] + " ← " + names[jj] + " − α·∂loss/∂" + names[jj] + " = " + n(rec.Before[jj]) + " − " + n(rec.LR) + " × " + paren(rec.Grad[jj], digits) + " = " + st.current.Render(n(rec.After[jj]))
			switch {
			case k == 1 && r.Optimizer().Kind != engine.GD:
				lines = append(lines, "  "+grad)
				for _, l := range optimizerLines(c, r.Optimizer(), names[jj], rec, jj, digits, full) {
					lines = append(lines, "  "+l)
				}
			case k == 1:
				lines = append(lines, "  "+grad, "  "+upd)
			case full: // wide: every step of the update
				upd = names[jj] + " ← " + n(rec.Before[jj]) + " − " + n(rec.LR) + " × " + paren(rec.Grad[jj], digits) + " = " + st.current.Render(n(rec.After[jj]))
				lines = append(lines, "  "+grad+"   "+upd)
			default: // narrow: the new value; the Δ line below gives the step
				lines = append(lines, "  "+grad+"  ⇒ "+names[jj]+" = "+st.current.Render(n(rec.After[jj])))
			}
		}
	} else {
		what := c.trf("all %d samples, mean gradient", rec.Size)
		if rec.Size < len(x) || r.Config().Mode == engine.MiniBatch {
			what = c.trf("mini-batch of %d from sample %d", rec.Size, rec.Index+1)
		}
		lines = append(lines, st.strong.Render(c.tr("update")+" "+itoa(rec.Update))+st.subtle.Render(" · "+c.tr("epoch")+" "+itoa(rec.Epoch)+" · "+what))
		lines = append(lines, "  "+strings.Replace(mdl.Formula(), "ŷ", "ŷᵢ", 1)+c.tr(" for each sample i;")+"  loss = mean (ŷᵢ − yᵢ)² = "+st.strong.Render(n(rec.LossBefore)))
		for jj := 0; jj < k; jj++ {
			f := strings.TrimPrefix(mdl.GradFormula(jj), "∂loss/∂"+names[jj]+" = ")
			f = strings.ReplaceAll(strings.ReplaceAll(f, "ŷ − y", "ŷᵢ − yᵢ"), "xw − y", "xᵢw − yᵢ")
			f = strings.Replace(f, "2x", "2xᵢ", 1)
			lines = append(lines, "  ∂loss/∂"+names[jj]+" = mean "+f+" = "+st.strong.Render(n(rec.Grad[jj]))+
				"   "+names[jj]+" ← "+n(rec.Before[jj])+" − "+n(rec.LR)+" × "+paren(rec.Grad[jj], digits)+" = "+st.current.Render(n(rec.After[jj])))
		}
	}
	return lines
}

// deltaLine is a receipt's last line, at most w columns: Δ of each
// parameter and of the loss, with as many digits as fit, then without the
// loss's values, then without Δloss. A parameter's Δ has no more digits
// than its float64 value carries: near convergence w − α·g rounds, and Δw
// agrees with α·g only to the digits above that rounding.
func deltaLine(c common, r *engine.Run, rec engine.Receipt, w int) string {
	names := r.Model().Params()
	which := c.tr("sample")
	if rec.Size > 1 {
		which = c.tr("batch")
	}
	levels := append([]int{c.lay.digits}, receiptDigits...)
	var params, loss []string
	for _, d := range levels {
		var ds []string
		for jj := 0; jj < rec.NumParams && jj < len(names); jj++ {
			ds = append(ds, "Δ"+names[jj]+" = "+deltaText(c, r, rec, jj, d))
		}
		params = append(params, strings.Join(ds, "   "))
		loss = append(loss, "Δloss = "+signed(rec.LossAfter-rec.LossBefore, d)+" ("+which+" "+num(rec.LossBefore, d)+" → "+num(rec.LossAfter, d)+")")
	}
	loss = append(loss, "Δloss = "+signed(rec.LossAfter-rec.LossBefore, levels[len(levels)-1]))
	return "  " + c.st.subtle.Render(fitFields([]field{{at: params}, {at: loss, rank: 1}}, "   ", w-2))
}

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

// optimizerLines writes out optimizer o's update of parameter j, called
// name, with every number filled in; full writes Adam's moments with their
// products, a line each.
func optimizerLines(c common, o engine.Optimizer, name string, rec engine.Receipt, j, digits int, full bool) []string {
	n := func(f float64) string { return num(f, digits) }
	pn := func(f float64) string { return paren(f, digits) }
	t := o.Terms(rec.OptBefore, rec.Opt, rec.Grad[j], j)
	g := rec.Grad[j]
	upd := func(rule string) string {
		return name + " ← " + name + " − " + rule + " = " + n(rec.Before[j]) + " − " + n(rec.LR) + " × " + pn(t.Step) + " = " + c.st.current.Render(n(rec.After[j]))
	}
	var lines []string
	switch o.Kind {
	case engine.Momentum, engine.Nesterov:
		b := "b ← μ·b + g = " + n(o.Momentum) + " × " + pn(t.B0) + " + " + pn(g) + " = " + n(t.B)
		if t.First {
			b = "b ← g = " + n(t.B) + " " + c.tr("(the buffer starts at the first gradient)")
		}
		lines = append(lines, b)
		if o.Kind == engine.Momentum {
			lines = append(lines, upd("α·b"))
		} else {
			lines = append(lines, "g + μ·b = "+n(g)+" + "+n(o.Momentum)+" × "+pn(t.B)+" = "+n(t.Step)+";  "+upd("α·(g + μ·b)"))
		}
	case engine.Adagrad:
		lines = append(lines, "s ← s + g² = "+n(t.S0)+" + "+pn(g)+"² = "+n(t.S)+";  √s + ε = "+n(t.Denom),
			upd("α·g/(√s + ε)"))
	case engine.RMSprop:
		lines = append(lines, "s ← a·s + (1 − a)·g² = "+n(o.Alpha)+" × "+n(t.S0)+" + "+n(1-o.Alpha)+" × "+pn(g)+"² = "+n(t.S)+";  √s + ε = "+n(t.Denom),
			upd("α·g/(√s + ε)"))
	case engine.Adam:
		h := func(f float64) string { return num(f, 6) } // hyper-parameters: no float noise
		mv := []string{"m ← β1·m + (1 − β1)·g = " + n(t.M) + ";  v ← β2·v + (1 − β2)·g² = " + n(t.V)}
		if full { // wide: the products too, a line each
			mv = []string{
				"m ← β1·m + (1 − β1)·g = " + h(o.Beta1) + " × " + pn(t.M0) + " + " + h(1-o.Beta1) + " × " + pn(g) + " = " + n(t.M),
				"v ← β2·v + (1 − β2)·g² = " + h(o.Beta2) + " × " + n(t.V0) + " + " + h(1-o.Beta2) + " × " + pn(g) + "² = " + n(t.V),
			}
		}
		lines = append(lines, mv...)
		lines = append(lines,
			"m̂ = m/(1 − β1^"+itoa(rec.Opt.T)+") = "+n(t.MHat)+";  v̂ = v/(1 − β2^"+itoa(rec.Opt.T)+") = "+n(t.VHat)+";  √v̂ + ε = "+n(t.Denom),
			upd("α·m̂/(√v̂ + ε)"))
	}
	return lines
}
