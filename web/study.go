package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/study"
)

// idPattern is a study id: the server's own 128 random bits in hex.
var idPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// studyForm is the batch form, as typed.
type studyForm struct {
	Paste, Model, Estimation, Window, CARs, Market string
}

// Models offered by the form; the runner may refuse factor models when the
// server has no factors.
var formModels = []string{"market", "market-adjusted", "constant-mean", "raw", "ff3", "ff5", "carhart"}

func (s *Server) defaultStudyForm() studyForm {
	p := s.cfg.Params
	var cars []string
	for _, w := range study.DefaultParams().CARs {
		cars = append(cars, fmt.Sprintf("%d,%d", w.Start, w.End))
	}
	return studyForm{Model: p.Model.String(), Estimation: fmt.Sprintf("%d,%d", p.Estimation.Start, p.Estimation.End),
		Window: fmt.Sprintf("%d,%d", p.Event.Start, p.Event.End), CARs: strings.Join(cars, " "), Market: s.cfg.Market}
}

func (s *Server) studyForm(w http.ResponseWriter, r *http.Request) {
	s.renderStudy(w, r, http.StatusOK, s.defaultStudyForm(), nil)
}

// renderStudy draws the batch form, with the problem e above it if any.
func (s *Server) renderStudy(w http.ResponseWriter, r *http.Request, status int, f studyForm, e *pageError) {
	s.render(w, status, "study", map[string]any{"Title": "A batch study", "F": f, "Models": formModels,
		"Err": e, "CSRF": csrfToken(w, r), "MaxEvents": s.cfg.MaxEvents, "MaxUpload": humanBytes(s.cfg.MaxUpload),
		"Expire": s.cfg.Expire.String()})
}

func (s *Server) studySubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+64<<10) // the form's other fields
	f := s.defaultStudyForm()
	bad := func(status int, title, detail string) {
		s.renderStudy(w, r, status, f, &pageError{Status: status, Title: title, Detail: detail, Back: "/study"})
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			bad(http.StatusRequestEntityTooLarge, "The file is too large",
				fmt.Sprintf("This server takes events files up to %s. Split the file into smaller batches.", humanBytes(s.cfg.MaxUpload)))
			return
		}
		bad(http.StatusBadRequest, "The form could not be read", "Send it again from this page.")
		return
	}
	if !csrfOK(r) {
		bad(http.StatusForbidden, "The form has expired", "Reload this page and submit the form again (its security token did not match).")
		return
	}
	f = studyForm{Paste: r.PostFormValue("paste"), Model: r.PostFormValue("model"), Estimation: strings.TrimSpace(r.PostFormValue("estimation")),
		Window: strings.TrimSpace(r.PostFormValue("window")), CARs: strings.TrimSpace(r.PostFormValue("car")),
		Market: strings.ToUpper(strings.TrimSpace(r.PostFormValue("market")))}
	if f.Market == "" {
		f.Market = s.cfg.Market
	}
	body, name, err := uploaded(r, s.cfg.MaxUpload)
	switch {
	case errors.Is(err, errTooLarge):
		bad(http.StatusRequestEntityTooLarge, "The file is too large",
			fmt.Sprintf("This server takes events files up to %s. Split the file into smaller batches.", humanBytes(s.cfg.MaxUpload)))
		return
	case err != nil:
		bad(http.StatusBadRequest, "No events", "Choose an events CSV file, or paste its rows (with the header line) into the box.")
		return
	}
	if !symbolPattern.MatchString(f.Market) {
		bad(http.StatusBadRequest, "Check the benchmark", fmt.Sprintf("%q is not a benchmark symbol: for the S&P 500 type ^GSPC.", clip(f.Market)))
		return
	}
	ef, err := data.ReadEvents(bytes.NewReader(body), name, data.EventOptions{})
	if err != nil {
		var pe *data.ParseError
		detail := err.Error()
		if errors.As(err, &pe) {
			detail = fmt.Sprintf("Line %d of %s: %s.", pe.Line, name, strings.TrimPrefix(pe.Error(), fmt.Sprintf("%s:%d: ", name, pe.Line)))
		}
		bad(http.StatusBadRequest, "The events file is malformed", detail+
			" The file needs a header line with symbol and date columns (dates as yyyy-mm-dd); time, event_id and market are optional.")
		return
	}
	switch n := len(ef.Rows); {
	case n == 0:
		bad(http.StatusBadRequest, "No events", "The file has a header but no event rows.")
		return
	case n > s.cfg.MaxEvents:
		bad(http.StatusRequestEntityTooLarge, "Too many events",
			fmt.Sprintf("The file has %d events; this server studies at most %d at a time. Split it into smaller batches.", n, s.cfg.MaxEvents))
		return
	}
	req := StudyRequest{Model: f.Model, Estimation: f.Estimation, Window: f.Window, CARs: strings.Fields(f.CARs), Market: f.Market}
	if err := s.cfg.Study.Check(req); err != nil {
		bad(http.StatusBadRequest, "Check the choices", err.Error())
		return
	}
	j, err := s.jobs.newJob(name)
	if err != nil {
		s.cfg.Log.Printf("serve: new study: %v", err)
		bad(http.StatusInternalServerError, "The study could not be started", "The server could not make its folder; it is logged.")
		return
	}
	j.Events = len(ef.Rows)
	req.Events = filepath.Join(j.dir, "events.csv")
	req.Out = filepath.Join(j.dir, "out")
	j.req = req
	if err := os.WriteFile(req.Events, body, 0o600); err != nil {
		os.RemoveAll(j.dir)
		s.cfg.Log.Printf("serve: new study: %v", err)
		bad(http.StatusInternalServerError, "The study could not be started", "The server could not store the events; it is logged.")
		return
	}
	if err := s.jobs.submit(j); err != nil {
		w.Header().Set("Retry-After", "60")
		bad(http.StatusServiceUnavailable, "The server is busy", fmt.Sprintf("%d studies are already waiting. Try again in a few minutes.", s.cfg.Queue))
		return
	}
	http.Redirect(w, r, "/study/"+j.ID, http.StatusSeeOther)
}

