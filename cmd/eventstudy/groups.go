package main

import (
	"fmt"
	"strings"

	"github.com/eventstudy/eventstudy/data"
	"github.com/eventstudy/eventstudy/internal/engine"
	"github.com/eventstudy/eventstudy/study"
)

// eventGroups are the groups of --by: names[idx[i]] is event i's group
// (study.GroupsOf).
type eventGroups struct {
	names []string
	idx   []int
}

// groupLabels reads the groups of --by from the events: a carried-through
// column (matched ignoring case, as the events reader matches columns), or
// symbol or market. nil without --by.
func groupLabels(by string, ef *data.EventFile, events []engine.Event) (*eventGroups, error) {
	if by == "" {
		return nil, nil
	}
	labels := make([]string, len(events))
	switch col := strings.ToLower(strings.TrimSpace(by)); col {
	case "symbol":
		for i, e := range events {
			labels[i] = e.Event.Symbol
		}
	case "market":
		for i, e := range events {
			labels[i] = e.Event.Market
		}
	default:
		j := -1
		for k, name := range ef.Extra {
			if strings.EqualFold(strings.TrimSpace(name), col) {
				j = k
				break
			}
		}
		if j < 0 {
			return nil, usagef("--by %s: %s has no column %q (its other columns: %s; or symbol, market)",
				by, ef.Name, by, strings.Join(append([]string{}, ef.Extra...), ", "))
		}
		for i, e := range events {
			labels[i] = e.Extra[j]
		}
	}
	for i, l := range labels {
		if l == study.GroupAll {
			return nil, fmt.Errorf("--by %s: event %s has the group %q, the name of the whole sample; rename it", by, events[i].Event.ID, l)
		}
	}
	names, idx := study.GroupsOf(labels)
	return &eventGroups{names, idx}, nil
}
