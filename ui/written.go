package ui

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Written arithmetic: the receipt writes an update's numbers into
// equations, and an equation must read as true at the digits written.
// Nothing here computes the model: it checks the decimals a reader sees
// against each other, and chooses how many digits each quantity is
// written with so that they agree.
//
// An equation "a op b … = r" holds when the exact value v of its left
// side, each number taken as the decimal written, is less than one unit
// in the last digit of r away from r, and no nonzero term of a sum is
// lost in r (2 − 0.01 × (−4.3e−9) = 2 does not hold: the step vanished).
// A number written with 15 or more significant digits stands for a
// float64 (Python's repr), and the float64 rounding of each step is
// allowed for: 0.1 + 0.2 = 0.30000000000000004 holds.

// sheet holds the quantities of one receipt: each value and the
// significant digits it is written with.
type sheet struct {
	v      []float64
	digits []int  // 1…16, or 0: every digit (Python's repr)
	most   []int  // the most digits a quantity may take (0: repr)
	fixed  []bool // written as given, never with more digits (hyper-parameters)
	bumped []bool // has taken more digits: never fewer again
	zeros  []bool // written with the zeros that say it is not the round number it rounds to
	group  []int  // quantities written alike (equal values); −1: none
	cache  []cached
	ver    []int // each change of a quantity's writing counts one up
}

// cached is a quantity as written, with what the checks read of it.
type cached struct {
	text   string
	f, u   float64  // its value and the unit in its last digit, in float64
	long   bool     // written at float64's precision
	finite bool     // a number, not ∞ or NaN
	exact  *big.Rat // its exact value, once asked for
	unit   *big.Rat // the unit in its last digit, once asked for
	ok     bool     // text is set
}

// add enters value v, written with digits digits, and returns its index.
// Quantities of the same value are written alike: the three derivatives
// of one sample's 2x(ŷ − y) at x = 1 read the same.
func (s *sheet) add(v float64, digits int) int {
	s.v = append(s.v, v)
	s.digits = append(s.digits, digits)
	s.most = append(s.most, 0)
	s.fixed = append(s.fixed, false)
	s.bumped = append(s.bumped, false)
	s.zeros = append(s.zeros, false)
	s.group = append(s.group, -1)
	s.cache = append(s.cache, cached{})
	s.ver = append(s.ver, 1)
	q := len(s.v) - 1
	for i := range q {
		if s.v[i] == v && !s.fixed[i] {
			s.alike(i, q)
			break
		}
	}
	return q
}

// constant enters a value written with digits digits that never takes
// more: a hyper-parameter such as μ = 0.9.
func (s *sheet) constant(v float64, digits int) int {
	q := s.add(v, digits)
	s.group[q] = -1
	s.fixed[q] = true
	return q
}

// alike makes quantities a and b, and those written alike with either,
// take the same digits.
func (s *sheet) alike(a, b int) {
	ga, gb := s.group[a], s.group[b]
	if ga < 0 {
		ga = a
	}
	for i := range s.group {
		if i == b || gb >= 0 && s.group[i] == gb {
			s.group[i] = ga
		}
	}
	s.group[a] = ga
}

// members calls f with q and each quantity written alike.
func (s *sheet) members(q int, f func(i int)) {
	for i := range s.v {
		if i == q || s.group[q] >= 0 && s.group[i] == s.group[q] {
			f(i)
		}
	}
}

// text is quantity q as written.
func (s *sheet) text(q int) string { return s.get(q).text }

// get is quantity q as written, with its values, computed once for its
// digits.
func (s *sheet) get(q int) *cached {
	c := &s.cache[q]
	if !c.ok {
		if s.zeros[q] {
			c.text = written(s.v[q], s.digits[q])
		} else {
			c.text = num(s.v[q], s.digits[q])
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(c.text, "−", "-"), 64)
		c.f, c.finite = f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
		c.u = unitF(c.text)
		c.long = sigDigits(strings.Split(c.text, "e")[0]) >= floatDigits
		c.ok = true
	}
	return c
}

// exactOf is quantity q's exact value as written; nil for ∞ and NaN.
func (s *sheet) exactOf(q int) *big.Rat {
	c := s.get(q)
	if c.exact == nil && c.finite {
		c.exact, _ = decimal(c.text)
	}
	return c.exact
}

// unitOf is the unit in the last digit of quantity q as written.
func (s *sheet) unitOf(q int) *big.Rat {
	c := s.get(q)
	if c.unit == nil {
		c.unit = unit(c.text)
	}
	return c.unit
}

