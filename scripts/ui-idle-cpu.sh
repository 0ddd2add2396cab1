#!/usr/bin/env bash
# CPU time the UI (release build) uses while it sits idle on a database: tmux starts it and shows
# each screen, then it is left alone for SECONDS (default 30) and the CPU time it used in that
# while is read from /proc. The loop wakes twice a second only to ask SQLite whether another
# program changed the database, so this should be a few milliseconds.
# Usage: scripts/ui-idle-cpu.sh DB [SECONDS]
set -euo pipefail
db="${1:?usage: scripts/ui-idle-cpu.sh DB [SECONDS]}"; seconds="${2:-30}"
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmux new-session -d -s mpidle -x 200 -y 60 "env MPPLAN_TODAY=2026-11-24 $PWD/target/release/mpplan --db $db"
trap 'tmux kill-session -t mpidle 2>/dev/null || true' EXIT
sleep 2
for k in Tab Tab Tab Tab; do tmux send-keys -t mpidle "$k"; sleep 0.3; done
pid=$(pgrep -n -f "target/release/mpplan --db $db")
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks); sleep "$seconds"; after=$(ticks)
tmux send-keys -t mpidle q
echo "CPU time while idle for ${seconds} s: $(( (after - before) * 1000 / hz )) ms"
