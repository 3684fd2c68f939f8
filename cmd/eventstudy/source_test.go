package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/cache"
	"github.com/eventstudy/eventstudy/data/tidy"
	"github.com/eventstudy/eventstudy/internal/replay"
	"github.com/eventstudy/eventstudy/internal/shareddata"
	"github.com/eventstudy/eventstudy/quick"
)

func TestSourceResolve(t *testing.T) {
	for _, c := range []struct {
		f        sourceFlags
		files    bool
		fallback string
		want     string // resolved source, or an error substring after "!"
	}{
		{sourceFlags{}, true, "yahoo", "csv"},
		{sourceFlags{}, false, "yahoo", "yahoo"},
		{sourceFlags{}, false, "sample", "sample"},
		{sourceFlags{source: "stooq"}, false, "yahoo", "stooq"},
		{sourceFlags{source: "csv"}, false, "yahoo", "!needs --prices"},
		{sourceFlags{source: "yahoo"}, true, "yahoo", "!cannot be combined with --source yahoo"},
		{sourceFlags{offline: true, refresh: true}, false, "yahoo", "!--offline and --refresh"},
	} {
		f := c.f
		err := f.resolve(c.files, c.fallback)
		if strings.HasPrefix(c.want, "!") {
			if err == nil || !strings.Contains(err.Error(), c.want[1:]) {
				t.Errorf("resolve(%+v, files=%v) = %v, want error %q", c.f, c.files, err, c.want[1:])
			}
			continue
		}
		if err != nil || f.source != c.want {
			t.Errorf("resolve(%+v, files=%v) = %q, %v; want %q", c.f, c.files, f.source, err, c.want)
		}
	}
}

