package cache

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/internal/testdate"
)

var day = testdate.Day

func open(t testing.TB, path string) *Cache {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "cache.db")
	}
	c, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// synth returns a bar on every NYSE trading day of from..to with adjusted
// close base+i·0.5 (i = bar index).
func synth(from, to time.Time, base float64) []data.Bar {
	var out []data.Bar
	for i, d := range calendar.NYSE().Days(from, to) {
		p := base + float64(i)*0.5
		out = append(out, data.Bar{Date: d, Open: p, High: p + 1, Low: p - 1, Close: p, AdjClose: p, Volume: int64(1000 + i)})
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	c := open(t, "")
	ctx := context.Background()
	bars := synth(day("2018-08-01"), day("2018-08-10"), 100)
	bars[2].AdjClose, bars[2].Close, bars[2].Volume = math.NaN(), math.NaN(), -1
	if err := c.Put(ctx, "yahoo", "FB", Range{day("2018-08-01"), day("2018-08-10")}, bars); err != nil {
		t.Fatal(err)
	}
	got, err := c.Bars(ctx, "yahoo", "FB", day("2018-07-01"), day("2018-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(bars) {
		t.Fatalf("%d bars, want %d", len(got), len(bars))
	}
	for i := range bars {
		w, g := bars[i], got[i]
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if !g.Date.Equal(w.Date) || !same(g.Close, w.Close) || !same(g.AdjClose, w.AdjClose) || g.Volume != w.Volume || g.Open != w.Open {
			t.Errorf("bar %d = %+v, want %+v", i, g, w)
		}
	}
	if v, _ := c.Vintage(ctx, "yahoo", "FB"); v != 1 {
		t.Errorf("vintage = %d, want 1", v)
	}
}

func TestMissing(t *testing.T) {
	c := open(t, "")
	ctx := context.Background()
	cal := calendar.NYSE()
	// Covered 2018-08-01..08-10 with bars, and 2018-12-03..12-07 without any
	// (as if the source had none): both count as known.
	if err := c.Put(ctx, "yahoo", "FB", Range{day("2018-08-01"), day("2018-08-10")}, synth(day("2018-08-01"), day("2018-08-10"), 1)); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(ctx, "yahoo", "FB", Range{day("2018-12-03"), day("2018-12-07")}, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from, to string
		want     string
	}{
		{"2018-08-01", "2018-08-10", ""},
		{"2018-07-27", "2018-08-14", "2018-07-27..2018-07-31 2018-08-13..2018-08-14"},
		{"2018-08-04", "2018-08-05", ""}, // a weekend is never missing
		{"2018-11-30", "2018-12-11", "2018-11-30 2018-12-10..2018-12-11"},
		{"2018-12-24", "2018-12-27", "2018-12-24..2018-12-27"}, // one run: Christmas is not a trading day
	}
	for _, tt := range tests {
		got, err := c.Missing(ctx, "yahoo", "FB", day(tt.from), day(tt.to), cal)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, r := range got {
			s = append(s, r.String())
		}
		if strings.Join(s, " ") != tt.want {
			t.Errorf("Missing(%s..%s) = %q, want %q", tt.from, tt.to, strings.Join(s, " "), tt.want)
		}
	}
	// Another source or symbol shares nothing.
	if got, _ := c.Missing(ctx, "stooq", "FB", day("2018-08-06"), day("2018-08-06"), cal); len(got) != 1 {
		t.Errorf("stooq FB missing = %v, want the one day", got)
	}
	cov, _ := c.Coverage(ctx, "yahoo", "FB")
	if len(cov) != 2 || cov[0].String() != "2018-08-01..2018-08-10" {
		t.Errorf("Coverage = %v", cov)
	}
}

func TestVintage(t *testing.T) {
	c := open(t, "")
	ctx := context.Background()
	old := synth(day("2018-08-01"), day("2018-08-31"), 100)
	if err := c.Put(ctx, "yahoo", "AAPL", Range{day("2018-08-01"), day("2018-08-31")}, old); err != nil {
		t.Fatal(err)
	}
	// Same values again (overlap within tolerance: a float32 wobble) are fine.
	same := synth(day("2018-08-27"), day("2018-09-07"), old[18].AdjClose)
	same[0].AdjClose *= 1 + 1e-7
	if err := c.Put(ctx, "yahoo", "AAPL", Range{day("2018-08-27"), day("2018-09-07")}, same); err != nil {
		t.Fatalf("Put within tolerance: %v", err)
	}
	// A dividend re-adjustment scales history by 0.995: nothing is written.
	adj := synth(day("2018-08-27"), day("2018-09-14"), old[18].AdjClose)
	for i := range adj {
		adj[i].AdjClose *= 0.995
	}
	err := c.Put(ctx, "yahoo", "AAPL", Range{day("2018-08-27"), day("2018-09-14")}, adj)
	var verr *VintageError
	if !errors.As(err, &verr) || !errors.Is(err, ErrVintageChanged) {
		t.Fatalf("Put of re-adjusted history: err = %v, want *VintageError", err)
	}
	if !verr.FirstDiff.Equal(day("2018-08-27")) || math.Abs(verr.MaxRel-0.005) > 1e-6 || verr.Days != 9 {
		t.Errorf("VintageError = %+v, want first 2018-08-27, max 0.005, 9 days", verr)
	}
	if miss, _ := c.Missing(ctx, "yahoo", "AAPL", day("2018-09-10"), day("2018-09-14"), calendar.NYSE()); len(miss) != 1 {
		t.Errorf("rejected Put left coverage behind: missing = %v", miss)
	}
	// Replace the whole series.
	all := synth(day("2018-08-01"), day("2018-09-14"), 100)
	for i := range all {
		all[i].AdjClose *= 0.995
	}
	if err := c.Replace(ctx, "yahoo", "AAPL", Range{day("2018-08-01"), day("2018-09-14")}, all, verr, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Bars(ctx, "yahoo", "AAPL", day("2018-01-01"), day("2019-01-01"))
	if len(got) != len(all) || got[0].AdjClose != all[0].AdjClose {
		t.Errorf("after Replace: %d bars, first adj %v; want %d, %v", len(got), got[0].AdjClose, len(all), all[0].AdjClose)
	}
	if v, _ := c.Vintage(ctx, "yahoo", "AAPL"); v != 2 {
		t.Errorf("vintage = %d, want 2", v)
	}
	ch, err := c.VintageChanges(ctx, "yahoo", "")
	if err != nil || len(ch) != 1 || ch[0].Old != 1 || ch[0].New != 2 || !ch[0].FirstDiff.Equal(day("2018-08-27")) || !strings.Contains(ch[0].Note, "9 days differ") {
		t.Errorf("VintageChanges = %+v, %v", ch, err)
	}
}

func TestAdmin(t *testing.T) {
	c := open(t, "")
	ctx := context.Background()
	for _, sym := range []string{"FB", "^GSPC", "AAPL"} {
		if err := c.Put(ctx, "yahoo", sym, Range{day("2018-08-01"), day("2018-08-07")}, synth(day("2018-08-01"), day("2018-08-07"), 10)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Put(ctx, "stooq", "FB", Range{day("2018-08-06"), day("2018-08-06")}, synth(day("2018-08-06"), day("2018-08-06"), 10)); err != nil {
		t.Fatal(err)
	}
	ls, err := c.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ls {
		names = append(names, fmt.Sprintf("%s/%s:%d", e.Source, e.Symbol, e.Bars))
	}
	if got := strings.Join(names, " "); got != "stooq/FB:1 yahoo/AAPL:5 yahoo/FB:5 yahoo/^GSPC:5" {
		t.Errorf("List = %s", got)
	}
	if !ls[1].First.Equal(day("2018-08-01")) || !ls[1].Last.Equal(day("2018-08-07")) || ls[1].Vintage != 1 {
		t.Errorf("List entry = %+v", ls[1])
	}
	var buf bytes.Buffer
	if err := c.Export(ctx, &buf, "yahoo", "FB"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 6 || lines[0] != strings.Join(ExportHeader, ",") || !strings.HasPrefix(lines[1], "yahoo,FB,2018-08-01,10,11,9,10,10,1000,") {
		t.Errorf("Export =\n%s", buf.String())
	}
	n, err := c.Remove(ctx, "yahoo", "FB", "AAPL")
	if err != nil || n != 2 {
		t.Fatalf("Remove = %d, %v; want 2", n, err)
	}
	if ls, _ := c.List(ctx, "yahoo"); len(ls) != 1 || ls[0].Symbol != "^GSPC" {
		t.Errorf("after Remove: %+v", ls)
	}
	if miss, _ := c.Missing(ctx, "yahoo", "FB", day("2018-08-06"), day("2018-08-06"), calendar.NYSE()); len(miss) != 1 {
		t.Errorf("removed series still covered")
	}
	if err := c.PutFile(ctx, "french/F-F_Research_Data_Factors_daily", []byte("zip")); err != nil {
		t.Fatal(err)
	}
	if b, _, ok, err := c.File(ctx, "french/F-F_Research_Data_Factors_daily"); !ok || err != nil || string(b) != "zip" {
		t.Errorf("File = %q %v %v", b, ok, err)
	}
}

// Child processes: the test binary re-executed with childEnv set.
const childEnv = "EVENTSTUDY_CACHE_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(child(role))
	}
	os.Exit(m.Run())
}

// child fills the cache named by EVENTSTUDY_CACHE_TEST_PATH. Role "fill:K"
// writes symbols S0..S39 with base K (the writers agree on values so the
// vintages agree); role "die" opens a transaction, writes, reports "ready"
// and waits to be killed.
func child(role string) int {
	path := os.Getenv("EVENTSTUDY_CACHE_TEST_PATH")
	c, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	switch {
	case strings.HasPrefix(role, "fill"):
		for i := range 40 {
			sym := fmt.Sprintf("S%02d", i)
			bars := synth(day("2017-01-01"), day("2018-12-31"), float64(10+i))
			if err := c.Put(ctx, "yahoo", sym, Range{day("2017-01-01"), day("2018-12-31")}, bars); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 3
			}
		}
		return 0
	case role == "die":
		tx, err := c.db.BeginTx(ctx, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		if err := insert(tx, "yahoo", "DEAD", Range{day("2018-01-02"), day("2018-12-31")}, synth(day("2018-01-02"), day("2018-12-31"), 5), 1, 1); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 5
		}
		fmt.Println("ready")
		time.Sleep(time.Minute) // killed long before
		return 6
	}
	return 7
}

func startChild(t *testing.T, path, role string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, "EVENTSTUDY_CACHE_TEST_PATH="+path)
	return cmd
}

// TestTwoProcesses: two processes and this one fill the same cache at once.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for k := range 2 {
		cmd := startChild(t, path, fmt.Sprintf("fill:%d", k))
		var out bytes.Buffer
		cmd.Stderr, cmd.Stdout = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, &out)
	}
	// Meanwhile, a third writer and a reader in this process.
	c := open(t, path)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Go(func() {
		for i := range 40 {
			sym := fmt.Sprintf("P%02d", i)
			if err := c.Put(ctx, "yahoo", sym, Range{day("2018-01-02"), day("2018-12-31")}, synth(day("2018-01-02"), day("2018-12-31"), 1)); err != nil {
				errs <- err
			}
		}
	})
	wg.Go(func() {
		for range 40 {
			if _, err := c.List(ctx, ""); err != nil {
				errs <- err
			}
		}
	})
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i, err, outs[i])
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := len(calendar.NYSE().Days(day("2017-01-01"), day("2018-12-31")))
	ls, err := c.List(ctx, "yahoo")
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 80 {
		t.Errorf("%d series, want 80", len(ls))
	}
	for _, e := range ls {
		if strings.HasPrefix(e.Symbol, "S") && e.Bars != want {
			t.Errorf("%s: %d bars, want %d", e.Symbol, e.Bars, want)
		}
	}
	checkIntegrity(t, c)
}

