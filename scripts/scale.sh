#!/usr/bin/env bash
# Scale measurements of issue 6 (not run in CI; several minutes, ~2 GB of disk).
#   1. 10,000 events on the S&P 500 panel (../shared/data), market model, four
#      CAR windows, the full test battery, CSV to written outputs;
#   2. 1,000,000 events on a synthetic CRSP-sized panel (5,000 firms × 2,520
#      days, written to $WORK, not committed), basic tests.
# Prints wall time, CPU time and peak RSS (/usr/bin/time -v) of each.
# Usage: scripts/scale.sh [WORK]   (default /tmp/eventstudy-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/eventstudy-scale}
SHARED=${SHARED:-../shared/data}
PANEL=$SHARED/sp500_panel_yahoo_2017_2019/sp500_daily_2017-06-01_2019-03-29.csv
GSPC=$SHARED/yahoo_kriti_2020/GSPC.csv
mkdir -p "$WORK"
go build -o "$WORK/eventstudy" ./cmd/eventstudy

measure() { # name, command...
	local name=$1; shift
	/usr/bin/time -v "$@" 2>"$WORK/$name.time" >/dev/null || { cat "$WORK/$name.time"; exit 1; }
	printf '%-8s wall %s  user %ss  sys %ss  peak RSS %d MB\n' "$name" \
		"$(grep 'Elapsed' "$WORK/$name.time" | awk '{print $NF}')" \
		"$(grep 'User time' "$WORK/$name.time" | awk '{print $NF}')" \
		"$(grep 'System time' "$WORK/$name.time" | awk '{print $NF}')" \
		"$(( $(grep 'Maximum resident' "$WORK/$name.time" | awk '{print $NF}') / 1024 ))"
}

if [ -f "$PANEL" ]; then
	go run ./internal/scale sp500 -panel "$PANEL" -n 10000 -out "$WORK/sp500"
	measure sp500-10k "$WORK/eventstudy" run --events "$WORK/sp500/events.csv" --prices "$PANEL" --prices "$GSPC" \
		--market ^GSPC --out "$WORK/sp500/out" --charts none --tables none --no-report -q
else
	echo "no S&P 500 panel at $PANEL: skipping the 10,000-event measurement"
fi

[ -f "$WORK/synth/prices.csv" ] || go run ./internal/scale synth -firms 5000 -days 2520 -events 1000000 -out "$WORK/synth"
measure synth-1m "$WORK/eventstudy" run --events "$WORK/synth/events.csv" \
	--prices "$WORK/synth/prices.csv" --market MKT --tests basic --out "$WORK/synth/out" \
	--charts none --tables none --no-report -q
