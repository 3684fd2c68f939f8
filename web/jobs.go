package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// jobState is where a study is.
type jobState string

const (
	jobQueued  jobState = "queued"
	jobRunning jobState = "running"
	jobDone    jobState = "done"
	jobFailed  jobState = "failed"
)

// job is one batch study: its folder is WorkDir/ID, its outputs WorkDir/ID/out.
type job struct {
	ID     string
	Name   string // what the reader uploaded ("events.csv", "pasted rows"), for the page only
	Events int
	req    StudyRequest
	dir    string
	seq    int

	mu       sync.Mutex
	state    jobState
	done     int
	total    int
	err      string
	finished time.Time
}

// snapshot is a job's state for a page, read under its lock.
type snapshot struct {
	ID, Name      string
	Events        int
	State         jobState
	Done, Total   int
	Err           string
	Ahead         int // studies queued or running before this one
	ExpiresIn     string
	Percent       int
	Queued        bool
	Running, Over bool
}

func (j *job) snapshot() snapshot {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := snapshot{ID: j.ID, Name: j.Name, Events: j.Events, State: j.state, Done: j.done, Total: j.total, Err: j.err}
	if s.Total > 0 {
		s.Percent = 100 * s.Done / s.Total
	}
	s.Queued, s.Running = s.State == jobQueued, s.State == jobRunning
	s.Over = s.State == jobDone || s.State == jobFailed
	return s
}

// errBusy is returned by submit when the queue is full.
var errBusy = errors.New("the study queue is full")

// jobs runs studies on a few workers from a bounded queue, and deletes each
// study's folder Expire after it finished.
type jobs struct {
	cfg    Config
	run    func(ctx context.Context, j *job) error
	queue  chan *job
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu   sync.Mutex
	byID map[string]*job
	seq  int
}

func newJobs(cfg Config, run func(context.Context, *job) error) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	js := &jobs{cfg: cfg, run: run, queue: make(chan *job, cfg.Queue), ctx: ctx, cancel: cancel, byID: map[string]*job{}}
	for range cfg.Workers {
		js.wg.Go(js.work)
	}
	js.wg.Go(js.sweep)
	return js
}

// newJob makes a job and its folder; the caller fills the folder, then
// submits it.
func (js *jobs) newJob(name string) (*job, error) {
	var b [16]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	dir := filepath.Join(js.cfg.WorkDir, id)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	return &job{ID: id, Name: name, dir: dir, state: jobQueued}, nil
}

// submit queues j, or returns errBusy (and removes its folder) when the
// queue is full.
func (js *jobs) submit(j *job) error {
	js.mu.Lock()
	js.seq++
	j.seq = js.seq
	select {
	case js.queue <- j:
		js.byID[j.ID] = j
		js.mu.Unlock()
		return nil
	default:
		js.mu.Unlock()
		os.RemoveAll(j.dir)
		return errBusy
	}
}

// get returns the job of id, nil when unknown or expired.
func (js *jobs) get(id string) (*job, int) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.byID[id]
	if j == nil {
		return nil, 0
	}
	ahead := 0
	for _, o := range js.byID {
		o.mu.Lock()
		if (o.state == jobQueued || o.state == jobRunning) && o.seq < j.seq {
			ahead++
		}
		o.mu.Unlock()
	}
	return j, ahead
}

func (js *jobs) work() {
	for {
		select {
		case <-js.ctx.Done():
			return
		case j := <-js.queue:
			j.mu.Lock()
			j.state = jobRunning
			j.mu.Unlock()
			err := js.run(js.ctx, j)
			j.mu.Lock()
			j.state, j.finished = jobDone, js.cfg.Now()
			if err != nil {
				j.state, j.err = jobFailed, err.Error()
			}
			j.mu.Unlock()
		}
	}
}

// sweep deletes finished studies older than Expire.
func (js *jobs) sweep() {
	every := min(js.cfg.Expire/4, time.Minute)
	t := time.NewTicker(max(every, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-js.ctx.Done():
			return
		case <-t.C:
			js.expire()
		}
	}
}

func (js *jobs) expire() {
	now := js.cfg.Now()
	js.mu.Lock()
	var gone []*job
	for id, j := range js.byID {
		j.mu.Lock()
		if (j.state == jobDone || j.state == jobFailed) && now.Sub(j.finished) >= js.cfg.Expire {
			delete(js.byID, id)
			gone = append(gone, j)
		}
		j.mu.Unlock()
	}
	js.mu.Unlock()
	for _, j := range gone {
		os.RemoveAll(j.dir)
	}
}

// close cancels running studies and waits for the workers.
func (js *jobs) close() {
	js.cancel()
	js.wg.Wait()
}
