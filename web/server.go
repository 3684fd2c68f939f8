package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/eventstudy/eventstudy/charts"
	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/data/symbols"
	"github.com/eventstudy/eventstudy/study"
)

// Defaults of the zero Config fields.
const (
	DefaultMaxUpload = 5 << 20 // bytes of an events CSV (upload or paste)
	DefaultMaxEvents = 5000    // events of one batch
	DefaultQueue     = 4       // studies waiting for a worker
	DefaultWorkers   = 1       // studies computed at once
	DefaultExpire    = 2 * time.Hour
	DefaultTimeout   = 60 * time.Second // one request, a fetch included
)

// Config is what the server needs. The zero value of each optional field
// takes the default named beside it.
type Config struct {
	// Source gives prices to the one-event page. Use one Source for the
	// server's life: behind a cache (provider.Cached) concurrent requests for
	// a symbol then share one fetch.
	Source data.Source
	// ChartSpec is the spec of the answer's chart, the headline as its
	// title; `eventstudy serve` gives the spec of `quick --chart`. nil: the
	// default spec with the headline.
	ChartSpec func(p study.Params, headline string) charts.Spec
	// Symbols and SourceName are those of quick.Request: the ticker history
	// a web source resolves with (FB in 2018 → META), the source's name.
	Symbols    *symbols.History
	SourceName string
	Market     string       // default benchmark of the forms; "" is ^GSPC
	Params     study.Params // design of the one-event answer (conventions of the flags)
	Returns    bool         // Source holds returns, not prices: no price chart
	Factors    *study.FactorSeries

	// Study runs batches; nil turns the /study pages off (404).
	Study StudyRunner

	MaxUpload int64         // bytes of an events CSV; 0: DefaultMaxUpload
	MaxEvents int           // events of one batch; 0: DefaultMaxEvents
	Queue     int           // studies waiting; 0: DefaultQueue
	Workers   int           // studies at once; 0: DefaultWorkers
	Expire    time.Duration // a finished study's files are deleted this long after; 0: DefaultExpire
	Timeout   time.Duration // one request; 0: DefaultTimeout
	// WorkDir holds the studies' folders; "" makes a temporary folder that
	// Close removes.
	WorkDir string
	// Now is the clock (whether the market has closed); nil: time.Now.
	Now func() time.Time
	// Log receives what the operator should see (failed studies, internal
	// errors with their detail); nil: the standard logger.
	Log *log.Logger
}

// A StudyRunner computes a batch study into a folder: the same outputs as
// `eventstudy run`, report.html included.
type StudyRunner interface {
	// Check validates the choices of req (model, windows, market) without
	// computing; its error is shown to the user.
	Check(req StudyRequest) error
	// Run computes the study of req.Events into req.Out, calling
	// req.Progress as events finish.
	Run(ctx context.Context, req StudyRequest) error
}

// StudyRequest is one batch as the form describes it. Paths are the
// server's own (a folder per study); no path comes from a request.
type StudyRequest struct {
	Events     string   // the events CSV, written by the server
	Out        string   // the output folder; "" for Check
	Model      string   // as --model
	Estimation string   // "a,b" as --estimation
	Window     string   // "a,b" as --window
	CARs       []string // "a,b" each, as --car
	Market     string   // as --market
	// Progress is called with the events done out of total; it may be nil.
	Progress func(done, total int)
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server serves the pages. Create it with [New]; it is an http.Handler.
type Server struct {
	cfg     Config
	pages   map[string]*template.Template
	handler http.Handler
	flight  flight
	jobs    *jobs
	tmpDir  string // WorkDir made by New, removed by Close
}

// New checks cfg, fills its defaults and starts the study workers.
func New(cfg Config) (*Server, error) {
	if cfg.Source == nil {
		return nil, errors.New("web: Config.Source is nil")
	}
	if cfg.Market == "" {
		cfg.Market = "^GSPC"
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.MaxEvents <= 0 {
		cfg.MaxEvents = DefaultMaxEvents
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Expire <= 0 {
		cfg.Expire = DefaultExpire
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.ChartSpec == nil {
		cfg.ChartSpec = func(_ study.Params, headline string) charts.Spec {
			spec := charts.DefaultSpec()
			spec.News.Headline = headline
			return spec
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}}
	for _, p := range []string{"index", "answer", "error", "study", "job"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", p, err)
		}
		s.pages[p] = t
	}
	if cfg.Study != nil {
		if cfg.WorkDir == "" {
			d, err := os.MkdirTemp("", "eventstudy-serve-")
			if err != nil {
				return nil, fmt.Errorf("web: work folder: %w", err)
			}
			s.cfg.WorkDir, s.tmpDir = d, d
		}
		s.jobs = newJobs(s.cfg, s.runJob)
	}
	s.handler = s.routes()
	return s, nil
}

// Close stops the studies (running ones are cancelled) and removes the
// folder New made.
func (s *Server) Close() error {
	if s.jobs != nil {
		s.jobs.close()
	}
	if s.tmpDir != "" {
		return os.RemoveAll(s.tmpDir)
	}
	return nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an http.Server for addr with the timeouts of cfg: slow
// clients cannot hold connections open.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.Timeout,
		WriteTimeout:      s.cfg.Timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /quick", s.quickPage)
	mux.HandleFunc("GET /quick.json", s.quickJSON)
	mux.HandleFunc("GET /quick.png", s.quickChart("png"))
	mux.HandleFunc("GET /quick.svg", s.quickChart("svg"))
	mux.HandleFunc("GET /quick.csv", s.quickCSV)
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	if s.jobs != nil {
		mux.HandleFunc("GET /study", s.studyForm)
		mux.HandleFunc("POST /study", s.studySubmit)
		mux.HandleFunc("GET /study/{id}", s.jobPage)
		mux.HandleFunc("GET /study/{id}/report.html", s.jobReport)
		mux.HandleFunc("GET /study/{id}/outputs.zip", s.jobZip)
	}
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "Page not found",
			Detail: "There is no page at this address. Start from the form for one event or a batch study."})
	})
	var h http.Handler = mux
	h = http.NewCrossOriginProtection().Handler(h)
	return s.guard(h)
}

// guard sets the security headers, bounds each request's time and turns a
// panic into a plain 500 page (the detail goes to the log, not the reader).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
		defer cancel()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Log.Printf("serve: panic on %s: %v\n%s", r.URL.Path, v, debug.Stack())
				s.fail(w, r, &pageError{Status: http.StatusInternalServerError, Title: "Something went wrong",
					Detail: "The server hit an internal error; it is logged. Try again, or tell whoever runs this server."})
			}
		}()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
