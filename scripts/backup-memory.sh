#!/usr/bin/env bash
# A JSON backup of a database, restored into a new one and written again (release build): the peak
# memory (maximum resident set size, /usr/bin/time -v) and time of the export and of the import,
# the file's size, and whether the second export is byte for byte the first.
# Usage: scripts/backup-memory.sh DB   (e.g. the ten-year set: mpplan demo --db DB --years 10)
set -euo pipefail
db="${1:?usage: scripts/backup-memory.sh DB}"
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/mpplan"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export MPPLAN_TODAY=2026-11-24
measure() { # what, then the command
  local what="$1"; shift
  /usr/bin/time -v -o "$work/time" "$@" >/dev/null
  printf '%-8s %s, %s\n' "$what" \
    "$(grep -E 'Maximum resident' "$work/time" | sed 's/.*: //') kB peak" \
    "$(grep -E 'Elapsed' "$work/time" | sed 's/.*: //') elapsed"
}
measure export "$bin" --db "$db" export json --out "$work/backup.json"
echo "backup   $(stat -c %s "$work/backup.json") bytes"
measure import "$bin" --db "$work/restored.sqlite3" import json "$work/backup.json"
"$bin" --db "$work/restored.sqlite3" export json --out "$work/again.json" >/dev/null
cmp -s "$work/backup.json" "$work/again.json" && echo "round trip: byte for byte the same" || {
  echo "round trip: the second export differs"; exit 1; }
