// Package quality checks a price series before it is used for an event:
// trading days missing against the calendar, stale prices (runs of zero
// returns) and jumps that look like unadjusted splits. Each check is a pure
// function returning a [Check]: a count, the dates concerned and a readable
// note for the event's row in events.csv. Nothing is dropped or repaired.
package quality
