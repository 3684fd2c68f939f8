package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
)

// DefaultTolerance is the relative difference in adjusted close above which
// two fetches of the same day belong to different vintages. Yahoo sends
// float32-widened doubles (about 7 significant digits); a quarterly dividend
// re-adjustment moves past prices by 1e-3 or more.
const DefaultTolerance = 1e-5

// Options configures a [Cache]. The zero value uses DefaultTolerance, a 10 s
// busy timeout and the real clock.
type Options struct {
	Tolerance   float64          // relative adjusted-close tolerance; 0 means DefaultTolerance
	BusyTimeout time.Duration    // how long a writer waits for another; 0 means 10 s
	Now         func() time.Time // fetch times; nil means time.Now
	// ReadOnly opens the cache read-only even when it could be written.
	// [Open] opens it so by itself when the file or its folder cannot be
	// written (a read-only mount, a shared file of another user).
	ReadOnly bool
}

// Cache is an open cache database. It is safe for concurrent use.
type Cache struct {
	db       *sql.DB
	path     string
	opt      Options
	readOnly bool
}

// ErrReadOnly is the error of every write to a cache opened read-only.
var ErrReadOnly = errors.New("the price cache is read-only")

// DefaultPath returns os.UserCacheDir()/eventstudy/cache.db.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locate user cache directory: %w", err)
	}
	return filepath.Join(dir, "eventstudy", "cache.db"), nil
}

const schema = `
CREATE TABLE IF NOT EXISTS series (
	source   TEXT NOT NULL,
	symbol   TEXT NOT NULL,
	vintage  INTEGER NOT NULL,
	created  INTEGER NOT NULL, -- Unix seconds the vintage was first stored
	-- long_name, short_name TEXT: the company's names (schema 2, see migrate)
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
`

// schemaVersion is the user_version of a migrated database. Version 2 added
// the company names to series. Older binaries set it back to 1 when they
// open the file, so migrate checks the columns themselves, not the number.
const schemaVersion = 2

// migrate brings a database made by an older version up to schemaVersion,
// inside the opening transaction: the columns series.long_name and
// series.short_name are added when missing (NULL: name unknown). Old
// binaries keep reading and writing the file: they name their columns.
func migrate(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT name FROM pragma_table_info('series')`)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, col := range []string{"long_name", "short_name"} {
		if !have[col] {
			if _, err := tx.Exec(`ALTER TABLE series ADD COLUMN ` + col + ` TEXT`); err != nil {
				return err
			}
		}
	}
	_, err = tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
	return err
}

// Open opens (creating when needed) the cache at path; "" means
// [DefaultPath]. The parent directory is created with mode 0o755.
func Open(path string, opt Options) (*Cache, error) {
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if opt.Tolerance <= 0 {
		opt.Tolerance = DefaultTolerance
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 10 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.ReadOnly || !writable(path) {
		return openReadOnly(path, opt)
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(opt.BusyTimeout.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL") // WAL + NORMAL: durable at checkpoints, never corrupt
	q.Set("_txlock", "immediate")   // writers take the lock at BEGIN: no upgrade deadlocks
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	c := &Cache{db: db, path: path, opt: opt}
	if err := c.tx(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(schema); err != nil {
			return err
		}
		return migrate(tx)
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	return c, nil
}

// openReadOnly opens an existing cache that this process must not write:
// immutable (SQLite creates no -wal or -shm file and takes no lock), and
// query-only, so that nothing is ever written to the file or its folder. The
// file's owner should not write it meanwhile; the cache's own writes leave
// no uncheckpointed WAL once its last writer has closed it.
func openReadOnly(path string, opt Options) (*Cache, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open cache %s: it cannot be created here (the folder is not writable): %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	q.Set("_query_only", "1")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open cache %s (read-only): %w", path, err)
	}
	var v int
	if err := db.QueryRow(`SELECT count(*) FROM series`).Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s (read-only): not a price cache of eventstudy: %w", path, err)
	}
	return &Cache{db: db, path: path, opt: opt, readOnly: true}, nil
}

// writable reports whether the cache at path can be written: the file (if
// it exists) and its folder, which holds SQLite's -wal and -shm files; a
// missing folder is created.
func writable(path string) bool {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	if _, err := os.Stat(path); err == nil && !canWrite(path) {
		return false
	}
	return canWrite(dir)
}

// ReadOnly reports whether the cache was opened read-only: it then never
// writes, and every write returns [ErrReadOnly].
func (c *Cache) ReadOnly() bool { return c.readOnly }

// Path returns the database file.
func (c *Cache) Path() string { return c.path }

// Close closes the database.
func (c *Cache) Close() error { return c.db.Close() }

// tx runs f in one IMMEDIATE transaction, committing when f returns nil.
func (c *Cache) tx(ctx context.Context, f func(*sql.Tx) error) error {
	if c.readOnly {
		return fmt.Errorf("%w (%s)", ErrReadOnly, c.path)
	}
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Range is a span of civil dates, both ends inclusive.
type Range struct{ From, To time.Time }

func (r Range) String() string {
	if r.From.Equal(r.To) {
		return r.From.Format(time.DateOnly)
	}
	return r.From.Format(time.DateOnly) + ".." + r.To.Format(time.DateOnly)
}

func dayNum(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dayTime(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

func nullable(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// Missing returns the trading days of cal in from..to that no fetched range
// covers, as maximal runs of consecutive trading days. nil means everything is
// cached.
func (c *Cache) Missing(ctx context.Context, source, symbol string, from, to time.Time, cal *calendar.Calendar) ([]Range, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT first, last FROM coverage WHERE source = ? AND symbol = ? AND last >= ? AND first <= ?`,
		source, symbol, dayNum(from), dayNum(to))
	if err != nil {
		return nil, fmt.Errorf("cache missing %s %s: %w", source, symbol, err)
	}
	defer rows.Close()
	var cov [][2]int64
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		cov = append(cov, [2]int64{a, b})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	covered := func(d int64) bool {
		for _, r := range cov {
			if d >= r[0] && d <= r[1] {
				return true
			}
		}
		return false
	}
	var out []Range
	prevMissing := false
	for _, d := range cal.Days(from, to) {
		if covered(dayNum(d)) {
			prevMissing = false
			continue
		}
		if prevMissing {
			out[len(out)-1].To = d
		} else {
			out = append(out, Range{d, d})
		}
		prevMissing = true
	}
	return out, nil
}