// quick FB 2018-08-06 through the Yahoo provider (a local server replaying
// chart bodies built from the same Yahoo CSV values, answering as today's
// Yahoo does: 404 for FB, Facebook's history under META) gives the same
// numbers as the study from the CSV files, says it read META's history, and
// a second run with --offline gives them again from the cache alone.
func TestQuickYahooMatchesCSV(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	bluefin := filepath.Dir(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	kriti := filepath.Dir(shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv"))
	db := filepath.Join(t.TempDir(), "cache.db")

	ask := func(args ...string) quick.Result {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"quick", "FB", "2018-08-06", "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("quick %v: exit %d\n%s\n%s", args, code, out, errs)
		}
		var q quick.Result
		if err := json.Unmarshal([]byte(strings.ReplaceAll(out, "null", "0")), &q); err != nil {
			t.Fatalf("quick %v: %v\n%s", args, err, out)
		}
		return q
	}
	fromCSV := ask("--prices", bluefin, "--prices", kriti)
	fromYahoo := ask("--source", "yahoo", "--cache", db)
	hits := len(srv.Requests())
	offline := ask("--source", "yahoo", "--cache", db, "--offline")
	if len(srv.Requests()) != hits {
		t.Errorf("--offline run made %d requests, want none", len(srv.Requests())-hits)
	}
	if n := srv.Hits("/v8/finance/chart/FB"); n != 0 {
		t.Errorf("%d requests for FB: Yahoo files Facebook's history under META", n)
	}
	// The rename note carries Yahoo's current name (meta.longName, cached
	// with the prices); the company is named as it was in 2018, from the
	// built-in symbol history, not as Yahoo names META today.
	const note = "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"
	for name, q := range map[string]quick.Result{"yahoo": fromYahoo, "offline": offline} {
		if q.Symbol != "FB" || q.VendorSymbol != "META" || q.SymbolNote != note {
			t.Errorf("%s: symbol %q, vendor_symbol %q, note %q; want FB, META, %q", name, q.Symbol, q.VendorSymbol, q.SymbolNote, note)
		}
		if q.Name != "Facebook, Inc." {
			t.Errorf("%s: name %q, want Facebook, Inc. (the name in 2018, not META's %q)", name, q.Name, replay.Names["META"])
		}
	}
	if fromCSV.VendorSymbol != "FB" || fromCSV.SymbolNote != "" {
		t.Errorf("csv: vendor_symbol %q, note %q; want FB and no note (files are named by the user's symbols)", fromCSV.VendorSymbol, fromCSV.SymbolNote)
	}
	if fromCSV.Name != "" {
		t.Errorf("csv: name %q; files carry no company name", fromCSV.Name)
	}
	fromCSV.VendorSymbol, fromCSV.SymbolNote, fromCSV.Name = "META", note, "Facebook, Inc."
	want, _ := json.Marshal(fromCSV)
	for name, q := range map[string]quick.Result{"yahoo": fromYahoo, "offline": offline} {
		got, _ := json.Marshal(q)
		if string(got) != string(want) {
			t.Errorf("%s result differs from the CSV study:\n got %s\nwant %s", name, got, want)
		}
	}
	if fromCSV.Days[1].Price != 185.690002 {
		t.Errorf("day-0 price = %v, want 185.690002", fromCSV.Days[1].Price)
	}
	// A symbol the server does not know is reported, not fatal to the parse.
	code, _, errs := runCLI(t, "quick", "NOPE", "2018-08-06", "--source", "yahoo", "--cache", db)
	if code != exitError || !strings.Contains(errs, "unknown_symbol") ||
		!strings.Contains(errs, "Yahoo has no data for NOPE (renamed or delisted?). If it was renamed, pass --symbols with old,new,date, or use the new ticker.") {
		t.Errorf("unknown symbol: exit %d, stderr %q; want exit 1 naming unknown_symbol and what to try", code, errs)
	}
	// The one-event report says where the prices came from.
	html := filepath.Join(t.TempDir(), "fb.html")
	if code, _, errs := runCLI(t, "quick", "FB", "2018-08-06", "--cache", db, "--report", html); code != exitOK {
		t.Errorf("quick --report: exit %d\n%s", code, errs)
	} else if b, _ := os.ReadFile(html); !strings.Contains(string(b), "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META&#39;s history") {
		t.Errorf("quick report does not say where the prices came from")
	} else if h := string(b); !strings.Contains(h, "Facebook, Inc.") || strings.Count(h, "Meta Platforms") != 1 {
		t.Errorf("quick report: want the company named Facebook, Inc., and Meta Platforms only in the rename note")
	}
	// The chart names the company from the cached name.
	svg := filepath.Join(t.TempDir(), "fb.svg")
	if code, _, errs := runCLI(t, "quick", "FB", "2018-08-06", "--cache", db, "--chart", svg); code != exitOK {
		t.Errorf("quick --chart: exit %d\n%s", code, errs)
	} else if d := readChart(t, svg); !strings.HasPrefix(d.Title, "Facebook, Inc.") {
		t.Errorf("quick chart title %q, want the company's name in 2018", d.Title)
	} else if _, ok := d.Find("Facebook, Inc. (FB)"); !ok {
		t.Errorf("quick chart legend lacks the company:\n%s", d.All())
	}
	// The table line says where the prices came from.
	code, out, errs := runCLI(t, "quick", "FB", "2018-08-06", "--source", "yahoo", "--cache", db, "--offline")
	if code != exitOK || !strings.Contains(out, "\n"+note+"\n") || !strings.HasPrefix(out, "FB (Facebook, Inc.) around 2018-08-06") {
		t.Errorf("quick table: exit %d, want the line %q\n%s%s", code, note, out, errs)
	}
	// Offline with nothing cached names what is missing.
	code, _, errs = runCLI(t, "quick", "SPY", "2018-08-06", "--source", "yahoo", "--cache", db, "--offline")
	if code != exitError || !strings.Contains(errs, "not cached") {
		t.Errorf("offline miss: exit %d, stderr %q; want a message saying what is not cached", code, errs)
	}
}

// --factors french downloads the library's daily files through the cache (a
// local server replays a zip built from the shared original), and a second
// run works offline; quick fits the Carhart model with them.
func TestFactorsFromFrenchLibrary(t *testing.T) {
	srv := replay.New()
	t.Cleanup(srv.Close)
	for _, f := range []string{"F-F_Research_Data_Factors_daily", "F-F_Momentum_Factor_daily"} {
		body, err := os.ReadFile(shareddata.Path(t, "fama_french_daily", f+".CSV"))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(f + ".CSV")
		w.Write(body)
		zw.Close()
		srv.Handle("/"+f+"_CSV.zip", "", replay.Response{Status: 200, Body: buf.Bytes()})
	}
	t.Setenv("EVENTSTUDY_FRENCH_URL", srv.URL)
	bluefin := filepath.Dir(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv"))
	kriti := filepath.Dir(shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv"))
	db := filepath.Join(t.TempDir(), "cache.db")
	args := []string{"quick", "FB", "2018-08-06", "--json", "--model", "carhart", "--factors", "french", "--cache", db,
		"--prices", bluefin, "--prices", kriti}
	code, out1, errs := runCLI(t, args...)
	if code != exitOK || !strings.Contains(out1, `"status": "ok"`) {
		t.Fatalf("carhart with french factors: exit %d\n%s\n%s", code, out1, errs)
	}
	hits := srv.Hits("/F-F_Momentum_Factor_daily_CSV.zip")
	code, out2, errs := runCLI(t, append(args, "--offline")...)
	if code != exitOK || out2 != out1 || srv.Hits("/F-F_Momentum_Factor_daily_CSV.zip") != hits {
		t.Errorf("offline rerun: exit %d, same output %v, %d new requests\n%s", code, out2 == out1, srv.Hits("/F-F_Momentum_Factor_daily_CSV.zip")-hits, errs)
	}
}

// fetch fills the cache from the provider (a local replay server), cache ls
// shows what is there, export writes the bars, rm removes them, and a symbol
// the provider does not know makes fetch exit 1 while the others are kept.
func TestFetchAndCacheCommands(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	db := filepath.Join(t.TempDir(), "cache.db")
	code, out, errs := runCLI(t, "fetch", "FB", "^GSPC", "--from", "2018-01-02", "--to", "2018-12-31", "--cache", db)
	if code != exitOK || !strings.Contains(out, "FB") || !strings.Contains(out, "fetched") {
		t.Fatalf("fetch: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "cache", "ls", "--cache", db)
	// 2018 has 251 NYSE sessions (data/calendar tests).
	if code != exitOK || !strings.Contains(out, "2018-01-02  2018-12-31  251") || !strings.Contains(out, "^GSPC") ||
		!strings.Contains(out, "Meta Platforms, Inc.") {
		t.Errorf("cache ls: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "cache", "export", "FB", "--cache", db)
	if code != exitOK || !strings.Contains(out, "2018-08-06") || !strings.Contains(out, "185.69") || strings.Count(out, "\n") != 252 {
		t.Errorf("cache export FB: exit %d, %d lines (want header + 251), day 2018-08-06 at 185.69 present: %v",
			code, strings.Count(out, "\n"), strings.Contains(out, "185.69"))
	}
	code, out, _ = runCLI(t, "cache", "rm", "FB", "--cache", db)
	if code != exitOK {
		t.Errorf("cache rm: exit %d\n%s", code, out)
	}
	if _, out, _ = runCLI(t, "cache", "ls", "--cache", db); strings.Contains(out, "FB ") {
		t.Errorf("FB still listed after rm:\n%s", out)
	}
	// FB from 2018 to today is Facebook's history, filed as META: the
	// symbol is resolved as of --from.
	code, out, errs = runCLI(t, "fetch", "FB", "--from", "2018-01-02", "--cache", filepath.Join(t.TempDir(), "c2.db"), "-q")
	if code != exitOK || !strings.Contains(out, "FB (as META): fetched") {
		t.Errorf("fetch FB to today: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "fetch", "NOPE", "SPY", "--from", "2018-01-02", "--to", "2018-03-01", "--cache", db, "-q")
	if code != exitError || !strings.Contains(errs, "1 of 2 symbols not fetched: NOPE") || !strings.Contains(out, "SPY") {
		t.Errorf("fetch with an unknown symbol: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}

// --symbols FILE extends the built-in table and overrides it symbol by
// symbol; a malformed file names its line; files are not mapped.
func TestSymbolsFile(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	db := filepath.Join(dir, "cache.db")
	file := filepath.Join(dir, "symbols.csv")
	os.WriteFile(file, []byte("old,new,date,note\nFB,FBX,2019-01-02,test override\nZUCK,META,2030-01-02,test extension\n"), 0o644)

	// Extension: ZUCK as of 2018 is META's history (the FB numbers).
	code, out, errs := runCLI(t, "quick", "ZUCK", "2018-08-06", "--json", "--cache", db, "--symbols", file)
	var q quick.Result
	if code != exitOK || json.Unmarshal([]byte(strings.ReplaceAll(out, "null", "0")), &q) != nil ||
		q.Symbol != "ZUCK" || q.VendorSymbol != "META" || q.Days[1].Price != 185.690002 {
		t.Errorf("ZUCK via the user file: exit %d, %+v\n%s", code, q, errs)
	}
	// Override: the user's FB row replaces the built-in FB → META.
	code, _, errs = runCLI(t, "quick", "FB", "2018-08-06", "--cache", db, "--symbols", file)
	if code != exitError || !strings.Contains(errs, "Yahoo has no data for FBX") || srv.Hits("/v8/finance/chart/FBX") == 0 {
		t.Errorf("FB overridden to FBX: exit %d, %d requests for FBX\n%s", code, srv.Hits("/v8/finance/chart/FBX"), errs)
	}
	// A delisted company is unknown_symbol with the explanation, never asked.
	code, _, errs = runCLI(t, "quick", "TWTR", "2018-08-06", "--cache", db)
	if code != exitError || !strings.Contains(errs, "unknown_symbol") || !strings.Contains(errs, "delisted on 2022-11-08") ||
		srv.Hits("/v8/finance/chart/TWTR") != 0 {
		t.Errorf("TWTR: exit %d, %d requests\n%s", code, srv.Hits("/v8/finance/chart/TWTR"), errs)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("old,new,date\nFB,META,9 June 2022\n"), 0o644)
	code, _, errs = runCLI(t, "quick", "FB", "2018-08-06", "--cache", db, "--symbols", bad)
	if code == exitOK || !strings.Contains(errs, bad+`:2: column "date": unparseable date`) {
		t.Errorf("malformed --symbols: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, "quick", "FB", "2018-08-06", "--prices", dir, "--symbols", file)
	if code != exitUsage || !strings.Contains(errs, "--symbols maps tickers of web sources") {
		t.Errorf("--symbols with files: exit %d\n%s", code, errs)
	}
}

// The three Facebook events of 2018 through the Yahoo provider, answering as
// today's Yahoo does (404 for FB, Facebook's history under META), give the
// numbers of the study from the CSV files; events.csv keeps FB and says
// where the prices came from: vendor_symbol META, the company's name from
// the chart response, and the rename in quality_note.
func TestRunRenamedYahoo(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	// The replayed bodies start on 2017-06-01: the two events of July and
	// August 2018 have their whole estimation window in them.
	events := filepath.Join(dir, "events.csv")
	os.WriteFile(events, []byte("event_id,symbol,date,time,headline\n"+
		"earnings,FB,2018-07-25,16:05,Q2 2018 earnings released after the close\n"+
		"banks,FB,2018-08-06,,Reports that Facebook asked US banks for customer data\n"), 0o644)
	common := []string{"run", "--events", events, "--market", "^GSPC", "--quiet", "--charts", "none", "--tables", "none", "--no-report"}
	csvOut, out := filepath.Join(dir, "csv"), filepath.Join(dir, "yahoo")
	for _, args := range [][]string{
		{"--out", csvOut, "--prices", filepath.Dir(shareddata.Path(t, "yahoo_bluefin_2020", "FB.csv")),
			"--prices", filepath.Dir(shareddata.Path(t, "yahoo_kriti_2020", "GSPC.csv"))},
		{"--out", out, "--source", "yahoo", "--cache", filepath.Join(dir, "cache.db")},
	} {
		if code, so, se := runCLI(t, append(common, args...)...); code != exitOK {
			t.Fatalf("exit %d\n%s\n%s", code, so, se)
		}
	}
	if n := srv.Hits("/v8/finance/chart/FB"); n != 0 {
		t.Errorf("%d requests for FB, want none (asked as META)", n)
	}
	if n := srv.Hits("/v8/finance/chart/META"); n != 1 {
		t.Errorf("%d requests for META, want one for the three events", n)
	}
	// The Parquet twin, from the cache alone, has the same columns.
	pq := filepath.Join(dir, "parquet")
	if code, so, se := runCLI(t, append(common, "--out", pq, "--source", "yahoo", "--cache", filepath.Join(dir, "cache.db"),
		"--offline", "--format", "parquet")...); code != exitOK {
		t.Fatalf("parquet: exit %d\n%s\n%s", code, so, se)
	}
	run, err := tidy.ReadRun(pq)
	if err != nil || len(run.Events.Rows) != 2 {
		t.Fatalf("events.parquet: %v", err)
	}
	col := map[string]int{}
	for i, h := range run.Events.Header {
		col[h] = i
	}
	for _, r := range run.Events.Rows {
		if r[col["symbol"]] != "FB" || r[col["vendor_symbol"]] != "META" || r[col["name"]] != "Facebook, Inc." {
			t.Errorf("events.parquet row %v: want FB, META, Facebook, Inc.", r)
		}
	}
	const note = "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"
	for _, file := range []string{"events.csv", "abnormal_returns.csv", "car.csv"} {
		want, got := rows(readCSV(t, filepath.Join(csvOut, file))), rows(readCSV(t, filepath.Join(out, file)))
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%s: %d rows, want %d", file, len(got), len(want))
		}
		for i := range got {
			if file == "events.csv" {
				g := got[i]
				if g["symbol"] != "FB" || g["vendor_symbol"] != "META" || g["name"] != "Facebook, Inc." ||
					!strings.HasPrefix(g["quality_note"], note) || g["status"] != "ok" {
					t.Errorf("events.csv %s: symbol %q vendor_symbol %q name %q quality_note %q", g["event_id"], g["symbol"],
						g["vendor_symbol"], g["name"], g["quality_note"])
				}
				if w := want[i]; w["vendor_symbol"] != "FB" || w["name"] != "" {
					t.Errorf("csv run: vendor_symbol %q name %q; want FB and empty", w["vendor_symbol"], w["name"])
				}
				for _, k := range []string{"vendor_symbol", "name", "quality_note"} {
					delete(got[i], k)
					delete(want[i], k)
				}
			}
			for k, w := range want[i] {
				if got[i][k] != w {
					t.Errorf("%s row %d %s = %q, want %q (the CSV study)", file, i, k, got[i][k], w)
				}
			}
		}
	}
}

// Bars an earlier version cached under an old ticker are listed as not read
// (the history is fetched under the new ticker), and rm of the old ticker
// removes both.
func TestCacheOldTicker(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cache.db")
	c, err := cache.Open(db, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	bar := []data.Bar{{Date: d, Open: 1, High: 1, Low: 1, Close: 1, AdjClose: 1, Volume: 1}}
	for _, sym := range []string{"FB", "META"} {
		if err := c.Put(context.Background(), "yahoo", sym, cache.Range{From: d, To: d}, bar); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	code, out, _ := runCLI(t, "cache", "ls", "--cache", db)
	if code != exitOK || !strings.Contains(out, "(not read: FB is fetched as META; cache rm FB frees it)") {
		t.Errorf("cache ls: exit %d\n%s", code, out)
	}
	if code, out, _ = runCLI(t, "cache", "rm", "FB", "--cache", db); code != exitOK || !strings.Contains(out, "removed 2") {
		t.Errorf("cache rm FB: exit %d, %q; want FB and META removed", code, out)
	}
}

// The company's name as of the event date in a batch through Yahoo: the
// events file's own name wins; else a --symbols file's old_name (here
// "name") for events before its name_until; an event after the name change
// keeps Yahoo's current name (meta.longName). The rename note carries the
// current name either way.
func TestRunOldNames(t *testing.T) {
	srv := replay.Yahoo(t)
	t.Setenv("EVENTSTUDY_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	syms := filepath.Join(dir, "symbols.csv")
	os.WriteFile(syms, []byte("old,new,date,name,name_until\nFB,META,2022-06-09,Facebook (test file),2018-08-01\n"), 0o644)
	events := filepath.Join(dir, "events.csv")
	os.WriteFile(events, []byte("event_id,symbol,date,name\n"+
		"earnings,FB,2018-07-25,\n"+
		"banks,FB,2018-08-06,\n"+
		"own,FB,2018-08-06,The Social Network\n"), 0o644)
	out := filepath.Join(dir, "out")
	if code, so, se := runCLI(t, "run", "--events", events, "--market", "^GSPC", "--quiet", "--charts", "svg", "--tables", "none",
		"--no-report", "--out", out, "--source", "yahoo", "--cache", filepath.Join(dir, "cache.db"), "--symbols", syms); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, so, se)
	}
	want := map[string]string{"earnings": "Facebook (test file)", "banks": "Meta Platforms, Inc.", "own": "The Social Network"}
	const note = "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"
	for _, g := range rows(readCSV(t, filepath.Join(out, "events.csv"))) {
		id := g["event_id"]
		if g["name"] != want[id] || !strings.HasPrefix(g["quality_note"], note) || g["status"] != "ok" {
			t.Errorf("events.csv %s: name %q quality_note %q status %q; want name %q", id, g["name"], g["quality_note"], g["status"], want[id])
		}
		if d := readChart(t, filepath.Join(out, "charts", id+".ar.svg")); !strings.HasPrefix(d.Title, want[id]+":") {
			t.Errorf("chart of %s: title %q, want it to start with %q", id, d.Title, want[id])
		}
	}
	// Without the user file, the built-in row names both 2018 events
	// Facebook, Inc. (its name until 2021-10-28).
	out2 := filepath.Join(dir, "out2")
	if code, so, se := runCLI(t, "run", "--events", events, "--market", "^GSPC", "--quiet", "--charts", "none", "--tables", "none",
		"--no-report", "--out", out2, "--source", "yahoo", "--cache", filepath.Join(dir, "cache.db"), "--offline"); code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, so, se)
	}
	want["earnings"], want["banks"] = "Facebook, Inc.", "Facebook, Inc."
	for _, g := range rows(readCSV(t, filepath.Join(out2, "events.csv"))) {
		if id := g["event_id"]; g["name"] != want[id] {
			t.Errorf("built-in: events.csv %s: name %q, want %q", id, g["name"], want[id])
		}
	}
}
