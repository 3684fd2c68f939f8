package study

import (
	"testing"
	"unsafe"
)

// TestPanelRowSize keeps the per-event row of the tests across events small
// (a million are kept at once): the fields of --model garch and --by live
// beside it (Panel.EstVar, Panel.Group), not in it. On 64-bit platforms the
// row is 216 bytes: Event 112, RowFit 56,
// and the CARs and EstAR slice headers 24 each; it was 248 bytes while it
// held EstVar (24) and Group (8).
func TestPanelRowSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are those of a 64-bit platform")
	}
	t.Logf("Event %d, RowFit %d, PanelRow %d bytes", unsafe.Sizeof(Event{}), unsafe.Sizeof(RowFit{}), unsafe.Sizeof(PanelRow{}))
	if got, want := unsafe.Sizeof(PanelRow{}), uintptr(216); got > want {
		t.Errorf("unsafe.Sizeof(PanelRow{}) = %d bytes, want at most %d", got, want)
	}
}