// Bars returns the cached bars of (source, symbol) dated from..to, ascending.
// Missing prices are NaN, an unknown volume -1.
func (c *Cache) Bars(ctx context.Context, source, symbol string, from, to time.Time) ([]data.Bar, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT day, open, high, low, close, adj_close, volume FROM bars
		WHERE source = ? AND symbol = ? AND day BETWEEN ? AND ? ORDER BY day`, source, symbol, dayNum(from), dayNum(to))
	if err != nil {
		return nil, fmt.Errorf("cache read %s %s: %w", source, symbol, err)
	}
	defer rows.Close()
	var out []data.Bar
	for rows.Next() {
		var d int64
		var o, h, l, cl, a sql.NullFloat64
		var v sql.NullInt64
		if err := rows.Scan(&d, &o, &h, &l, &cl, &a, &v); err != nil {
			return nil, fmt.Errorf("cache read %s %s: %w", source, symbol, err)
		}
		b := data.Bar{Date: dayTime(d), Open: nan(o), High: nan(h), Low: nan(l), Close: nan(cl), AdjClose: nan(a), Volume: -1}
		if v.Valid {
			b.Volume = v.Int64
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func nan(x sql.NullFloat64) float64 {
	if !x.Valid {
		return math.NaN()
	}
	return x.Float64
}

// A VintageError reports that fetched adjusted closes differ from the cached
// ones on common days: the vendor re-adjusted history.
type VintageError struct {
	Source, Symbol string
	FirstDiff      time.Time // earliest differing day
	Cached, Got    float64   // adjusted closes on FirstDiff
	MaxRel         float64   // largest relative difference over common days
	Days           int       // common days that differ
}

func (e *VintageError) Error() string {
	return fmt.Sprintf("%s %s: adjusted history changed (vintage): %d days differ, first %s (cached %g, now %g), max relative change %.3g",
		e.Source, e.Symbol, e.Days, e.FirstDiff.Format(time.DateOnly), e.Cached, e.Got, e.MaxRel)
}

// ErrVintageChanged is wrapped by *VintageError.
var ErrVintageChanged = errors.New("adjusted history changed")

func (e *VintageError) Unwrap() error { return ErrVintageChanged }

// Put stores bars fetched for the range covered (which marks every day of it
// as known, with or without a bar), in one transaction. When a bar's adjusted
// close differs from a cached one beyond the tolerance, Put writes nothing and
// returns a *VintageError: fetch the series again and [Cache.Replace] it.
// Bars outside covered are stored too (sources may return more).
func (c *Cache) Put(ctx context.Context, source, symbol string, covered Range, bars []data.Bar) error {
	return c.PutListing(ctx, source, symbol, covered, bars, data.Listing{})
}

// PutListing is [Cache.Put] that also stores, in the same transaction, the
// company's names the response carried (l's non-empty fields replace the
// stored ones; [Cache.Listing] reads them).
func (c *Cache) PutListing(ctx context.Context, source, symbol string, covered Range, bars []data.Bar, l data.Listing) error {
	now := c.opt.Now().Unix()
	err := c.tx(ctx, func(tx *sql.Tx) error {
		vintage, err := seriesVintage(tx, source, symbol, now)
		if err != nil {
			return err
		}
		if err := putListing(tx, source, symbol, l); err != nil {
			return err
		}
		if len(bars) > 0 {
			if verr := c.compare(tx, source, symbol, bars); verr != nil {
				return verr
			}
		}
		return insert(tx, source, symbol, covered, bars, now, vintage)
	})
	if err != nil {
		var verr *VintageError
		if errors.As(err, &verr) {
			return err
		}
		return fmt.Errorf("cache write %s %s: %w", source, symbol, err)
	}
	return nil
}

// putListing stores the non-empty names of l on the series' row.
func putListing(tx *sql.Tx, source, symbol string, l data.Listing) error {
	for col, v := range map[string]string{"long_name": l.LongName, "short_name": l.ShortName} {
		if v == "" {
			continue
		}
		if _, err := tx.Exec(`UPDATE series SET `+col+` = ? WHERE source = ? AND symbol = ?`, v, source, symbol); err != nil {
			return err
		}
	}
	return nil
}

// Listing returns the company's names stored with the series of (source,
// symbol); empty fields when unknown (an older version filled the series,
// or the vendor sent none).
func (c *Cache) Listing(ctx context.Context, source, symbol string) (data.Listing, error) {
	var long, short sql.NullString
	err := c.db.QueryRowContext(ctx, `SELECT long_name, short_name FROM series WHERE source = ? AND symbol = ?`, source, symbol).Scan(&long, &short)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Listing{}, nil
	}
	if err != nil {
		return data.Listing{}, fmt.Errorf("cache listing %s %s: %w", source, symbol, err)
	}
	return data.Listing{LongName: long.String, ShortName: short.String}, nil
}

// seriesVintage returns the series' vintage, creating the series at 1.
func seriesVintage(tx *sql.Tx, source, symbol string, now int64) (int64, error) {
	var v int64
	err := tx.QueryRow(`SELECT vintage FROM series WHERE source = ? AND symbol = ?`, source, symbol).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.Exec(`INSERT INTO series (source, symbol, vintage, created) VALUES (?, ?, 1, ?)`, source, symbol, now)
		return 1, err
	}
	return v, err
}

func (c *Cache) compare(tx *sql.Tx, source, symbol string, bars []data.Bar) error {
	rows, err := tx.Query(`SELECT day, adj_close FROM bars WHERE source = ? AND symbol = ? AND day BETWEEN ? AND ?`,
		source, symbol, dayNum(bars[0].Date), dayNum(bars[len(bars)-1].Date))
	if err != nil {
		return err
	}
	cached := map[int64]float64{}
	for rows.Next() {
		var d int64
		var a sql.NullFloat64
		if err := rows.Scan(&d, &a); err != nil {
			rows.Close()
			return err
		}
		if a.Valid {
			cached[d] = a.Float64
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var verr *VintageError
	for _, b := range bars {
		old, ok := cached[dayNum(b.Date)]
		if !ok || math.IsNaN(b.AdjClose) {
			continue
		}
		rel := math.Abs(b.AdjClose-old) / math.Max(math.Abs(old), 1e-12)
		if rel <= c.opt.Tolerance {
			continue
		}
		if verr == nil {
			verr = &VintageError{Source: source, Symbol: symbol, FirstDiff: b.Date, Cached: old, Got: b.AdjClose}
		}
		verr.Days++
		verr.MaxRel = math.Max(verr.MaxRel, rel)
	}
	if verr != nil {
		return verr
	}
	return nil
}

func insert(tx *sql.Tx, source, symbol string, covered Range, bars []data.Bar, now, vintage int64) error {
	st, err := tx.Prepare(`INSERT INTO bars (source, symbol, day, open, high, low, close, adj_close, volume, fetched, vintage)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, symbol, day) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
		close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume, fetched = excluded.fetched,
		vintage = excluded.vintage`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, b := range bars {
		var vol any
		if b.Volume >= 0 {
			vol = b.Volume
		}
		if _, err := st.Exec(source, symbol, dayNum(b.Date), nullable(b.Open), nullable(b.High), nullable(b.Low),
			nullable(b.Close), nullable(b.AdjClose), vol, now, vintage); err != nil {
			return err
		}
	}
	if !covered.From.IsZero() {
		if _, err := tx.Exec(`INSERT INTO coverage (source, symbol, first, last, fetched) VALUES (?, ?, ?, ?, ?)`,
			source, symbol, dayNum(covered.From), dayNum(covered.To), now); err != nil {
			return err
		}
	}
	return nil
}

// Replace swaps the whole cached series of (source, symbol) for bars fetched
// over covered, in one transaction: the old bars and coverage go, the vintage
// is incremented, and the change is recorded with note (and verr's details
// when not nil).
func (c *Cache) Replace(ctx context.Context, source, symbol string, covered Range, bars []data.Bar, verr *VintageError, note string) error {
	now := c.opt.Now().Unix()
	err := c.tx(ctx, func(tx *sql.Tx) error {
		old, err := seriesVintage(tx, source, symbol, now)
		if err != nil {
			return err
		}
		nv := old + 1
		for _, q := range []string{`DELETE FROM bars WHERE source = ? AND symbol = ?`, `DELETE FROM coverage WHERE source = ? AND symbol = ?`} {
			if _, err := tx.Exec(q, source, symbol); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE series SET vintage = ?, created = ? WHERE source = ? AND symbol = ?`, nv, now, source, symbol); err != nil {
			return err
		}
		var first, maxRel any
		if verr != nil {
			first, maxRel = dayNum(verr.FirstDiff), verr.MaxRel
			if note == "" {
				note = verr.Error()
			}
		}
		if _, err := tx.Exec(`INSERT INTO vintage_changes (source, symbol, at, old_vintage, new_vintage, first_diff, max_rel, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, source, symbol, now, old, nv, first, maxRel, note); err != nil {
			return err
		}
		return insert(tx, source, symbol, covered, bars, now, nv)
	})
	if err != nil {
		return fmt.Errorf("cache replace %s %s: %w", source, symbol, err)
	}
	return nil
}

// Coverage returns the union of the fetched ranges of (source, symbol) as
// disjoint ranges, ascending; nil when nothing is cached.
func (c *Cache) Coverage(ctx context.Context, source, symbol string) ([]Range, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT first, last FROM coverage WHERE source = ? AND symbol = ? ORDER BY first, last`, source, symbol)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Range
	var lastEnd int64
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		if len(out) > 0 && a <= lastEnd+1 {
			if b > lastEnd {
				lastEnd = b
				out[len(out)-1].To = dayTime(b)
			}
			continue
		}
		out = append(out, Range{dayTime(a), dayTime(b)})
		lastEnd = b
	}
	return out, rows.Err()
}