func checkIntegrity(t *testing.T, c *Cache) {
	t.Helper()
	var res string
	if err := c.db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}

// TestKilledWriter: a process killed inside a write transaction leaves
// nothing of it.
func TestKilledWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	c := open(t, path)
	ctx := context.Background()
	if err := c.Put(ctx, "yahoo", "FB", Range{day("2018-08-01"), day("2018-08-10")}, synth(day("2018-08-01"), day("2018-08-10"), 1)); err != nil {
		t.Fatal(err)
	}
	cmd := startChild(t, path, "die")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q", line)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	// A fresh handle, as the next run would open it.
	c2 := open(t, path)
	if bars, err := c2.Bars(ctx, "yahoo", "DEAD", day("2018-01-01"), day("2019-01-01")); err != nil || len(bars) != 0 {
		t.Errorf("killed transaction left %d bars (err %v)", len(bars), err)
	}
	if cov, _ := c2.Coverage(ctx, "yahoo", "DEAD"); len(cov) != 0 {
		t.Errorf("killed transaction left coverage %v", cov)
	}
	if bars, _ := c2.Bars(ctx, "yahoo", "FB", day("2018-08-01"), day("2018-08-10")); len(bars) != 8 {
		t.Errorf("earlier data: %d bars, want 8", len(bars))
	}
	// And the database is writable again (no stale lock).
	if err := c2.Put(ctx, "yahoo", "DEAD", Range{day("2018-01-02"), day("2018-01-05")}, synth(day("2018-01-02"), day("2018-01-05"), 1)); err != nil {
		t.Errorf("write after kill: %v", err)
	}
	checkIntegrity(t, c2)
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	p, err := DefaultPath()
	if err != nil {
		t.Skip(err)
	}
	if filepath.Base(p) != "cache.db" || filepath.Base(filepath.Dir(p)) != "eventstudy" {
		t.Errorf("DefaultPath = %s", p)
	}
}

