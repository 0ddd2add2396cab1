#!/usr/bin/env bash
# Peak memory of the UI (release build) on a database: tmux drives it through every screen with a
# few keys, then q; /usr/bin/time -v reports the maximum resident set size.
# Usage: scripts/ui-memory.sh DB [OUT]
set -euo pipefail
db="${1:?usage: scripts/ui-memory.sh DB [OUT]}"; out="${2:-$(mktemp)}"
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmux new-session -d -s mpmem -x 200 -y 60 "env MPPLAN_TODAY=2026-11-24 /usr/bin/time -v -o $out $PWD/target/release/mpplan --db $db"
sleep 2
for k in j j j Tab j j Enter j j Tab l l h Tab j; do tmux send-keys -t mpmem "$k"; sleep 0.3; done
tmux send-keys -t mpmem q; sleep 1
tmux kill-session -t mpmem 2>/dev/null || true
grep -E "Maximum resident" "$out"