// Vintage returns the current vintage of (source, symbol), 0 when absent.
func (c *Cache) Vintage(ctx context.Context, source, symbol string) (int, error) {
	var v int
	err := c.db.QueryRowContext(ctx, `SELECT vintage FROM series WHERE source = ? AND symbol = ?`, source, symbol).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// VintageChange is one recorded replacement of a series.
type VintageChange struct {
	Source, Symbol string
	At             time.Time
	Old, New       int
	FirstDiff      time.Time // zero when unknown (a forced refresh)
	MaxRel         float64   // NaN when unknown
	Note           string
}

// VintageChanges returns the recorded replacements, oldest first; empty
// source or symbol match all.
func (c *Cache) VintageChanges(ctx context.Context, source, symbol string) ([]VintageChange, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT source, symbol, at, old_vintage, new_vintage, first_diff, max_rel, note
		FROM vintage_changes WHERE (? = '' OR source = ?) AND (? = '' OR symbol = ?) ORDER BY at, rowid`, source, source, symbol, symbol)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VintageChange
	for rows.Next() {
		var v VintageChange
		var at int64
		var first sql.NullInt64
		var rel sql.NullFloat64
		if err := rows.Scan(&v.Source, &v.Symbol, &at, &v.Old, &v.New, &first, &rel, &v.Note); err != nil {
			return nil, err
		}
		v.At = time.Unix(at, 0).UTC()
		if first.Valid {
			v.FirstDiff = dayTime(first.Int64)
		}
		v.MaxRel = nan(rel)
		out = append(out, v)
	}
	return out, rows.Err()
}

// PutFile stores a downloaded file (a factor zip) under key, replacing any
// previous one, in one transaction.
func (c *Cache) PutFile(ctx context.Context, key string, body []byte) error {
	now := c.opt.Now().Unix()
	return c.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO files (key, fetched, body) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET fetched = excluded.fetched, body = excluded.body`, key, now, body)
		return err
	})
}

// File returns the file stored under key and when it was fetched; ok is false
// when there is none.
func (c *Cache) File(ctx context.Context, key string) (body []byte, fetched time.Time, ok bool, err error) {
	var at int64
	err = c.db.QueryRowContext(ctx, `SELECT body, fetched FROM files WHERE key = ?`, key).Scan(&body, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, err
	}
	return body, time.Unix(at, 0).UTC(), true, nil
}
