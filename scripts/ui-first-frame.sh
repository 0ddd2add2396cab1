#!/usr/bin/env bash
# The UI's first frame on the ten-year set, against the time a terminal takes to receive the same
# frame from `cat`. Both run in a pseudo-terminal of 200×60 made by script(1): mpplan starts with
# a `q` already waiting, so it opens the database, draws the Today screen, reads the `q` and quits;
# `cat` sends the very bytes mpplan sent (captured from a first run) to the same kind of terminal.
# The mpplan figure therefore also holds its quitting, and is the upper bound of its first frame.
#
# Usage: scripts/ui-first-frame.sh [DATABASE]   (default: a fresh `mpplan demo --years 10`)
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/need.sh
need hyperfine script jq

cargo build --release --quiet
bin="$PWD/target/release/mpplan"
export MPPLAN_TODAY=2026-11-24
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="${1:-$work/ten-years.sqlite3}"
if [[ $# -eq 0 ]]; then
    echo "Making the ten-year set (mpplan demo --years 10)…" >&2
    "$bin" demo --db "$db" --years 10 >/dev/null
fi
"$bin" --db "$db" week >/dev/null # the day's automatic copy is made on first use; not measured

printf 'q' >"$work/q"
size="stty rows 60 cols 200"
# What mpplan sends to the terminal: entering its screen, the first frame, and leaving on `q`.
script -q -e -c "$size; exec $bin --db $db" /dev/null <"$work/q" >"$work/frame.raw"
bytes=$(wc -c <"$work/frame.raw")
((bytes > 10000)) || { echo "only $bytes bytes were drawn; the UI did not start" >&2; exit 1; }
grep -q "Conflicts ahead" "$work/frame.raw" || { echo "the first frame is not the Today screen" >&2; exit 1; }

hyperfine --warmup 3 --runs 30 --export-json "$work/t.json" --style none \
    "script -q -e -c '$size; exec $bin --db $db' /dev/null <$work/q >/dev/null" \
    "script -q -e -c '$size; exec cat $work/frame.raw' /dev/null <$work/q >/dev/null" >/dev/null 2>"$work/err" ||
    { cat "$work/err" >&2; exit 1; }
read -r ours cat < <(jq -r '[.results[].median * 1000] | @tsv' "$work/t.json")
printf 'first frame at 200x60 (%s bytes): mpplan %.2f ms, cat %.2f ms: %.2f× the time of cat\n' \
    "$bytes" "$ours" "$cat" "$(jq -n "$ours / $cat")"
