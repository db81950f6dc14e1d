package engine

import (
	"math"
	"math/cmplx"
)

// Temporary stand-in until linalg6.go lands: orders up to 3 only.

type mat6 [6][6]float64

func eigenvalues6(a mat6, n int) [6]complex128 {
	var out [6]complex128
	if n > 3 {
		for i := range out {
			out[i] = complex(math.NaN(), 0)
		}
		return out
	}
	var b mat3
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			b[i][j] = a[i][j]
		}
	}
	ev := eigenvalues(b, n)
	copy(out[:], ev[:n])
	return out
}

func spectralRadius6(a mat6, n int) (float64, complex128) {
	ev := eigenvalues6(a, n)
	return cmplx.Abs(ev[0]), ev[0]
}
