package ui

import (
	"fmt"
	"strings"

	"descent/engine"
)

// receipt writes out r's last update with every number filled in, digits
// significant digits each (0: every digit Python would print): the
// prediction, the loss, each partial derivative, the update of each
// parameter (with the optimizer's rule written out), and Δ of each
// parameter and of the loss. Before the first update it shows the
// formulas. The single view and the lesson draw it.
//
// Before the first update it is as many lines high as after it, so that
// the picture above does not jump when the first update is taken.
func receipt(c common, r *engine.Run, digits int) []string {
	st := c.st
	mdl := r.Model()
	k := mdl.NumParams()
	names := mdl.Params()
	rec, ok := r.Last()
	if ok {
		return receiptOf(c, r, rec, digits)
	}
	lines := []string{
		st.strong.Render(c.tr("no update yet")) + st.subtle.Render(c.tr(" · press space or n to take the first one")),
		"  " + mdl.Formula() + "   loss = (ŷ − y)²",
	}
	for jj := 0; jj < k; jj++ {
		lines = append(lines, "  "+mdl.GradFormula(jj)+"   "+names[jj]+" ← "+names[jj]+" − α·∂loss/∂"+names[jj])
	}
	size := 2 // the first update's receipt, whose numbers do not matter here: only its height
	if _, one := r.NextSample(); one {
		size = 1
	}
	for len(lines) < len(receiptOf(c, r, engine.Receipt{Update: 1, Size: size, NumParams: k, LR: r.LR()}, digits)) {
		lines = append(lines, "")
	}
	return lines
}

// receiptOf writes out the update rec of run r.
func receiptOf(c common, r *engine.Run, rec engine.Receipt, digits int) []string {
	st := c.st
	mdl := r.Model()
	k := mdl.NumParams()
	names := mdl.Params()
	n := func(f float64) string { return num(f, digits) }
	var lines []string
	x, _ := r.Data()
	if rec.Size == 1 {
		lines = append(lines, st.strong.Render(fmt.Sprintf("%s %d", c.tr("update"), rec.Update))+st.subtle.Render(fmt.Sprintf(
			" · %s %d · %s %d %s %d: x = %s, y = %s", c.tr("epoch"), rec.Epoch, c.tr("sample"), rec.Index+1, c.tr("of"), len(x), n(rec.X), n(rec.Y))))
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
				for _, l := range optimizerLines(c, r.Optimizer(), names[jj], rec, jj, digits) {
					lines = append(lines, "  "+l)
				}
			case k == 1:
				lines = append(lines, "  "+grad, "  "+upd)
			case digits == 0: // wide: every step of the update
				upd = names[jj] + " ← " + n(rec.Before[jj]) + " − " + n(rec.LR) + " × " + paren(rec.Grad[jj], digits) + " = " + st.current.Render(n(rec.After[jj]))
				lines = append(lines, "  "+grad+"   "+upd)
			default: // narrow: the new value; the Δ line below gives the step
				lines = append(lines, "  "+grad+"  ⇒ "+names[jj]+" = "+st.current.Render(n(rec.After[jj])))
			}
		}
	} else {
		what := fmt.Sprintf("all %d samples, mean gradient", rec.Size)
		if rec.Size < len(x) || r.Config().Mode == engine.MiniBatch {
			what = fmt.Sprintf("mini-batch of %d from sample %d", rec.Size, rec.Index+1)
		}
		lines = append(lines, st.strong.Render(fmt.Sprintf("update %d", rec.Update))+st.subtle.Render(fmt.Sprintf(" · epoch %d · %s", rec.Epoch, what)))
		lines = append(lines, "  "+strings.Replace(mdl.Formula(), "ŷ", "ŷᵢ", 1)+" for each sample i;  loss = mean (ŷᵢ − yᵢ)² = "+st.strong.Render(n(rec.LossBefore)))
		for jj := 0; jj < k; jj++ {
			f := strings.TrimSuffix(strings.TrimPrefix(mdl.GradFormula(jj), "∂loss/∂"+names[jj]+" = "), "")
			f = strings.ReplaceAll(strings.ReplaceAll(f, "ŷ − y", "ŷᵢ − yᵢ"), "xw − y", "xᵢw − yᵢ")
			f = strings.Replace(f, "2x", "2xᵢ", 1)
			lines = append(lines, "  ∂loss/∂"+names[jj]+" = mean "+f+" = "+st.strong.Render(n(rec.Grad[jj]))+
				"   "+names[jj]+" ← "+n(rec.Before[jj])+" − "+n(rec.LR)+" × "+paren(rec.Grad[jj], digits)+" = "+st.current.Render(n(rec.After[jj])))
		}
	}
	var deltas []string
	for jj := 0; jj < k; jj++ {
		deltas = append(deltas, "Δ"+names[jj]+" = "+signed(rec.After[jj]-rec.Before[jj], digits))
	}
	which := c.tr("sample")
	if rec.Size > 1 {
		which = c.tr("batch")
	}
	deltas = append(deltas, fmt.Sprintf("Δloss = %s (%s %s → %s)", signed(rec.LossAfter-rec.LossBefore, digits), which, n(rec.LossBefore), n(rec.LossAfter)))
	lines = append(lines, "  "+st.subtle.Render(strings.Join(deltas, "   ")))
	return lines
}

// optimizerLines writes out optimizer o's update of parameter j, called
// name, with every number filled in.
func optimizerLines(c common, o engine.Optimizer, name string, rec engine.Receipt, j, digits int) []string {
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
			b = "b ← g = " + n(t.B) + " (the buffer starts at the first gradient)"
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
		if digits == 0 { // wide: the products too, a line each
			mv = []string{
				"m ← β1·m + (1 − β1)·g = " + h(o.Beta1) + " × " + pn(t.M0) + " + " + h(1-o.Beta1) + " × " + pn(g) + " = " + n(t.M),
				"v ← β2·v + (1 − β2)·g² = " + h(o.Beta2) + " × " + n(t.V0) + " + " + h(1-o.Beta2) + " × " + pn(g) + "² = " + n(t.V),
			}
		}
		lines = append(lines, mv...)
		lines = append(lines,
			fmt.Sprintf("m̂ = m/(1 − β1^%d) = %s;  v̂ = v/(1 − β2^%d) = %s;  √v̂ + ε = %s", rec.Opt.T, n(t.MHat), rec.Opt.T, n(t.VHat), n(t.Denom)),
			upd("α·m̂/(√v̂ + ε)"))
	}
	return lines
}
