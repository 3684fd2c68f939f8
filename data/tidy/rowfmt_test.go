package tidy

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/study"
)

// rowsReference is Writer.Rows as it was written first, one FormatFloat,
// Format and Itoa per cell: the reference for the buffered formatter.
func (w *Writer) rowsReference(r *study.Result, q Quality, extra []string) Rows {
	e, f := r.Event, r.Fit
	if f.N == 0 { // no fit: blank parameters
		f.Alpha, f.Beta, f.Sigma, f.R2 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	var out Rows
	zv := ""
	if q.Volume {
		zv = strconv.Itoa(q.ZeroVolumeDays)
	}
	out.Event = append([]string{Text(e.ID), Text(e.Symbol), Text(e.VendorSymbol), Text(e.Name), Text(e.Market), Date(e.Date), Date(r.Day0),
		string(r.Status), Text(r.Message), w.model, Date(f.EstStart), Date(f.EstEnd),
		strconv.Itoa(f.N), Float(f.Alpha), Float(f.Beta), Float(f.Sigma), Float(f.R2), garchCell(f, f.Omega), garchCell(f, f.ARCH), garchCell(f, f.GARCH),
		strconv.Itoa(q.MissingDays), strconv.Itoa(q.StaleDays), strconv.Itoa(q.SplitJumps), zv, Text(q.Confounding), Text(q.Note)},
		appendText(nil, extra)...)
	for _, d := range r.Days {
		out.ARs = append(out.ARs, append([]string{Text(e.ID), Text(e.Symbol), strconv.Itoa(d.RelDay), Date(d.Date),
			Float(d.Ret), Float(d.MarketRet), Float(d.Expected), Float(d.AR), Float(d.SE),
			Float(d.T), Float(d.P), Float(d.CAR)}, appendText(nil, extra)...))
	}
	for _, c := range r.CARs {
		out.CARs = append(out.CARs, append([]string{Text(e.ID), Text(e.Symbol), strconv.Itoa(c.Window.Start), strconv.Itoa(c.Window.End),
			strconv.Itoa(c.NDays), Float(c.CAR), Float(c.SE), Float(c.T), Float(c.P), Float(c.BHAR)}, appendText(nil, extra)...))
	}
	return out
}

// The buffered formatter gives the reference's cells on random results:
// NaN, ±Inf, tiny, huge and integral numbers, zero dates, years outside
// 0..9999, negative and large integers, formula-like text and extra columns.
func TestRowsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	num := func() float64 {
		switch rng.IntN(8) {
		case 0:
			return math.NaN()
		case 1:
			return math.Inf(1 - 2*rng.IntN(2))
		case 2:
			return math.Ldexp(rng.NormFloat64(), rng.IntN(2000)-1000)
		case 3:
			return float64(rng.IntN(2000) - 1000)
		default:
			return rng.NormFloat64() * 0.01
		}
	}
	date := func() time.Time {
		switch rng.IntN(10) {
		case 0:
			return time.Time{}
		case 1:
			return time.Date(rng.IntN(30000)-10000, 3, 4, 0, 0, 0, 0, time.UTC)
		default:
			return time.Date(1990+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		}
	}
	text := []string{"", "AAPL", "=1+2", "-5", "+x", "@a", "x,y", "note \"q\""}
	w := &Writer{model: "market"}
	for trial := range 300 {
		r := study.Result{Event: study.Event{ID: text[rng.IntN(len(text))], Symbol: "FB", VendorSymbol: "META", Name: text[rng.IntN(len(text))], Market: "^GSPC", Date: date()},
			Day0: date(), Status: study.StatusOK, Message: text[rng.IntN(len(text))]}
		r.Fit = study.Fit{EstStart: date(), EstEnd: date(), N: rng.IntN(300) - 5, Alpha: num(), Beta: num(), Sigma: num(), R2: num(),
			Omega: num(), ARCH: num(), GARCH: num()}
		if rng.IntN(2) == 0 {
			r.Fit.Model = study.MarketGARCH
		}
		for k := range rng.IntN(25) {
			r.Days = append(r.Days, study.Day{RelDay: k - 10 - rng.IntN(200), Date: date(), Ret: num(), MarketRet: num(),
				Expected: num(), AR: num(), SE: num(), T: num(), P: num(), CAR: num()})
		}
		for range rng.IntN(5) {
			r.CARs = append(r.CARs, study.CAR{Window: study.Window{Start: -rng.IntN(300), End: rng.IntN(300)}, NDays: rng.IntN(400),
				CAR: num(), SE: num(), T: num(), P: num(), BHAR: num()})
		}
		q := Quality{MissingDays: rng.IntN(500), StaleDays: rng.IntN(5), SplitJumps: rng.IntN(150), ZeroVolumeDays: rng.IntN(9), Volume: rng.IntN(2) == 0, Confounding: "E1;E2", Note: text[rng.IntN(len(text))]}
		var extra []string
		for range rng.IntN(3) {
			extra = append(extra, text[rng.IntN(len(text))])
		}
		got, want := w.Rows(&r, q, extra), w.rowsReference(&r, q, extra)
		eq := slices.Equal(got.Event, want.Event) && len(got.ARs) == len(want.ARs) && len(got.CARs) == len(want.CARs)
		for i := range min(len(got.ARs), len(want.ARs)) {
			eq = eq && slices.Equal(got.ARs[i], want.ARs[i])
		}
		for i := range min(len(got.CARs), len(want.CARs)) {
			eq = eq && slices.Equal(got.CARs[i], want.CARs[i])
		}
		if !eq {
			t.Fatalf("trial %d:\n got %q %q %q\nwant %q %q %q", trial, got.Event, got.ARs, got.CARs, want.Event, want.ARs, want.CARs)
		}
		// Encode's lines are encoding/csv's encoding of the same cells.
		lines := w.Encode(&r, q, extra).lines
		for i, rows := range [][][]string{{want.Event}, want.ARs, want.CARs} {
			var sb strings.Builder
			cw := csv.NewWriter(&sb)
			cw.WriteAll(rows)
			if string(lines[i]) != sb.String() {
				t.Fatalf("trial %d table %d: Encode gives\n%q\nwant\n%q", trial, i, lines[i], sb.String())
			}
		}
	}
}

// appendCSVField quotes exactly as encoding/csv does: quotes, commas, CR,
// LF, leading Unicode spaces, \. and invalid UTF-8.
func TestAppendCSVField(t *testing.T) {
	pieces := []string{"", "a", "\"", ",", "\r", "\n", " ", "\t", "\u00a0", "\u2003", "\\.", "\\", ".", "é", "\xff", "=", "1.5e-07"}
	rng := rand.New(rand.NewPCG(6, 6))
	for range 5000 {
		var f strings.Builder
		for range rng.IntN(4) {
			f.WriteString(pieces[rng.IntN(len(pieces))])
		}
		var sb strings.Builder
		cw := csv.NewWriter(&sb)
		cw.Write([]string{f.String()})
		cw.Flush()
		if got, want := string(appendCSVField(nil, f.String()))+"\n", sb.String(); got != want {
			t.Fatalf("appendCSVField(%q) = %q, want %q", f.String(), got, want)
		}
	}
}

// BenchmarkRows formats one event of 21 days and 4 CAR windows.
func BenchmarkRows(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	r := study.Result{Event: study.Event{ID: "E1", Symbol: "FB", Market: "^GSPC", Date: time.Date(2018, 7, 26, 0, 0, 0, 0, time.UTC)},
		Status: study.StatusOK, Fit: study.Fit{N: 250, Alpha: 1e-4, Beta: 1.1, Sigma: 0.02, R2: 0.3}}
	for k := range 21 {
		r.Days = append(r.Days, study.Day{RelDay: k - 10, Date: time.Date(2018, 7, 16+k, 0, 0, 0, 0, time.UTC), Ret: rng.NormFloat64(),
			MarketRet: rng.NormFloat64(), Expected: rng.NormFloat64(), AR: rng.NormFloat64(), SE: rng.Float64(), T: rng.NormFloat64(), P: rng.Float64(), CAR: rng.NormFloat64()})
	}
	for range 4 {
		r.CARs = append(r.CARs, study.CAR{Window: study.Window{Start: -1, End: 1}, NDays: 3, CAR: rng.NormFloat64(), SE: rng.Float64(), T: rng.NormFloat64(), P: rng.Float64(), BHAR: rng.NormFloat64()})
	}
	w := &Writer{model: "market"}
	for _, impl := range []struct {
		name string
		f    func(*study.Result, Quality, []string) Rows
	}{{"buffered", w.Rows}, {"reference", w.rowsReference}} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				impl.f(&r, Quality{}, nil)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// garchCell is a GARCH parameter's cell: empty unless the model is GARCH.
func garchCell(f study.Fit, x float64) string {
	if f.Model != study.MarketGARCH {
		return ""
	}
	return Float(x)
}

// A failed event (unknown_symbol, out_of_range, data_error: no fit) has
// blank alpha, beta, sigma and r2, as insufficient_estimation has, not
// zeros that read as estimates (issue 13); in Parquet they are null.
func TestFailedEventBlankFit(t *testing.T) {
	w := &Writer{model: "market"}
	r := &study.Result{Event: study.Event{ID: "E7", Symbol: "SYNZ", Market: "SYNMKT"}, Status: study.StatusUnknownSymbol,
		Message: "firm SYNZ: unknown symbol"}
	row := w.Rows(r, Quality{}, nil).Event
	for _, col := range []string{"alpha", "beta", "sigma", "r2"} {
		i := slices.Index(EventsColumns, col)
		if row[i] != "" {
			t.Errorf("%s = %q, want blank", col, row[i])
		}
	}
	if i := slices.Index(EventsColumns, "n_est"); row[i] != "0" {
		t.Errorf("n_est = %q, want 0", row[i])
	}
}
