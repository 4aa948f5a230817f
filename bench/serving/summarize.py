#!/usr/bin/env python3
"""Reads wrk's RESULT lines (bodies.lua's done()) on stdin and prints one Markdown table row of their medians.

Usage: summarize.py LABEL... --rows N [--cpu-seconds S]
The labels become the row's first cells; --rows turns req/s into rows/s; --cpu-seconds (the server's CPU time
over the measured runs) adds a CPU-per-request cell.
"""
import argparse
import statistics
import sys

parser = argparse.ArgumentParser()
parser.add_argument("labels", nargs="+")
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--cpu-seconds", type=float)
args = parser.parse_args()

runs = []
for line in sys.stdin:
    if line.startswith("RESULT"):
        runs.append({k: float(v) for k, v in (p.split("=") for p in line.split()[1:])})
if not runs:
    sys.exit("no RESULT lines on stdin")

rps = [r["requests"] / r["duration_s"] for r in runs]
median = lambda key: statistics.median(r[key] for r in runs)
cells = list(args.labels) + [
    f"{statistics.median(rps):,.0f} ({min(rps):,.0f}-{max(rps):,.0f})",
    f"{statistics.median(rps) * args.rows:,.0f}",
    f"{median('p50_ms'):.2f}", f"{median('p90_ms'):.2f}", f"{median('p99_ms'):.2f}",
]
if args.cpu_seconds is not None:
    cells.append(f"{args.cpu_seconds * 1e6 / sum(r['requests'] for r in runs):,.0f}")
cells.append(str(int(sum(r["errors"] + r["non2xx"] for r in runs))))
print("| " + " | ".join(cells) + " |")