// setDigits writes q with d digits.
func (s *sheet) setDigits(q, d int) {
	if s.digits[q] != d {
		s.digits[q] = d
		s.cache[q] = cached{}
		s.ver[q]++
	}
}

// bumpable reports whether q can take one more digit.
func (s *sheet) bumpable(q int) bool {
	d := s.digits[q]
	return !s.fixed[q] && d != 0 && (s.most[q] == 0 || d < s.most[q])
}

// bump writes q, and the quantities written alike, with one more digit:
// after 16 every digit.
func (s *sheet) bump(q int) {
	d := s.digits[q] + 1
	if d > 16 {
		d = 0
	}
	s.members(q, func(i int) {
		if s.digits[i] != 0 && (s.digits[i] < d || d == 0) {
			s.setDigits(i, d)
		}
		s.bumped[i] = true
	})
}

// coarsen writes e's result, and the quantities written alike, with one
// digit fewer, where e allows it and none of them has taken more digits:
// a difference of close numbers has fewer significant digits than they,
// (5.821522 − 6)² = 0.0318544 where 0.03185444 would be a unit off. It
// reports whether it did.
func (s *sheet) coarsen(e *equation) bool {
	d := s.digits[e.res]
	ok := e.fewest > 0 && d > e.fewest
	s.members(e.res, func(i int) { ok = ok && !s.bumped[i] && !s.fixed[i] })
	if ok {
		s.members(e.res, func(i int) { s.setDigits(i, d-1) })
	}
	return ok
}

// written formats f with digits significant digits like num, but keeps
// the zeros that say a value is not the round number it rounds to:
// 1.99999999 is "2.000000" with seven digits, while 0.8835999999999999 —
// one unit in float64's last place from 0.8836 — stays "0.8836".
func written(f float64, digits int) string {
	s := num(f, digits)
	if digits <= 0 || f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return s
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, "−", "-"), 64)
	if a := math.Abs(f); err != nil || math.Abs(v-f) <= math.Nextafter(a, math.Inf(1))-a { // one unit in float64's last place
		return s
	}
	mant, exp, hasExp := strings.Cut(s, "e")
	if n := sigDigits(mant); n < digits {
		if !strings.Contains(mant, ".") {
			if strings.HasSuffix(strings.TrimLeft(mant, "−"), "0") { // a whole number's zeros are ambiguous
				return s
			}
			mant += "."
		}
		mant += strings.Repeat("0", digits-n)
	}
	if hasExp {
		return mant + "e" + exp
	}
	return mant
}

// sigDigits counts the significant digits of a written mantissa.
func sigDigits(mant string) int {
	m := strings.TrimLeft(strings.ReplaceAll(strings.TrimLeft(mant, "+−-"), ".", ""), "0")
	return len(m)
}

// term is written arithmetic: a quantity, a constant, or an operation on
// terms.
type term struct {
	op   byte // 'q' a quantity, 'k' a constant, '+', '-', '*', '2' (squared)
	q    int
	k    string
	a, b *term
}

func qt(q int) *term         { return &term{op: 'q', q: q} }
func kt(k string) *term      { return &term{op: 'k', k: k} }
func plus(a, b *term) *term  { return &term{op: '+', a: a, b: b} }
func minus(a, b *term) *term { return &term{op: '-', a: a, b: b} }
func times(a, b *term) *term { return &term{op: '*', a: a, b: b} }
func squared(a *term) *term  { return &term{op: '2', a: a} }
func (t *term) sum() bool    { return t.op == '+' || t.op == '-' }
func (s *sheet) leaf(t *term) string {
	if t.op == 'k' {
		return t.k
	}
	return s.text(t.q)
}

// show writes t; lead says it starts the expression, where a negative
// number needs no parentheses: −14.4 + 0.9 × (−22.9).
func (s *sheet) show(t *term, lead bool) string {
	wrap := func(u *term, lead bool) string {
		if u.sum() {
			return "(" + s.show(u, true) + ")"
		}
		return s.show(u, lead)
	}
	switch t.op {
	case '+', '-':
		op := " + "
		if t.op == '-' {
			op = " − "
		}
		right := s.show(t.b, false)
		if t.b.sum() {
			right = "(" + s.show(t.b, true) + ")"
		}
		return s.show(t.a, lead) + op + right
	case '*':
		return wrap(t.a, lead) + " × " + wrap(t.b, false)
	case '2':
		if b := t.a; b.op == 'q' || b.op == 'k' {
			if x := s.leaf(b); !strings.HasPrefix(x, "−") && !strings.Contains(x, "e") {
				return x + "²"
			}
		}
		return "(" + s.show(t.a, true) + ")²"
	}
	x := s.leaf(t)
	if !lead && strings.HasPrefix(x, "−") {
		return "(" + x + ")"
	}
	return x
}

