package cache

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
)

// Entry summarises one cached series for `eventstudy cache ls`.
type Entry struct {
	Source, Symbol string
	First, Last    time.Time // first and last bar; zero when the series has no bar
	Bars           int
	Missing        int // bars with a missing (NULL) adjusted close
	Vintage        int
	Fetched        time.Time    // latest fetch
	Listing        data.Listing // the company's names stored with the series (empty: unknown)
}

// List returns the cached series, sorted by source then symbol. Empty source
// matches all sources.
func (c *Cache) List(ctx context.Context, source string) ([]Entry, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT s.source, s.symbol, s.vintage, COALESCE(s.long_name, ''), COALESCE(s.short_name, ''),
		MIN(b.day), MAX(b.day), COUNT(b.day), COALESCE(SUM(b.adj_close IS NULL AND b.day IS NOT NULL), 0),
		MAX(COALESCE(b.fetched, 0), COALESCE((SELECT MAX(fetched) FROM coverage v WHERE v.source = s.source AND v.symbol = s.symbol), 0))
		FROM series s LEFT JOIN bars b ON b.source = s.source AND b.symbol = s.symbol
		WHERE ? = '' OR s.source = ?
		GROUP BY s.source, s.symbol ORDER BY s.source, s.symbol`, source, source)
	if err != nil {
		return nil, fmt.Errorf("cache ls: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var first, last sql.NullInt64
		var fetched int64
		if err := rows.Scan(&e.Source, &e.Symbol, &e.Vintage, &e.Listing.LongName, &e.Listing.ShortName, &first, &last, &e.Bars, &e.Missing, &fetched); err != nil {
			return nil, fmt.Errorf("cache ls: %w", err)
		}
		if first.Valid {
			e.First, e.Last = dayTime(first.Int64), dayTime(last.Int64)
		}
		e.Fetched = time.Unix(fetched, 0).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Remove deletes the given symbols of source (all symbols when symbols is
// empty; all sources when source is empty), bars, coverage and series, in one
// transaction. It returns the number of series removed. Vintage history is
// kept.
func (c *Cache) Remove(ctx context.Context, source string, symbols ...string) (int, error) {
	var n int
	err := c.tx(ctx, func(tx *sql.Tx) error {
		where, args := filter(source, symbols)
		for _, table := range []string{"bars", "coverage"} {
			if _, err := tx.Exec(`DELETE FROM `+table+` WHERE `+where, args...); err != nil {
				return err
			}
		}
		res, err := tx.Exec(`DELETE FROM series WHERE `+where, args...)
		if err != nil {
			return err
		}
		k, err := res.RowsAffected()
		n = int(k)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("cache rm: %w", err)
	}
	return n, nil
}

func filter(source string, symbols []string) (string, []any) {
	where := []string{"1 = 1"}
	var args []any
	if source != "" {
		where = append(where, "source = ?")
		args = append(args, source)
	}
	if len(symbols) > 0 {
		where = append(where, "symbol IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(symbols)), ", ")+")")
		for _, s := range symbols {
			args = append(args, s)
		}
	}
	return strings.Join(where, " AND "), args
}

// ExportHeader is the header of [Cache.Export]'s CSV.
var ExportHeader = []string{"source", "symbol", "date", "open", "high", "low", "close", "adj_close", "volume", "fetched", "vintage"}

// Export writes the cached bars of source and symbols (all when empty) as CSV
// with [ExportHeader]: one row per bar, sorted by source, symbol and date;
// numbers in shortest round-trip form, missing values empty, fetched in
// RFC 3339 UTC.
func (c *Cache) Export(ctx context.Context, w io.Writer, source string, symbols ...string) error {
	where, args := filter(source, symbols)
	rows, err := c.db.QueryContext(ctx, `SELECT source, symbol, day, open, high, low, close, adj_close, volume, fetched, vintage
		FROM bars WHERE `+where+` ORDER BY source, symbol, day`, args...)
	if err != nil {
		return fmt.Errorf("cache export: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportHeader); err != nil {
		return err
	}
	rec := make([]string, len(ExportHeader))
	for rows.Next() {
		var src, sym string
		var day, fetched, vintage int64
		var p [5]sql.NullFloat64
		var vol sql.NullInt64
		if err := rows.Scan(&src, &sym, &day, &p[0], &p[1], &p[2], &p[3], &p[4], &vol, &fetched, &vintage); err != nil {
			return fmt.Errorf("cache export: %w", err)
		}
		rec[0], rec[1], rec[2] = src, sym, dayTime(day).Format(time.DateOnly)
		for i, x := range p {
			rec[3+i] = formatFloat(nan(x))
		}
		rec[8] = ""
		if vol.Valid {
			rec[8] = strconv.FormatInt(vol.Int64, 10)
		}
		rec[9] = time.Unix(fetched, 0).UTC().Format(time.RFC3339)
		rec[10] = strconv.FormatInt(vintage, 10)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cache export: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

func formatFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
