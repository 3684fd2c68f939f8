package study

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	mod := func(f func(*Params)) Params { p := DefaultParams(); f(&p); return p }
	tests := []struct {
		name string
		p    Params
		want string // "" for valid
	}{
		{"default", DefaultParams(), ""},
		{"car outside", mod(func(p *Params) { p.CARs = []Window{{-12, 1}} }),
			"car window -12..+1 is outside the event window -10..+10"},
		{"car empty", mod(func(p *Params) { p.CARs = []Window{{2, 1}} }), "car window +2..+1 is empty"},
		{"overlap", mod(func(p *Params) { p.Estimation = Window{-250, -10} }),
			"estimation window -250..-10 must end before the event window -10..+10 starts"},
		{"estimation after", mod(func(p *Params) { p.Estimation = Window{20, 100}; p.MinEst = 50 }),
			"estimation window +20..+100 must end before the event window -10..+10 starts"},
		{"estimation empty", mod(func(p *Params) { p.Estimation = Window{-11, -250} }),
			"estimation window -11..-250 is empty"},
		{"event empty", mod(func(p *Params) { p.Event = Window{1, 0}; p.CARs = nil }),
			"event window +1..+0 is empty"},
		{"min est 2", mod(func(p *Params) { p.MinEst = 2 }),
			"minimum estimation returns 2 is below 3: the market model needs more than 2"},
		{"min est too big", mod(func(p *Params) { p.MinEst = 241 }),
			"minimum estimation returns 241 exceeds the 240 days of the estimation window -250..-11"},
		{"model", mod(func(p *Params) { p.Model = 9 }), "unknown model Model(9)"},
		{"no cars", mod(func(p *Params) { p.CARs = nil }), ""},
		{"gap and post-event window", mod(func(p *Params) { p.Event = Window{1, 5}; p.CARs = []Window{{1, 5}} }), ""},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: Validate() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEventDaysSpan(t *testing.T) {
	p := DefaultParams()
	d := p.EventDays()
	if len(d) != 21 || d[0] != -10 || d[10] != 0 || d[20] != 10 {
		t.Errorf("EventDays() = %v, want -10..10", d)
	}
	if s := p.Span(); s != (Window{-250, 10}) {
		t.Errorf("Span() = %v, want -250..+10", s)
	}
	if d := (Window{3, 2}).Days(); d != nil {
		t.Errorf("Window{3,2}.Days() = %v, want nil", d)
	}
}

// TestParseWindow: the command lines' window syntax.
func TestParseWindow(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Window
		err  string
	}{
		{"-1,1", Window{-1, 1}, ""},
		{" -10 .. 10 ", Window{-10, 10}, ""},
		{"0,0", Window{0, 0}, ""},
		{"-250..-11", Window{-250, -11}, ""},
		{"3", Window{}, "two days"},
		{"a,b", Window{}, "whole numbers"},
		{"2,1", Window{}, "start after end"},
	} {
		got, err := ParseWindow(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ParseWindow(%q) err = %v, want one containing %q", c.in, err, c.err)
		}
	}
}