// schemaV1 is the schema of the first version (PRAGMA user_version 1), kept
// verbatim to test the migration of caches it wrote. It is a frozen fixture,
// deliberately not derived from schema in cache.go: that one moves on with
// each version, this one must stay what old binaries wrote.
const schemaV1 = `
CREATE TABLE IF NOT EXISTS series (
	source   TEXT NOT NULL,
	symbol   TEXT NOT NULL,
	vintage  INTEGER NOT NULL,
	created  INTEGER NOT NULL, -- Unix seconds the vintage was first stored
	PRIMARY KEY (source, symbol)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bars (
	source    TEXT NOT NULL,
	symbol    TEXT NOT NULL,
	day       INTEGER NOT NULL, -- days since 1970-01-01
	open      REAL, high REAL, low REAL, close REAL, adj_close REAL, -- NULL: missing
	volume    INTEGER,          -- NULL: unknown
	fetched   INTEGER NOT NULL, -- Unix seconds
	vintage   INTEGER NOT NULL,
	PRIMARY KEY (source, symbol, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS coverage (
	source   TEXT NOT NULL,
	symbol   TEXT NOT NULL,
	first    INTEGER NOT NULL, -- days since 1970-01-01, inclusive
	last     INTEGER NOT NULL,
	fetched  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS coverage_symbol ON coverage (source, symbol);
CREATE TABLE IF NOT EXISTS vintage_changes (
	source      TEXT NOT NULL,
	symbol      TEXT NOT NULL,
	at          INTEGER NOT NULL,
	old_vintage INTEGER NOT NULL,
	new_vintage INTEGER NOT NULL,
	first_diff  INTEGER,          -- first day whose adjusted close changed
	max_rel     REAL,             -- largest relative change seen
	note        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
	key      TEXT PRIMARY KEY,
	fetched  INTEGER NOT NULL,
	body     BLOB NOT NULL
);
PRAGMA user_version = 1;
`