// decimal is a written number's exact value; false for ∞ and NaN.
func decimal(x string) (*big.Rat, bool) {
	return new(big.Rat).SetString(strings.ReplaceAll(x, "−", "-"))
}

// unit is one unit in the last digit of the written number x.
func unit(x string) *big.Rat {
	u, _ := new(big.Rat).SetString("1e" + strconv.Itoa(lastDigit(x)))
	return u
}

// lastDigit is the power of ten of the written number x's last digit.
func lastDigit(x string) int {
	mant, exp, _ := strings.Cut(x, "e")
	e := 0
	if exp != "" {
		e, _ = strconv.Atoi(strings.ReplaceAll(strings.TrimPrefix(exp, "+"), "−", "-"))
	}
	if i := strings.Index(mant, "."); i >= 0 {
		e -= len(mant) - i - 1
	}
	return e
}

// floatDigits is how many significant digits make a written number a
// float64 written out (repr), whose last digits carry the float's
// rounding.
const floatDigits = 15

// value is a term's exact value from its written numbers, with a radius
// for the float64 rounding of numbers written at float64's precision.
type value struct {
	v, rad *big.Rat
	float  bool // a number at float64's precision takes part
}

// rat is a new rational number, 0.
func rat() *big.Rat { return new(big.Rat) }

// ulpRel is 2⁻⁵², float64's relative spacing.
var ulpRel = new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 52))

// eval is t's value; false when a number of t is not finite.
func (s *sheet) eval(t *term) (value, bool) {
	switch t.op {
	case 'q', 'k':
		x := s.leaf(t)
		var v *big.Rat
		ok := true
		if t.op == 'q' {
			v = s.exactOf(t.q)
			ok = v != nil
		} else {
			v, ok = decimal(x)
		}
		if !ok {
			return value{}, false
		}
		r := rat()
		fl := sigDigits(strings.Split(x, "e")[0]) >= floatDigits
		if fl {
			r.Abs(v).Mul(r, ulpRel)
		}
		return value{v, r, fl}, true
	}
	a, ok := s.eval(t.a)
	if !ok {
		return value{}, false
	}
	b := a
	if t.op != '2' {
		if b, ok = s.eval(t.b); !ok {
			return value{}, false
		}
	}
	out := value{v: rat(), rad: rat(), float: a.float || b.float}
	switch t.op {
	case '+':
		out.v.Add(a.v, b.v)
		out.rad.Add(a.rad, b.rad)
	case '-':
		out.v.Sub(a.v, b.v)
		out.rad.Add(a.rad, b.rad)
	default: // '*', '2'
		out.v.Mul(a.v, b.v)
		x, y := rat().Abs(a.v), rat().Abs(b.v)
		out.rad.Add(x.Mul(x, b.rad), y.Mul(y, a.rad))
		out.rad.Add(out.rad, rat().Mul(a.rad, b.rad))
	}
	if out.float { // the float64 rounding of this step
		out.rad.Add(out.rad, rat().Mul(rat().Abs(out.v), ulpRel))
	}
	return out, true
}

// terms are the top-level terms of t's sum, each with its sign.
func terms(t *term) []*term {
	if !t.sum() {
		return []*term{t}
	}
	r := []*term{t.b}
	if t.op == '-' {
		r = []*term{{op: '*', a: &term{op: 'k', k: "-1"}, b: t.b}}
	}
	return append(terms(t.a), r...)
}

// equation is written arithmetic t = the quantity res; approx writes it
// with ≈, where float64 rounded a term of t away.
type equation struct {
	t      *term
	res    int
	fewest int // > 0: the result may drop to this many digits before its terms take more
	// resolve asks the result to show each nonzero term of the sum: no
	// term smaller than a unit in its last digit. An update's step must
	// show in w's new value: 1.99999998 − 0.01 × (−2.96e−07) = 1.999999983,
	// not 2.000000.
	resolve bool
	approx  bool
	failed  bool  // no digits make it hold: not written
	qs      []int // the quantities of t and res, once known
	memo    [2]struct {
		key int
		ok  bool
	} // holds, strict and loose, at the versions key of qs
}

