package tidy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"

	"github.com/eventstudy/eventstudy/study"
)

// Manifest records how a study was made: the tool, every parameter and each
// input file with its SHA-256, so that the run can be reproduced and checked.
type Manifest struct {
	Tool       string         `json:"tool"`
	Version    string         `json:"version"`
	GoVersion  string         `json:"go_version"`
	Created    string         `json:"created,omitempty"` // RFC 3339, UTC
	Command    []string       `json:"command,omitempty"`
	Parameters Parameters     `json:"parameters"`
	Inputs     []Input        `json:"inputs"`
	Events     int            `json:"events"`
	Statuses   map[string]int `json:"statuses"`
	Outputs    []Output       `json:"outputs"` // every file of the run but manifest.json, with its SHA-256 (Publish)
	Notes      []string       `json:"notes,omitempty"`
	Steps      []Step         `json:"steps,omitempty"` // commands that added files to the finished run (RecordStep)
}

// Step is a command that added files to a finished run (eventstudy regress):
// its command line, when, and the files it wrote, which Outputs also lists.
type Step struct {
	Command []string `json:"command"`
	Created string   `json:"created"` // RFC 3339, UTC
	Outputs []string `json:"outputs"`
}

// Parameters are the study's choices as written in manifest.json.
type Parameters struct {
	Measure         string     `json:"measure"` // returns, volume, volatility (--measure)
	Model           string     `json:"model"`
	Estimation      [2]int     `json:"estimation"`
	Window          [2]int     `json:"window"`
	CARs            [][2]int   `json:"car_windows"`
	MinEst          int        `json:"min_est"`
	ReturnType      string     `json:"returns_type"`
	NonTrading      string     `json:"non_trading"`
	Market          string     `json:"market"`
	Source          string     `json:"source"`
	PriceField      string     `json:"price_field,omitempty"`
	DateFormat      string     `json:"date_format,omitempty"`
	InputIsRet      bool       `json:"input_is_returns"`
	Tests           []string   `json:"tests"`
	PValues         string     `json:"p_values"`       // alternative of the tests across events: two-sided, greater, less
	BootstrapReps   int        `json:"bootstrap_reps"` // resamples of the bootstrap CI (0 = study.DefaultBootstrapReps)
	Seed            uint64     `json:"seed"`           // seed of the bootstrap
	ARVariance      string     `json:"ar_variance"`
	CARVariance     string     `json:"car_variance"`
	SigmaDF         string     `json:"sigma_df"`
	Conventions     string     `json:"conventions"`       // preset: canonical, estudy2, lemaire, est
	TDF             string     `json:"t_df"`              // degrees of freedom of the per-event t-tests
	NonTradingLimit int        `json:"non_trading_limit"` // calendar days; 0 = no limit
	Beta            string     `json:"beta"`              // ols, scholes-williams, dimson
	DimsonLags      int        `json:"dimson_lags,omitempty"`
	Extra           []string   `json:"carried_columns"`
	EventsSource    string     `json:"events"`
	Other           []KeyValue `json:"other,omitempty"`
}

// KeyValue is a parameter that has no field of its own.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Input is one file read by the study.
type Input struct {
	Role   string `json:"role"` // events, prices, returns
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// NewParameters fills the study part of Parameters from p, with the
// conventions the canonical study uses.
func NewParameters(p study.Params) Parameters {
	out := Parameters{
		Measure:     p.Measure.String(),
		Model:       p.ModelName(),
		Estimation:  [2]int{p.Estimation.Start, p.Estimation.End},
		Window:      [2]int{p.Event.Start, p.Event.End},
		MinEst:      p.MinEst,
		ReturnType:  p.ReturnType.String(),
		NonTrading:  p.NonTrading.String(),
		PValues:     "two-sided",
		ARVariance:  "prediction error (MacKinlay 1997, eq. 8)",
		CARVariance: "exact finite-sample (Campbell, Lo & MacKinlay 1997, sec. 4.4)",
		SigmaDF:     "L1-k (k = parameters of the model)",
	}
	c := p.Conventions
	out.PValues = c.Alternative.String()
	out.BootstrapReps = c.BootstrapReps
	if out.BootstrapReps == 0 {
		out.BootstrapReps = study.DefaultBootstrapReps
	}
	out.Seed = c.Seed
	out.Conventions = c.Name
	if out.Conventions == "" {
		out.Conventions = "canonical"
	}
	switch c.SigmaDF {
	case study.SigmaLminus1:
		out.SigmaDF = "L1-1"
	case study.SigmaL:
		out.SigmaDF = "L1"
	}
	if c.NoPredError {
		out.ARVariance = "sigma^2 (no prediction-error term)"
	}
	if c.NoPredError || c.CARVar == study.CARVarAdditive {
		out.CARVariance = "L2*sigma^2 (additive)"
	}
	out.TDF = "L1-k"
	if c.TDFLminus1 {
		out.TDF = "L1-1"
	}
	out.NonTradingLimit = c.NonTradingLimit
	out.Beta = p.Beta.String()
	if p.Beta == study.BetaDimson {
		out.DimsonLags = max(p.DimsonLags, 1)
	}
	for _, w := range p.CARs {
		out.CARs = append(out.CARs, [2]int{w.Start, w.End})
	}
	return out
}

// NewManifest starts a manifest with the tool's build information.
func NewManifest() *Manifest {
	m := &Manifest{Tool: "eventstudy", Version: "(devel)", GoVersion: runtime.Version(), Statuses: map[string]int{}}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			m.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				m.Version += " " + s.Value
			}
		}
	}
	return m
}

// JSON encodes the manifest, indented, with sorted keys where it has maps.
func (m *Manifest) JSON() ([]byte, error) {
	sort.Slice(m.Inputs, func(i, j int) bool {
		if m.Inputs[i].Role != m.Inputs[j].Role {
			return m.Inputs[i].Role < m.Inputs[j].Role
		}
		return m.Inputs[i].Path < m.Inputs[j].Path
	})
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// HashFile returns the SHA-256 (hex) and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// HashBytes returns the SHA-256 (hex) of b.
func HashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
