package engine

import (
	"math"
	"math/cmplx"
	"sort"
)

type mat3 [3][3]float64

func identity(k int) mat3 {
	var m mat3
	for i := 0; i < k; i++ {
		m[i][i] = 1
	}
	return m
}

func (a mat3) mul(b mat3, k int) mat3 {
	var c mat3
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			s := 0.0
			for l := 0; l < k; l++ {
				s += a[i][l] * b[l][j]
			}
			c[i][j] = s
		}
	}
	return c
}

func symEigen(a mat3, k int) (vals [3]float64, vecs mat3) {
	v := identity(k)
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for p := 0; p < k; p++ {
			for q := p + 1; q < k; q++ {
				off += a[p][q] * a[p][q]
			}
		}
		if off < 1e-300 {
			break
		}
		for p := 0; p < k; p++ {
			for q := p + 1; q < k; q++ {
				if a[p][q] == 0 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for r := 0; r < k; r++ {
					arp, arq := a[r][p], a[r][q]
					a[r][p], a[r][q] = c*arp-s*arq, s*arp+c*arq
				}
				for r := 0; r < k; r++ {
					apr, aqr := a[p][r], a[q][r]
					a[p][r], a[q][r] = c*apr-s*aqr, s*apr+c*aqr
				}
				for r := 0; r < k; r++ {
					vrp, vrq := v[r][p], v[r][q]
					v[r][p], v[r][q] = c*vrp-s*vrq, s*vrp+c*vrq
				}
			}
		}
	}
	idx := []int{0, 1, 2}[:k]
	sort.Slice(idx, func(i, j int) bool { return a[idx[i]][idx[i]] < a[idx[j]][idx[j]] })
	for c, i := range idx {
		vals[c] = a[i][i]
		for r := 0; r < k; r++ {
			vecs[r][c] = v[r][i]
		}
	}
	return vals, vecs
}

func eigenvalues(a mat3, k int) [3]complex128 {
	var out [3]complex128
	var coef []float64 // monic: λ^k + c[0]λ^(k-1) + ...
	switch k {
	case 1:
		out[0] = complex(a[0][0], 0)
		return out
	case 2:
		coef = []float64{-(a[0][0] + a[1][1]), a[0][0]*a[1][1] - a[0][1]*a[1][0]}
	case 3:
		tr := a[0][0] + a[1][1] + a[2][2]
		m2 := a[0][0]*a[1][1] - a[0][1]*a[1][0] + a[0][0]*a[2][2] - a[0][2]*a[2][0] + a[1][1]*a[2][2] - a[1][2]*a[2][1]
		det := a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) - a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) + a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
		coef = []float64{-tr, m2, -det}
	}
	p := func(z complex128) complex128 {
		v := complex(1, 0)
		for _, c := range coef {
			v = v*z + complex(c, 0)
		}
		return v
	}
	roots := make([]complex128, k)
	for i := range roots {
		roots[i] = cmplx.Pow(complex(0.4, 0.9), complex(float64(i), 0))
	}
	for it := 0; it < 500; it++ {
		for i := range roots {
			d := complex(1, 0)
			for j := range roots {
				if j != i {
					d *= roots[i] - roots[j]
				}
			}
			if d != 0 {
				roots[i] -= p(roots[i]) / d
			}
		}
	}
	sort.Slice(roots, func(i, j int) bool { return cmplx.Abs(roots[i]) > cmplx.Abs(roots[j]) })
	copy(out[:], roots)
	return out
}

func spectralRadius(a mat3, k int) (float64, complex128) {
	ev := eigenvalues(a, k)
	return cmplx.Abs(ev[0]), ev[0]
}

func pseudoSolve(a mat3, b [3]float64, k int) [3]float64 {
	vals, vecs := symEigen(a, k)
	tol := float64(k) * 1e-13 * math.Abs(vals[k-1])
	var x [3]float64
	for c := 0; c < k; c++ {
		if vals[c] <= tol {
			continue
		}
		d := 0.0
		for r := 0; r < k; r++ {
			d += vecs[r][c] * b[r]
		}
		d /= vals[c]
		for r := 0; r < k; r++ {
			x[r] += d * vecs[r][c]
		}
	}
	return x
}