// holds reports whether e reads as true as written (see the top of this
// file); loose leaves out the rule that no term of a sum is lost, for ≈.
func (s *sheet) holds(e *equation, loose bool) bool {
	if e.qs == nil {
		var walk func(t *term)
		walk = func(t *term) {
			if t != nil {
				if t.op == 'q' {
					e.qs = append(e.qs, t.q)
				}
				walk(t.a)
				walk(t.b)
			}
		}
		walk(e.t)
		e.qs = append(e.qs, e.res)
	}
	key := 0
	for _, q := range e.qs {
		key += s.ver[q]
	}
	m := &e.memo[0]
	if loose {
		m = &e.memo[1]
	}
	if m.key != key {
		m.key, m.ok = key, s.check(e, loose)
	}
	return m.ok
}

// check is holds, computed.
func (s *sheet) check(e *equation, loose bool) bool {
	if ok, sure := s.quick(e, loose); sure {
		return ok
	}
	lhs, ok := s.eval(e.t)
	r := s.exactOf(e.res)
	if !ok || r == nil {
		return true // ∞ or NaN: nothing to check
	}
	rt := s.text(e.res)
	tol := new(big.Rat).Set(s.unitOf(e.res))
	tol.Add(tol, lhs.rad)
	if lhs.float || sigDigits(strings.Split(rt, "e")[0]) >= floatDigits {
		tol.Add(tol, rat().Mul(rat().Abs(r), rat().Add(ulpRel, ulpRel)))
	}
	if d := rat().Sub(lhs.v, r); d.Abs(d).Cmp(tol) >= 0 {
		return false
	}
	if loose {
		return true
	}
	ts := terms(e.t)
	if len(ts) < 2 {
		return true
	}
	vals := make([]*big.Rat, len(ts))
	for i, u := range ts {
		v, _ := s.eval(u)
		vals[i] = v.v
	}
	for i := range vals {
		if e.resolve && vals[i].Sign() != 0 && rat().Abs(vals[i]).Cmp(s.unitOf(e.res)) < 0 {
			return false // a term below the result's last digit
		}
		if vals[i].Cmp(r) != 0 {
			continue
		}
		for j := range vals {
			if j != i && vals[j].Sign() != 0 {
				return false // r is one term: the others were lost
			}
		}
	}
	return true
}

// quick is holds in float64, where float64's rounding cannot change the
// answer: sure is false when it might, or when a number is written at
// float64's precision, and holds must compute exactly.
func (s *sheet) quick(e *equation, loose bool) (ok, sure bool) {
	r := s.get(e.res)
	if !r.finite || s.long(e.res) {
		return !r.finite, !r.finite
	}
	finite := true
	var walk func(t *term)
	walk = func(t *term) {
		if t == nil {
			return
		}
		if t.op == 'q' && (!s.get(t.q).finite || s.long(t.q)) {
			finite = false
		}
		walk(t.a)
		walk(t.b)
	}
	walk(e.t)
	if !finite {
		return false, false
	}
	const rel = 0x1p-48 // far more than a few float64 roundings
	v, size := s.float(e.t, s.asWritten, false), s.float(e.t, s.asWritten, true)
	slack := (size + math.Abs(r.f)) * rel
	u := r.u
	d := math.Abs(v - r.f)
	if math.IsInf(size, 0) || math.IsNaN(d) || math.IsInf(d, 0) || u == 0 || math.IsInf(u, 0) {
		return false, false
	}
	switch {
	case d-slack > u:
		return false, true
	case d+slack >= u:
		return false, false
	}
	if loose || !e.t.sum() {
		return true, true
	}
	for _, tm := range terms(e.t) {
		t := s.float(tm, s.asWritten, false)
		if math.Abs(t-r.f) <= slack {
			return false, false
		}
		if e.resolve && t != 0 {
			switch a := math.Abs(t); {
			case a < u*(1-rel):
				return false, true
			case a <= u*(1+rel):
				return false, false
			}
		}
	}
	return true, true
}

// long reports whether q is written at float64's precision.
func (s *sheet) long(q int) bool { return s.get(q).long }

// unitF is unit in float64.
func unitF(x string) float64 { return math.Pow10(lastDigit(x)) }

// guilty is the quantity of e whose rounding moves e's left side most and
// that can take another digit, or −1.
func (s *sheet) guilty(e *equation) int {
	best, most := -1, -1.0
	seen := map[int]bool{}
	var leaves func(t *term)
	leaves = func(t *term) {
		if t == nil {
			return
		}
		if q := t.q; t.op == 'q' && !seen[q] {
			seen[q] = true
			if s.bumpable(q) && s.asWritten(q) != s.v[q] {
				but := func(i int) float64 {
					if i == q {
						return s.v[i]
					}
					return s.asWritten(i)
				}
				if d := math.Abs(s.float(e.t, but, false) - s.float(e.t, s.asWritten, false)); d > most {
					best, most = q, d
				}
			}
		}
		leaves(t.a)
		leaves(t.b)
	}
	leaves(e.t)
	return best
}

