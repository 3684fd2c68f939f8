#!/usr/bin/python3
"""A plain numpy event study, the yardstick of issue 11's render budget.

For each event of an events CSV (event_id,symbol,date) it computes only the
cumulative abnormal return over days -1..+1 with the market model fitted by
OLS on days -120..-11 (MacKinlay 1997, eq. 3-4), on simple returns of the
adjusted close of a long panel CSV (Date,Ticker,...,Adj Close,...) against
a benchmark CSV (Yahoo format). Day 0 is the first trading day of the
benchmark on or after the event date; firm returns are aligned on the
benchmark's calendar (a missing day breaks nothing here: it is skipped in
the fit, as in eventstudy). Events with fewer than MIN_EST estimation
returns are left out.

It is what an analyst writes in an afternoon: read with the csv module into
numpy arrays, then one loop over the events with vectorised slices. Time it
against `eventstudy run` on the same events (docs/performance.md):

    /usr/bin/python3 scripts/car_numpy.py EVENTS PANEL BENCHMARK [OUT.csv]

Not run in CI (Debian: apt-get install python3-numpy).
"""
import csv
import sys
import time

import numpy as np

EST = (-120, -11)
CAR = (-1, 1)
MIN_EST = 100


def adj_close(row, header):
    i = header.index("Adj Close") if "Adj Close" in header else header.index("Close")
    v = row[i]
    return float(v) if v not in ("", "null") else np.nan


def main():
    events, panel, bench = sys.argv[1:4]
    out = sys.argv[4] if len(sys.argv) > 4 else None
    t0 = time.perf_counter()
    with open(bench, newline="") as f:
        r = csv.reader(f)
        h = next(r)
        rows = [(row[0], adj_close(row, h)) for row in r]
    mdates = np.array([d for d, _ in rows], dtype="datetime64[D]")
    mprice = np.array([p for _, p in rows])
    mret = np.full(len(mprice), np.nan)
    mret[1:] = mprice[1:] / mprice[:-1] - 1
    pos = {d: i for i, d in enumerate(mdates)}

    # firm returns on the benchmark's calendar
    firms = {}
    with open(panel, newline="") as f:
        r = csv.reader(f)
        h = next(r)
        iadj = h.index("Adj Close")
        for row in r:
            firms.setdefault(row[1], []).append((row[0], row[iadj]))
    fret = {}
    for sym, rows in firms.items():
        price = np.full(len(mdates), np.nan)
        for d, v in rows:
            i = pos.get(np.datetime64(d, "D"))
            if i is not None and v not in ("", "null"):
                price[i] = float(v)
        ret = np.full(len(price), np.nan)
        ret[1:] = price[1:] / price[:-1] - 1
        fret[sym] = ret

    results = []
    with open(events, newline="") as f:
        for ev in csv.DictReader(f):
            ret = fret.get(ev["symbol"])
            if ret is None:
                continue
            d0 = int(np.searchsorted(mdates, np.datetime64(ev["date"], "D")))
            a, b = d0 + EST[0], d0 + EST[1] + 1
            c, e = d0 + CAR[0], d0 + CAR[1] + 1
            if a < 1 or e > len(mdates):
                continue
            y, x = ret[a:b], mret[a:b]
            ok = ~(np.isnan(y) | np.isnan(x))
            if ok.sum() < MIN_EST:
                continue
            x, y = x[ok], y[ok]
            beta = np.cov(x, y, bias=True)[0, 1] / np.var(x)
            alpha = y.mean() - beta * x.mean()
            ar = ret[c:e] - (alpha + beta * mret[c:e])
            results.append((ev["event_id"], float(np.nansum(ar))))
    dt = time.perf_counter() - t0
    if out:
        with open(out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["event_id", "car"])
            w.writerows(results)
    print(f"{len(results)} events, CAR -1..+1, market model -120..-11: {dt:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
