package symbols

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The built-in table: the symbol as of the event date maps to the vendor's
// current symbol; the rename date is the first session under the new ticker.
func TestResolveBuiltin(t *testing.T) {
	h := Builtin()
	for _, c := range []struct {
		sym, asOf string
		vendor    string // "" = delisted
		note      string
	}{
		{"FB", "2018-08-06", "META", "FB has traded as META since 2022-06-09; prices from META's history"},
		{"fb", "2022-06-08", "META", "fb has traded as META since 2022-06-09; prices from META's history"},
		{"FB", "2022-06-09", "FB", ""}, // from the rename on, FB is not Facebook's ticker
		{"META", "2018-08-06", "META", ""},
		{"ANTM", "2020-03-02", "ELV", "ANTM has traded as ELV since 2022-06-28; prices from ELV's history"},
		{"FISV", "2023-06-06", "FI", "FISV has traded as FI since 2023-06-07; prices from FI's history"},
		{"PEAK", "2023-01-03", "DOC", "PEAK has traded as DOC since 2024-03-01; prices from DOC's history"},
		{"DOC", "2023-01-03", "", ""}, // Physicians Realty: delisted, never Healthpeak's history
		{"DOC", "2024-03-01", "DOC", ""},
		{"SQ", "2021-12-01", "XYZ", "SQ has traded as XYZ since 2025-01-21; prices from XYZ's history"},
		{"TWTR", "2020-07-15", "", ""},
		{"TWTR", "2022-11-08", "TWTR", ""}, // after the delisting the row no longer applies
		{"AAPL", "2018-08-06", "AAPL", ""},
	} {
		r := h.Resolve(c.sym, d(c.asOf))
		if r.Vendor != c.vendor || r.Note() != c.note || (c.vendor == "") != (r.Delisted != nil) {
			t.Errorf("Resolve(%s, %s) = vendor %q delisted %v note %q; want %q, %q", c.sym, c.asOf, r.Vendor, r.Delisted, r.Note(), c.vendor, c.note)
		}
		if r.Symbol != c.sym {
			t.Errorf("Resolve(%s).Symbol = %q: the user's symbol must be kept", c.sym, r.Symbol)
		}
	}
}

