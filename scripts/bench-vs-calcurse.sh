#!/usr/bin/env bash
# mpplan against calcurse on equal data: the same proposals as an mpplan database (made by
# `mpplan demo`) and as a calcurse appointments file, at 10k, 20k and 50k items. Times the whole
# process of `mpplan week DATE`, `mpplan agenda` and `calcurse -Q --from DATE --days 7` with
# hyperfine and prints each median and how many times faster mpplan is.
#
# Usage: scripts/bench-vs-calcurse.sh [SIZES...]   (default: 10000 20000 50000)
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("${@:-10000 20000 50000}")
read -r -a sizes <<<"${sizes[*]}"

source scripts/need.sh
need hyperfine calcurse jq

cargo build --release --quiet
bin="$PWD/target/release/mpplan"
day="2026-11-24"                       # a Tuesday; the data is made around it
calday="11/24/2026"                    # the same day in calcurse's default input format
export MPPLAN_TODAY="$day"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# "MM/DD/YYYY @ HH:MM" from mpplan's "YYYY-MM-DD HH:MM".
to_calcurse='def cc: (.[5:7] + "/" + .[8:10] + "/" + .[0:4] + " @ " + .[11:16]);'

printf '\nmachine: %s, %s cores, %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" \
    "$(nproc)" "$(calcurse --version | head -1)"
printf '%-8s %12s %12s %16s %10s %10s\n' items "mpplan week" "mpplan agenda" "calcurse 7 days" "× week" "× agenda"
for n in "${sizes[@]}"; do
    dir="$work/$n"
    mkdir -p "$dir/calcurse"
    "$bin" demo --db "$dir/mpplan.sqlite3" --years 10 --proposals "$n" --interactions $((2 * n)) >/dev/null
    "$bin" --db "$dir/mpplan.sqlite3" proposals --all --json |
        jq -r "$to_calcurse"' .[] | "\(.start | cc) -> \(.end | cc) |\(.title // .kind) (\(.constituency))"' \
            >"$dir/calcurse/apts"
    [[ $(wc -l <"$dir/calcurse/apts") -eq $n ]] || { echo "expected $n appointments" >&2; exit 1; }
    touch "$dir/calcurse/todo"
    hyperfine -N --warmup 3 --min-runs 20 --export-json "$dir/times.json" --style none \
        "$bin --db $dir/mpplan.sqlite3 week $day" \
        "$bin --db $dir/mpplan.sqlite3 agenda" \
        "calcurse -D $dir/calcurse -C $dir/calcurse -Q --from $calday --days 7" >/dev/null
    read -r week agenda cal < <(jq -r '[.results[].median * 1000] | map(. * 100 | round / 100) | @tsv' "$dir/times.json")
    printf '%-8s %10s ms %10s ms %14s ms %9s× %9s×\n' "$n" "$week" "$agenda" "$cal" \
        "$(jq -n "$cal / $week | . * 10 | round / 10")" "$(jq -n "$cal / $agenda | . * 10 | round / 10")"
done
