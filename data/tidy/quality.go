package tidy

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