// A cache written by the first version opens, keeps its bars, gains the name
// columns, and takes names; opening it again (also after an old binary set
// user_version back to 1) changes nothing.
func TestMigrateV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(schemaV1); err != nil {
		t.Fatal(err)
	}
	// What version 1 stored for META: a series row and two bars.
	for _, q := range []string{
		`INSERT INTO series (source, symbol, vintage, created) VALUES ('yahoo', 'META', 1, 0)`,
		`INSERT INTO bars VALUES ('yahoo', 'META', 17749, 177.78, 178.0, 176.0, 177.779999, 177.779999, 100, 0, 1)`, // 2018-08-06 is day 17749
		`INSERT INTO bars VALUES ('yahoo', 'META', 17748, 175.0, 178.0, 174.0, 177.779999, 177.779999, 100, 0, 1)`,
		`INSERT INTO coverage VALUES ('yahoo', 'META', 17748, 17749, 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()

	ctx := context.Background()
	for round := range 3 {
		c, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: open a version-1 cache: %v", round, err)
		}
		bars, err := c.Bars(ctx, "yahoo", "META", day("2018-08-01"), day("2018-08-10"))
		if err != nil || len(bars) != 2 || bars[1].Close != 177.779999 {
			t.Errorf("round %d: bars %v, %v; want the two stored", round, bars, err)
		}
		l, err := c.Listing(ctx, "yahoo", "META")
		want := data.Listing{}
		if round > 0 {
			want = data.Listing{LongName: "Meta Platforms, Inc.", ShortName: "Meta Platforms, Inc."}
		}
		if err != nil || l != want {
			t.Errorf("round %d: listing %+v, %v; want %+v", round, l, err, want)
		}
		if round == 0 {
			if err := c.PutListing(ctx, "yahoo", "META", Range{day("2018-08-07"), day("2018-08-07")}, nil,
				data.Listing{LongName: "Meta Platforms, Inc.", ShortName: "Meta Platforms, Inc."}); err != nil {
				t.Fatal(err)
			}
		}
		var v int
		c.db.QueryRow(`PRAGMA user_version`).Scan(&v)
		if v != schemaVersion {
			t.Errorf("round %d: user_version %d, want %d", round, v, schemaVersion)
		}
		// An old binary writes its series rows without the new columns and
		// sets the version back.
		if _, err := c.db.Exec(`INSERT INTO series (source, symbol, vintage, created) VALUES ('yahoo', ?, 1, 0)`, fmt.Sprint("OLD", round)); err != nil {
			t.Errorf("round %d: a version-1 insert fails on the migrated table: %v", round, err)
		}
		c.db.Exec(`PRAGMA user_version = 1`)
		c.Close()
	}
}
