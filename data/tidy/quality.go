package tidy

import (
	"strings"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/calendar"
	"github.com/eventstudy/eventstudy/data/quality"
	"github.com/eventstudy/eventstudy/study"
)

// Quality is the data-quality report of one event, written as columns of
// events.csv after the model columns: counts that a filter can use and a
// readable note. Nothing is dropped because of it.
type Quality struct {
	MissingDays int // NYSE trading days from the estimation start to the event-window end without a firm price
	StaleDays   int // days inside runs of ≥ 5 zero returns (stale or forward-filled prices)
	SplitJumps  int // day-over-day price ratios that look like an unadjusted split
	// ZeroVolumeDays counts the days without trades (volume 0) from the
	// estimation start to the event-window end of a volume study
	// (study.MeasureVolume), where Volume is true; in other studies volume is
	// not read and the cell is empty.
	ZeroVolumeDays int
	Volume         bool
	Confounding    string // ids of other events of the same firm inside this event's estimation or event window, ";"-separated
	Note           string // the readable notes, "; "-separated
}

// QualityColumns are the columns of Quality in events.csv.
var QualityColumns = []string{"missing_days", "stale_days", "split_jumps", "zero_volume_days", "confounding", "quality_note"}

// EventQuality is the data-quality report of one computed event r, as
// eventstudy run and the Beam pipeline write it: empty for an event without an
// estimation window (it failed before the fit); the volume checks
// (quality.VolumeReport) in a volume study (volume); else the price checks
// (quality.EventReport). series returns the firm's series as read (prices, or
// volumes in a volume study; empty when the inputs are returns) and its index
// (nil: counted directly); it is called only when a check reads it. firm is
// the firm's events by date (confounding events).
func EventQuality(r *study.Result, volume bool, cal *calendar.Calendar, firm []quality.Dated,
	series func() (data.Series, *quality.Index)) Quality {
	if r.Fit.EstStart.IsZero() || len(r.Days) == 0 {
		return Quality{}
	}
	from, to := r.Fit.EstStart, r.Days[len(r.Days)-1].Date
	s, idx := series()
	if volume {
		q := FromReport(quality.VolumeReport(s, cal, r.Event.Symbol, r.Event.ID, from, to, firm))
		q.Volume = true
		return q
	}
	return FromReport(quality.EventReport(s, idx, cal, r.Event.Symbol, r.Event.ID, from, to, firm))
}

// FromReport is the events.csv form of a report.
func FromReport(rep quality.Report) Quality {
	return Quality{MissingDays: rep.MissingDays, StaleDays: rep.StaleDays, SplitJumps: rep.SplitJumps,
		ZeroVolumeDays: rep.ZeroVolumeDays, Confounding: strings.Join(rep.Confounding, ";"), Note: rep.Note}
}
