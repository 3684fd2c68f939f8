package study

import "sync"

// ParallelTests returns tests that compute the same statistics as tests but,
// on each sample, run all of them at once on up to jobs goroutines (jobs ≤ 1:
// tests unchanged). [AggregatePanel] calls the tests of a sample one after the
// other; with the wrapped tests the first call computes every test of the
// sample concurrently and the others return their stored results. Each test
// reads the sample and panel only (their lazy caches are guarded by sync.Once
// or a mutex), so the summary is the same, bit for bit, for any jobs.
//
// A wrapped test called out of that order (not first, on a sample it was not
// computed for, or twice) computes its statistic directly.
func ParallelTests(tests []Test, jobs int) []Test {
	if jobs <= 1 || len(tests) < 2 {
		return tests
	}
	pr := &parallelRun{tests: tests, jobs: jobs, res: make([]Stat, len(tests)), fresh: make([]bool, len(tests))}
	out := make([]Test, len(tests))
	for i, t := range tests {
		w := t
		if t.Interval != nil {
			w.Interval = func(s Sample) (stat, p, lo, hi float64) {
				r := pr.get(i, s)
				return r.Stat, r.P, r.CILow, r.CIHigh
			}
		} else {
			w.Func = func(s Sample) (stat, p float64) {
				r := pr.get(i, s)
				return r.Stat, r.P
			}
		}
		out[i] = w
	}
	return out
}

type parallelRun struct {
	tests []Test
	jobs  int
	res   []Stat
	fresh []bool // res[i] computed for the current sample and not yet returned
	win   Window
	n     int
}

func (pr *parallelRun) get(i int, s Sample) Stat {
	if i == 0 {
		pr.computeAll(s)
	}
	if !pr.fresh[i] || s.Window != pr.win || len(s.X) != pr.n {
		return runTest(pr.tests[i], s)
	}
	pr.fresh[i] = false
	return pr.res[i]
}

func (pr *parallelRun) computeAll(s Sample) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, pr.jobs)
	for j, t := range pr.tests {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			pr.res[j] = runTest(t, s)
			<-sem
		}()
	}
	wg.Wait()
	pr.win, pr.n = s.Window, len(s.X)
	for j := range pr.fresh {
		pr.fresh[j] = true
	}
}

// runTest computes one test on s, as AggregatePanel does.
func runTest(t Test, s Sample) Stat {
	st := Stat{Test: t.Name, CILow: nan, CIHigh: nan}
	if t.Interval != nil {
		st.Stat, st.P, st.CILow, st.CIHigh = t.Interval(s)
	} else {
		st.Stat, st.P = t.Func(s)
	}
	return st
}
