package main

import (
	"fmt"
	"math"
)

// num formats x with d decimals, or "n/a".
func num(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.*f", d, x)
}

// pctCell formats a fraction as a signed percentage with two decimals.
func pctCell(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f%%", 100*x)
}
