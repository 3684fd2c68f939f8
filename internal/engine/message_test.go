package engine

import (
	"fmt"
	"testing"

	"github.com/eventstudy/eventstudy/data"
)

// A source's error that names the symbol itself is not prefixed with it
// again: "firm SYNZ: unknown symbol …", not "firm SYNZ: SYNZ: …" (issue 13).
func TestSourceMessageSaysSymbolOnce(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("SYNZ: %w (searched prices.csv)", data.ErrUnknownSymbol), "firm SYNZ: unknown symbol (searched prices.csv)"},
		{fmt.Errorf("synz: %w", data.ErrUnknownSymbol), "firm SYNZ: unknown symbol"},
		{fmt.Errorf("yahoo: %w", data.ErrUnavailable), "firm SYNZ: yahoo: " + data.ErrUnavailable.Error()},
		{fmt.Errorf("SYNZA: %w", data.ErrUnknownSymbol), "firm SYNZ: SYNZA: unknown symbol"},
	} {
		if got := SourceMessage("firm", "SYNZ", c.err); got != c.want {
			t.Errorf("SourceMessage(%q) = %q, want %q", c.err, got, c.want)
		}
	}
}
