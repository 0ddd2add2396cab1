#!/usr/bin/env bash
# The UI's first frame on the ten-year set, against the time a terminal takes to receive the same
# frame from `cat`. Both run in a pseudo-terminal of 200×60 made by script(1), which logs when
# each piece of output arrives: mpplan starts with a `q` already waiting, so it opens the database,
# draws the Today screen, reads the rest, reads the `q` and quits; `cat` sends the very bytes
# mpplan sent (captured from a first run) to the same kind of terminal. Compared: the time from
# starting script(1) until the terminal has the whole first frame, median of 40 runs each,
# alternating. The time until the last output (mpplan leaving its screen) is given besides.
#
# mpplan is timed as a user starting it again meets it, that day or the next: with the screen it
# kept on closing the time before (README, "Where your data lives"), which it shows before opening
# the database. It is timed besides with nothing kept, as on the very first start or after the
# database was changed by something else (a command, another program). The kept screens go to a
# cache folder of the script's own.
#
# Usage: scripts/ui-first-frame.sh [DATABASE]   (default: a fresh `mpplan demo --years 10`)
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/need.sh
source scripts/ten-years.sh
need script jq

ten_years "${1:-}"
export XDG_CACHE_HOME="$work/cache"
kept="$XDG_CACHE_HOME/mpplan/opening-screen"

printf 'q' >"$work/q"
size="stty rows 60 cols 200"
# What mpplan sends to the terminal: entering its screen, the first frame, and leaving on `q`.
script -q -e -c "$size; exec $bin --db $db" /dev/null <"$work/q" >"$work/frame.raw"
bytes=$(wc -c <"$work/frame.raw")
((bytes > 10000)) || { echo "only $bytes bytes were drawn; the UI did not start" >&2; exit 1; }
grep -q "Conflicts ahead" "$work/frame.raw" || { echo "the first frame is not the Today screen" >&2; exit 1; }
[[ -f $kept ]] || { echo "mpplan kept no opening screen" >&2; exit 1; }

# Where the first frame ends: every frame ratatui draws ends by hiding the cursor, and the first
# one drawn is the first frame. `cat` is given the same bytes without the `q` the terminal echoed
# before mpplan took the keyboard: the terminal echoes it for `cat` too.
hide=$'\e[?25l'
frame_end=$(($(grep -boaF "$hide" "$work/frame.raw" | head -1 | cut -d: -f1) + ${#hide}))
tail -c +2 "$work/frame.raw" >"$work/replay.raw"

# Started again, mpplan shows the screen it kept, and it is the true one: the same first frame,
# not cleared and drawn again.
script -q -e -c "$size; exec $bin --db $db" /dev/null <"$work/q" >"$work/again.raw"
cmp -s <(head -c "$frame_end" "$work/frame.raw") <(head -c "$frame_end" "$work/again.raw") ||
    { echo "started again, mpplan showed another first frame" >&2; exit 1; }
! grep -qaF $'\e[2J' "$work/again.raw" || { echo "the kept screen was not the true one: it was cleared" >&2; exit 1; }

# The time from starting script(1) until the terminal has received `$1` bytes, from its timing
# log (each line: the seconds since the line before, and the bytes then received).
received_by() {
    awk -v want="$1" '{ t += $1; n += $2; if (n >= want) { printf "%.3f\n", t * 1000; exit } }' "$2"
}

# The time from starting script(1) until the last output reached the terminal (leaving the
# screen, for mpplan), from its timing log `$1`.
last_output() {
    awk '{ t += $1 } END { printf "%.3f\n", t * 1000 }' "$1"
}

# The median of a list of numbers.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# The `q` comes through a pipe held open a little longer: script(1) given a file, whose end it
# reaches at once, now and then stops reading the terminal for two seconds.
runs=40
: >"$work/ours" && : >"$work/cat" && : >"$work/ours-end" && : >"$work/cat-end" && : >"$work/cold"
for ((i = 0; i < runs + 3; i++)); do
    (cat "$work/q"; sleep 0.3) | script -q -e -T "$work/t1" -c "$size; exec $bin --db $db" /dev/null >/dev/null
    (cat "$work/q"; sleep 0.3) | script -q -e -T "$work/t2" -c "$size; exec cat $work/replay.raw" /dev/null >/dev/null
    rm -f "$kept"
    (cat "$work/q"; sleep 0.3) | script -q -e -T "$work/t3" -c "$size; exec $bin --db $db" /dev/null >/dev/null
    ((i < 3)) && continue # warm-up
    received_by "$frame_end" "$work/t1" >>"$work/ours"
    received_by "$frame_end" "$work/t2" >>"$work/cat"
    received_by "$frame_end" "$work/t3" >>"$work/cold"
    last_output "$work/t1" >>"$work/ours-end"
    last_output "$work/t2" >>"$work/cat-end"
done
ours=$(median <"$work/ours")
cat=$(median <"$work/cat")
cold=$(median <"$work/cold")
printf 'first frame at 200x60 (%s bytes), received by the terminal: mpplan %.2f ms, cat %.2f ms: %.2f× the time of cat\n' \
    "$frame_end" "$ours" "$cat" "$(jq -n "$ours / $cat")"
printf 'with no screen kept (a first start, or the database changed by something else): mpplan %.2f ms: %.2f× the time of cat\n' \
    "$cold" "$(jq -n "$cold / $cat")"

# The whole run besides, from the same logs: mpplan reads the rest of what it shows once the
# first frame is drawn, then reads the `q`, leaves its screen and quits.
ours=$(median <"$work/ours-end")
cat=$(median <"$work/cat-end")
printf 'start to exit, the rest read and the q handled: mpplan %.2f ms, cat %.2f ms: %.2f×\n' \
    "$ours" "$cat" "$(jq -n "$ours / $cat")"
