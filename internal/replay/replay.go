// Package replay is a local HTTP server for provider tests: it serves recorded
// responses by path (and query, when recorded with one) and injects faults
// before them: error statuses, stalls longer than the client's timeout and
// truncated bodies. Handlers never call t.Fatal; unknown routes answer 404 and
// are counted, so tests assert on Hits and Unmatched from their own goroutine.
package replay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Response is one recorded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// ChartRange, for v8 chart bodies, keeps only the bars whose timestamp is
	// in [period1, period2) of the request, as Yahoo does.
	ChartRange bool
}

// Fault is an injected misbehaviour served instead of the recorded response.
type Fault struct {
	Status     int           // answer this status with an empty JSON body
	RetryAfter string        // with Status: a Retry-After header
	Stall      time.Duration // wait this long (or until the client goes) before answering the recorded response
	Truncate   int           // announce the full length, send only this many bytes, close
	Body       []byte        // with Status 200: serve this body instead
}

// Server replays responses. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	mu        sync.Mutex
	routes    map[string]Response // key: path or path?period1=..&period2=..
	faults    map[string][]Fault  // key: path
	hits      map[string]int      // key: path
	queries   []string            // every request URI, in order
	unmatched []string
}

// New starts an empty server; Close it when done.
func New() *Server {
	s := &Server{routes: map[string]Response{}, faults: map[string][]Fault{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Handle registers r for path (e.g. "/v8/finance/chart/FB"); with a non-empty
// query ("period1=…&period2=…"), only for requests with those values.
func (s *Server) Handle(path, query string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[key(path, query)] = r
}

// Inject queues faults for path; each request takes one until none remain.
func (s *Server) Inject(path string, f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = append(s.faults[path], f...)
}

// Hits returns how many requests path received.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Requests returns every request URI received, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

// Unmatched returns the request URIs that matched no route.
func (s *Server) Unmatched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unmatched...)
}

func key(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	q := r.URL.Query()
	s.mu.Lock()
	s.hits[path]++
	s.queries = append(s.queries, r.URL.RequestURI())
	var fault *Fault
	if fs := s.faults[path]; len(fs) > 0 {
		fault, s.faults[path] = &fs[0], fs[1:]
	}
	resp, ok := s.routes[key(path, "period1="+q.Get("period1")+"&period2="+q.Get("period2"))]
	if !ok {
		resp, ok = s.routes[path]
	}
	if !ok {
		s.unmatched = append(s.unmatched, r.URL.RequestURI())
	}
	s.mu.Unlock()

	if fault != nil && fault.Stall > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(fault.Stall):
		}
		fault = nil
	}
	if fault != nil && fault.Status != 0 && fault.Status != 200 {
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(fault.Status)
		fmt.Fprintf(w, `{"finance":{"error":{"code":%q}}}`, http.StatusText(fault.Status))
		return
	}
	if fault != nil && fault.Body != nil {
		w.WriteHeader(200)
		w.Write(fault.Body)
		return
	}
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
		return
	}
	body := resp.Body
	if resp.ChartRange {
		p1, err1 := strconv.ParseInt(q.Get("period1"), 10, 64)
		p2, err2 := strconv.ParseInt(q.Get("period2"), 10, 64)
		if err1 == nil && err2 == nil {
			body = chartRange(body, p1, p2)
		}
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	if fault != nil && fault.Truncate > 0 && fault.Truncate < len(body) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(resp.Status)
		w.Write(body[:fault.Truncate])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // closes the connection mid-body, quietly
	}
	w.WriteHeader(resp.Status)
	w.Write(body)
}

// chartRange keeps the bars of a v8 chart body whose timestamp is in
// [p1, p2). An empty selection gives Yahoo's answer to a range without bars.
func chartRange(body []byte, p1, p2 int64) []byte {
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	res := dig(doc, "chart", "result")
	list, ok := res.([]any)
	if !ok || len(list) == 0 {
		return body
	}
	r := list[0].(map[string]any)
	ts, _ := r["timestamp"].([]any)
	var keep []int
	for i, t := range ts {
		if v, ok := t.(float64); ok && int64(v) >= p1 && int64(v) < p2 {
			keep = append(keep, i)
		}
	}
	pick := func(a any) any {
		arr, ok := a.([]any)
		if !ok {
			return a
		}
		out := make([]any, 0, len(keep))
		for _, i := range keep {
			if i < len(arr) {
				out = append(out, arr[i])
			}
		}
		return out
	}
	r["timestamp"] = pick(r["timestamp"])
	if ind, ok := r["indicators"].(map[string]any); ok {
		for _, name := range []string{"quote", "adjclose"} {
			if qs, ok := ind[name].([]any); ok {
				for _, qv := range qs {
					if m, ok := qv.(map[string]any); ok {
						for k, v := range m {
							m[k] = pick(v)
						}
					}
				}
			}
		}
	}
	if len(keep) == 0 {
		return fmt.Appendf(nil, `{"chart":{"result":null,"error":{"code":"Bad Request","description":"Data doesn't exist for startDate = %d, endDate = %d"}}}`, p1, p2)
	}
	out, _ := json.Marshal(doc)
	return out
}

func dig(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// Recorded is a response recorded by node-yahoo-finance2's test suite:
// {"request":{"url"},"response":{"status","headers","bodyJson"|"body"}}.
type Recorded struct {
	URL      string
	Path     string
	Query    string // "period1=…&period2=…", or "" when the URL had none
	Response Response
}

// LoadRecorded reads one recorded file.
func LoadRecorded(file string) (Recorded, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return Recorded{}, err
	}
	var f struct {
		Request struct {
			URL string `json:"url"`
		} `json:"request"`
		Response struct {
			Status   int             `json:"status"`
			BodyJSON json.RawMessage `json:"bodyJson"`
			Body     *string         `json:"body"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return Recorded{}, fmt.Errorf("%s: %v", file, err)
	}
	u, err := url.Parse(f.Request.URL)
	if err != nil {
		return Recorded{}, fmt.Errorf("%s: %v", file, err)
	}
	rec := Recorded{URL: f.Request.URL, Path: u.Path, Response: Response{Status: f.Response.Status,
		Header: http.Header{"Content-Type": {"application/json;charset=utf-8"}}}}
	if q := u.Query(); q.Get("period1") != "" {
		rec.Query = "period1=" + q.Get("period1") + "&period2=" + q.Get("period2")
	}
	switch {
	case len(f.Response.BodyJSON) > 0:
		rec.Response.Body = f.Response.BodyJSON
	case f.Response.Body != nil:
		rec.Response.Body = []byte(*f.Response.Body)
		rec.Response.Header.Set("Content-Type", "text/csv")
	}
	return rec, nil
}

// Paths returns the registered route keys, sorted (for messages).
func (s *Server) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.routes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