// float evaluates t in float64, each quantity q taking the value leaf(q);
// abs adds magnitudes instead, a bound of the numbers the evaluation
// meets.
func (s *sheet) float(t *term, leaf func(q int) float64, abs bool) float64 {
	m := func(v float64) float64 {
		if abs {
			return math.Abs(v)
		}
		return v
	}
	switch t.op {
	case 'q':
		return m(leaf(t.q))
	case 'k':
		v, _ := strconv.ParseFloat(strings.ReplaceAll(t.k, "−", "-"), 64)
		return m(v)
	case '+':
		return s.float(t.a, leaf, abs) + s.float(t.b, leaf, abs)
	case '-':
		if abs {
			return s.float(t.a, leaf, abs) + s.float(t.b, leaf, abs)
		}
		return s.float(t.a, leaf, abs) - s.float(t.b, leaf, abs)
	case '*':
		return s.float(t.a, leaf, abs) * s.float(t.b, leaf, abs)
	}
	a := s.float(t.a, leaf, abs)
	return a * a
}

// asWritten and asIs are the values float takes: each quantity as
// written, or its true value.
func (s *sheet) asWritten(q int) float64 { return s.get(q).f }
func (s *sheet) asIs(q int) float64      { return s.v[q] }

// settle gives the quantities of eqs the digits that make every equation
// hold, one digit at a time to the quantity whose rounding matters most.
// An equation float64 rounded a term of (hopeless) gets no digits: it is
// written with ≈; one that no digits make hold is marked failed. A
// result rounded to a round number beside terms written with more
// decimals keeps its zeros: 3 × 1.99999999999992 = 6.000000, not 6.
func (s *sheet) settle(eqs []*equation) {
	live := make([]bool, len(eqs))
	for i, e := range eqs {
		live[i] = !s.hopeless(e)
	}
	for range 3 {
		s.bumpAll(eqs, live)
		again := false
		for i, e := range eqs {
			if live[i] && !s.zeros[e.res] && s.finer(e.t, s.unitOf(e.res)) {
				s.members(e.res, func(j int) { s.zeros[j], s.cache[j], s.ver[j] = true, cached{}, s.ver[j]+1 })
				again = again || s.text(e.res) != num(s.v[e.res], s.digits[e.res])
			}
		}
		if !again {
			break
		}
	}
	for _, e := range eqs {
		e.approx, e.failed = false, false
		if !s.holds(e, false) {
			e.approx = s.holds(e, true)
			e.failed = !e.approx
		}
	}
}

// bumpAll gives digits until every live equation holds.
func (s *sheet) bumpAll(eqs []*equation, live []bool) {
	for range 200 {
		changed := false
		for i, e := range eqs {
			if !live[i] || s.holds(e, false) {
				continue
			}
			// Fewer digits in the result help where it is too far from
			// the terms, not where a term is lost in it.
			loose := s.holds(e, true)
			switch {
			case !loose && s.coarsen(e):
				changed = true
			case loose && e.resolve && s.bumpable(e.res):
				s.bump(e.res) // a step to show
				changed = true
			default:
				if q := s.guilty(e); q >= 0 {
					s.bump(q)
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// finer reports whether a quantity of t is written with a last digit
// finer than u.
func (s *sheet) finer(t *term, u *big.Rat) bool {
	if t == nil {
		return false
	}
	if t.op == 'q' && !s.fixed[t.q] {
		if s.get(t.q).finite && s.unitOf(t.q).Cmp(u) < 0 {
			return true
		}
	}
	return s.finer(t.a, u) || s.finer(t.b, u)
}

// hopeless reports whether e cannot hold at any digits: float64 rounded
// a nonzero term of its sum away (w − α·g = w where α·g is below half a
// unit in w's last place), and no digits can show it.
func (s *sheet) hopeless(e *equation) bool {
	if !e.t.sum() {
		return false
	}
	ts := terms(e.t)
	for i, t := range ts {
		if s.float(t, s.asIs, false) != s.v[e.res] {
			continue
		}
		for j, u := range ts {
			if j != i && s.float(u, s.asIs, false) != 0 {
				return true
			}
		}
	}
	return false
}