var errTooLarge = errors.New("too large")

// uploaded returns the events of the form: the file if one was chosen, else
// the pasted rows. name is for messages only (the base name the browser
// sent, letters, digits and . - _), never a path.
func uploaded(r *http.Request, limit int64) (body []byte, name string, err error) {
	if f, h, err := r.FormFile("events"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil {
			return nil, "", err
		}
		if int64(len(b)) > limit {
			return nil, "", errTooLarge
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return b, safeName(h.Filename), nil
		}
	}
	p := strings.TrimSpace(r.PostFormValue("paste"))
	if p == "" {
		return nil, "", errors.New("no events")
	}
	if int64(len(p)) > limit {
		return nil, "", errTooLarge
	}
	return []byte(p + "\n"), "pasted rows", nil
}

func safeName(s string) string {
	s = filepath.Base(strings.ReplaceAll(s, `\`, "/"))
	b := []rune{}
	for _, c := range s {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b = append(b, c)
		}
	}
	if len(b) == 0 || len(b) > 80 {
		return "events.csv"
	}
	return string(b)
}

func humanBytes(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// runJob computes a study through the runner.
func (s *Server) runJob(ctx context.Context, j *job) error {
	req := j.req
	req.Progress = func(done, total int) {
		j.mu.Lock()
		j.done, j.total = done, total
		j.mu.Unlock()
	}
	err := s.cfg.Study.Run(ctx, req)
	if err != nil {
		s.cfg.Log.Printf("serve: study %s: %v", j.ID, err)
		// The reader sees the message without the server's folders.
		return errors.New(strings.ReplaceAll(err.Error(), j.dir+string(filepath.Separator), ""))
	}
	return nil
}

// job returns the study of the request's id, or writes the 404 page.
func (s *Server) job(w http.ResponseWriter, r *http.Request) *job {
	id := r.PathValue("id")
	if idPattern.MatchString(id) {
		if j, _ := s.jobs.get(id); j != nil {
			return j
		}
	}
	s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "No such study", Back: "/study",
		Detail: fmt.Sprintf("This study has expired or never existed: results are kept for %s after they finish. Start it again from the batch form.", s.cfg.Expire)})
	return nil
}

func (s *Server) jobPage(w http.ResponseWriter, r *http.Request) {
	j := s.job(w, r)
	if j == nil {
		return
	}
	_, ahead := s.jobs.get(j.ID)
	snap := j.snapshot()
	snap.Ahead = ahead
	snap.ExpiresIn = s.cfg.Expire.String()
	s.render(w, http.StatusOK, "job", map[string]any{"Title": "Study of " + j.Name, "J": snap})
}

// finished returns the study if its outputs are complete, or writes a page.
func (s *Server) finished(w http.ResponseWriter, r *http.Request) *job {
	j := s.job(w, r)
	if j == nil {
		return nil
	}
	switch snap := j.snapshot(); snap.State {
	case jobDone:
		return j
	case jobFailed:
		s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "No files", Back: "/study",
			Detail: "This study failed, so it has no files: its page says why."})
	default:
		s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "Not ready", Back: "/study",
			Detail: fmt.Sprintf("This study is %s: its files are ready when it is done. Go back to its page to follow it.", snap.State)})
	}
	return nil
}

// jobReport serves the study's report.html, the page `eventstudy run`
// writes, as it is.
func (s *Server) jobReport(w http.ResponseWriter, r *http.Request) {
	j := s.finished(w, r)
	if j == nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(j.req.Out, "report.html"))
	if err != nil {
		s.fail(w, r, &pageError{Status: http.StatusNotFound, Title: "No report", Back: "/study",
			Detail: "This study wrote no report; download the zip of its outputs instead."})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'none'")
	w.Write(b)
}

// jobZip streams every output file of the study as one zip.
func (s *Server) jobZip(w http.ResponseWriter, r *http.Request) {
	j := s.finished(w, r)
	if j == nil {
		return
	}
	root := j.req.Out
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="eventstudy-`+j.ID[:8]+`.zip"`)
	zw := zip.NewWriter(w)
	for _, p := range files {
		rel, _ := filepath.Rel(root, p)
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		var mod time.Time
		if fi, err := f.Stat(); err == nil {
			mod = fi.ModTime()
		}
		zf, err := zw.CreateHeader(&zip.FileHeader{Name: "eventstudy/" + filepath.ToSlash(rel), Method: zip.Deflate, Modified: mod})
		if err == nil {
			_, err = io.Copy(zf, f)
		}
		f.Close()
		if err != nil {
			s.cfg.Log.Printf("serve: zip %s: %v", j.ID, err)
			return
		}
	}
	zw.Close()
}