// Renames are followed in date order, each as of the previous one's date; a
// delisting at the end of a chain stops it.
func TestResolveChain(t *testing.T) {
	h, err := New([]Change{
		{Old: "A", New: "B", Date: d("2010-01-04")},
		{Old: "B", New: "C", Date: d("2015-01-02")},
		{Old: "A", New: "Z", Date: d("2020-01-02")}, // A reused by another company, renamed again
		{Old: "C", Date: d("2021-06-01")},           // C delisted
		{Old: "B", New: "Q", Date: d("2005-01-03")}, // an older B, renamed before A took B
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sym, asOf, vendor, note string }{
		{"A", "2009-12-31", "", ""}, // A → B → C → delisted
		{"A", "2012-05-01", "Z", "A has traded as Z since 2020-01-02; prices from Z's history"},
		{"B", "2004-06-01", "Q", "B has traded as Q since 2005-01-03; prices from Q's history"},
		{"B", "2012-06-01", "", ""},
		{"C", "2021-06-01", "C", ""},
	} {
		r := h.Resolve(c.sym, d(c.asOf))
		if r.Vendor != c.vendor || r.Note() != c.note {
			t.Errorf("Resolve(%s, %s) = %q, %q; want %q, %q", c.sym, c.asOf, r.Vendor, r.Note(), c.vendor, c.note)
		}
	}
	h2, _ := New([]Change{{Old: "A", New: "B", Date: d("2010-01-04")}, {Old: "B", New: "C", Date: d("2015-01-02")}})
	r := h2.Resolve("A", d("2009-01-02"))
	if want := "A has traded as C since 2015-01-02 (B from 2010-01-04); prices from C's history"; r.Vendor != "C" || r.Note() != want {
		t.Errorf("chain: %q, %q; want C, %q", r.Vendor, r.Note(), want)
	}
	if _, err := New([]Change{{Old: "A", New: "B", Date: d("2010-01-04")}, {Old: "a", New: "C", Date: d("2010-01-04")}}); err == nil {
		t.Error("two changes of A on one date: no error")
	}
	var none *History
	if r := none.Resolve("FB", d("2018-08-06")); r.Vendor != "FB" || r.Renamed() {
		t.Errorf("nil history maps FB to %q", r.Vendor)
	}
}

// A user file extends the built-in table and overrides it symbol by symbol.
func TestReadOverridesBuiltin(t *testing.T) {
	f := "old,new,date,note\n" +
		"FB,FBX,2019-01-02,a test override\n" + // replaces the built-in FB → META
		"XYZOLD,XYZNEW,2020-03-02,\n" + // extends
		"\n" +
		"GONE,,2021-01-04,bankrupt\n" // a delisting
	u, err := Read(strings.NewReader(f), "my.csv")
	if err != nil {
		t.Fatal(err)
	}
	h := Builtin().With(u)
	for _, c := range []struct{ sym, asOf, vendor string }{
		{"FB", "2018-08-06", "FBX"},
		{"FB", "2020-08-06", "FB"}, // the built-in 2022 rename is gone with the override
		{"XYZOLD", "2019-01-02", "XYZNEW"},
		{"GONE", "2020-01-02", ""},
		{"ANTM", "2020-01-02", "ELV"}, // built-in rows of other symbols stay
	} {
		if r := h.Resolve(c.sym, d(c.asOf)); r.Vendor != c.vendor {
			t.Errorf("Resolve(%s, %s) = %q, want %q", c.sym, c.asOf, r.Vendor, c.vendor)
		}
	}
	cs := u.Of("FB")
	if len(cs) != 1 || cs[0].Source != "my.csv:2" || cs[0].Note != "a test override" {
		t.Errorf("FB change = %+v, want source my.csv:2 and the note", cs)
	}
	if r := Builtin().Resolve("FB", d("2018-08-06")); r.Vendor != "META" {
		t.Errorf("With modified the built-in table: FB → %q", r.Vendor)
	}
}

// The company's name as of the event date: the built-in name under the old
// ticker until the company's own rename (Facebook became Meta Platforms on
// 2021-10-28, eight months before its ticker changed), else the vendor's.
func TestResolutionName(t *testing.T) {
	const cur = "Vendor's current name"
	for _, c := range []struct{ sym, asOf, want string }{
		{"FB", "2018-08-06", "Facebook, Inc."},
		{"FB", "2021-10-27", "Facebook, Inc."},
		{"FB", "2021-10-28", cur}, // Meta Platforms by then, still trading as FB
		{"FB", "2022-06-08", cur},
		{"FB", "2022-06-09", cur}, // not mapped
		{"META", "2018-08-06", cur},
		{"ANTM", "2022-06-27", "Anthem, Inc."}, // name and ticker changed on one day
		{"FISV", "2020-01-02", cur},            // Fiserv kept its name
		{"PEAK", "2023-01-03", cur},            // so did Healthpeak
		{"SQ", "2021-12-09", "Square, Inc."},
		{"SQ", "2021-12-10", cur},
		{"AAPL", "2018-08-06", cur},
	} {
		r := Builtin().Resolve(c.sym, d(c.asOf))
		if got := r.Name(cur); got != c.want {
			t.Errorf("Resolve(%s, %s).Name = %q, want %q", c.sym, c.asOf, got, c.want)
		}
	}
	if r := Builtin().Resolve("TWTR", d("2020-07-15")); r.Name("") != "" || r.OldName() != "" {
		t.Errorf("delisted TWTR has a name %q", r.Name(""))
	}
	if r := Builtin().Resolve("FB", d("2018-08-06")); r.Name("") != "Facebook, Inc." {
		t.Errorf("FB 2018 with no vendor name: %q", r.Name(""))
	}
	// A chain takes the name under the first ticker.
	h, _ := New([]Change{{Old: "A", New: "B", Date: d("2010-01-04"), Name: "A Corp"}, {Old: "B", New: "C", Date: d("2015-01-02"), Name: "B Corp"}})
	if n := h.Resolve("A", d("2009-01-02")).Name(cur); n != "A Corp" {
		t.Errorf("chain: %q, want A Corp", n)
	}
	if n := h.Resolve("B", d("2012-01-03")).Name(cur); n != "B Corp" {
		t.Errorf("chain from B: %q, want B Corp", n)
	}
	// The note carries the current name, after the chain.
	r := h.Resolve("A", d("2009-01-02"))
	if want := "A has traded as C since 2015-01-02 (B from 2010-01-04; C Inc.); prices from C's history"; r.NoteNamed("C Inc.") != want {
		t.Errorf("NoteNamed = %q, want %q", r.NoteNamed("C Inc."), want)
	}
	if want := "FB has traded as META since 2022-06-09 (Meta Platforms, Inc.); prices from META's history"; Builtin().Resolve("FB", d("2018-08-06")).NoteNamed("Meta Platforms, Inc.") != want {
		t.Errorf("FB NoteNamed, want %q", want)
	}
	if n := Builtin().Resolve("AAPL", d("2018-08-06")).NoteNamed("Apple Inc."); n != "" {
		t.Errorf("unmapped symbol has a note %q", n)
	}
}

// A user file's name column (old_name or name) and name_until; its row
// replaces the built-in one, name and all.
func TestReadNames(t *testing.T) {
	for _, col := range []string{"old_name", "NAME"} {
		f := "old,new,date," + col + ",name_until\n" +
			"FB,META,2022-06-09,Facebook (user),2018-08-01\n" +
			"OLDCO,NEWCO,2020-03-02,Old Co,\n" +
			"SQ,XYZ,2025-01-21,,\n"
		u, err := Read(strings.NewReader(f), "my.csv")
		if err != nil {
			t.Fatal(err)
		}
		h := Builtin().With(u)
		for _, c := range []struct{ sym, asOf, want string }{
			{"FB", "2018-07-31", "Facebook (user)"},
			{"FB", "2018-08-01", "cur"},
			{"OLDCO", "2020-03-01", "Old Co"},
			{"SQ", "2020-01-02", "cur"}, // the user's row has no name: the built-in Square, Inc. is replaced too
		} {
			if got := h.Resolve(c.sym, d(c.asOf)).Name("cur"); got != c.want {
				t.Errorf("%s: Resolve(%s, %s).Name = %q, want %q", col, c.sym, c.asOf, got, c.want)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		line     int
		col      string
		err      error
	}{
		{"no header", "", 1, "", data.ErrEmpty},
		{"no rows", "old,new,date\n", 2, "", data.ErrEmpty},
		{"missing column", "old,new\nFB,META\n", 1, "date", data.ErrMissingColumn},
		{"duplicate column", "old,new,date,OLD\nFB,META,2022-06-09,x\n", 1, "old", data.ErrDuplicateColumn},
		{"bad date", "old,new,date\nFB,META,2022-06-09\nANTM,ELV,28/06/2022\n", 3, "date", data.ErrBadDate},
		{"empty date", "old,new,date\nFB,META,\n", 2, "date", data.ErrEmptyField},
		{"empty old", "old,new,date\n,META,2022-06-09\n", 2, "old", data.ErrEmptyField},
		{"field count", "old,new,date\nFB,META,2022-06-09,extra\n", 2, "", data.ErrFieldCount},
		{"bad symbol", "old,new,date\nFB,ME TA,2022-06-09\n", 2, "new", ErrBadSymbol},
		{"self", "old,new,date\nFB,fb,2022-06-09\n", 2, "new", ErrSelf},
		{"duplicate", "old,new,date\nFB,META,2022-06-09\nfb,X,2022-06-09\n", 3, "date", ErrDuplicate},
		{"quote", "old,new,date\n\"FB,META,2022-06-09\n", 2, "", nil},
		{"spreadsheet", "PK\x03\x04old,new,date\n", 1, "", data.ErrNotText},
		{"bad name_until", "old,new,date,name,name_until\nFB,META,2022-06-09,Facebook,Oct 2021\n", 2, "name_until", data.ErrBadDate},
		{"name twice", "old,new,date,name,old_name\nFB,META,2022-06-09,Facebook,Facebook\n", 1, "name", data.ErrDuplicateColumn},
	} {
		_, err := Read(strings.NewReader(c.in), "s.csv")
		var pe *data.ParseError
		if !errors.As(err, &pe) || pe.File != "s.csv" || pe.Line != c.line || pe.Column != c.col || (c.err != nil && !errors.Is(err, c.err)) {
			t.Errorf("%s: Read = %v; want s.csv:%d column %q wrapping %v", c.name, err, c.line, c.col, c.err)
		}
	}
	if _, err := ReadFile("/nonexistent/symbols.csv"); err == nil || !strings.Contains(err.Error(), "read symbols") {
		t.Errorf("ReadFile of a missing file = %v", err)
	}
}

// The messages for a symbol the vendor does not know say what to try.
func TestUnknownMessages(t *testing.T) {
	h := Builtin()
	vendorErr := errors.New("Not Found: No data found, symbol may be delisted")
	e := h.Unknown("yahoo", "NOPE", d("2018-08-20"), vendorErr)
	if want := "Yahoo has no data for NOPE (renamed or delisted?). If it was renamed, pass --symbols with old,new,date, or use the new ticker."; e.Error() != want {
		t.Errorf("unknown: %q\nwant %q", e.Error(), want)
	}
	if !errors.Is(e, data.ErrUnknownSymbol) || !errors.Is(e, vendorErr) {
		t.Error("UnknownError does not match data.ErrUnknownSymbol and the vendor's error")
	}
	e = h.Unknown("yahoo", "FB", d("2023-01-20"), vendorErr)
	if want := "Yahoo has no data for FB, which has traded as META since 2022-06-09: use META for dates from then on"; e.Error() != want {
		t.Errorf("renamed before the date: %q\nwant %q", e.Error(), want)
	}
	e = h.Unknown("yahoo", "TWTR", d("2023-01-20"), vendorErr)
	if !strings.HasPrefix(e.Error(), "Yahoo has no data for TWTR: it was delisted on 2022-11-08") {
		t.Errorf("delisted before the date: %q", e.Error())
	}
	r := h.Resolve("TWTR", d("2020-07-15"))
	e = DelistedError("yahoo", r)
	if !strings.HasPrefix(e.Error(), "Yahoo has no data for TWTR: it was delisted on 2022-11-08 with no successor ticker") ||
		!errors.Is(e, data.ErrUnknownSymbol) {
		t.Errorf("delisted: %q", e.Error())
	}
}

func FuzzRead(f *testing.F) {
	f.Add("old,new,date,note\nFB,META,2022-06-09,x\nTWTR,,2022-11-08,\n")
	f.Add("old,new,date\n\"FB\",META,2022-06-09\n")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := Read(strings.NewReader(s), "f.csv")
		if err != nil {
			var pe *data.ParseError
			if !errors.As(err, &pe) && !strings.HasPrefix(err.Error(), "symbol history:") {
				t.Fatalf("error %v is not a *data.ParseError", err)
			}
			if pe != nil && pe.Line < 1 {
				t.Fatalf("line %d < 1", pe.Line)
			}
			return
		}
		for _, c := range h.Changes() {
			if c.Old == "" || c.Old == c.New || c.Date.IsZero() {
				t.Fatalf("bad change %+v", c)
			}
			h.Resolve(c.Old, c.Date.AddDate(0, 0, -1)) // terminates
		}
	})
}
