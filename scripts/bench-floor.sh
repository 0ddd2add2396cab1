#!/usr/bin/env bash
# mpplan's listing commands side by side with their floor: the sqlite3 command-line tool answering
# the same indexed queries on the same file (the rows each command needs, read as mpplan reads them,
# printed by sqlite3 instead of being flagged, ruled on and laid out). Then `mpplan week` against
# calcurse on the same 20,000 appointments.
#
# Every pair is timed by hyperfine in short rounds, the order of the two swapped each round. Each
# one's time is the median of its round medians; the ratio is the median of the rounds' own
# ratios, each from two medians taken moments apart, so that a slow spell of the machine falls on
# both sides of a ratio rather than on one side of the whole.
#
# The instructions each one runs (valgrind's callgrind) are counted too: on a shared machine whose
# timings move from run to run, they are the steadier comparison.
#
# Usage: scripts/bench-floor.sh [ROUNDS]        (default 10 rounds of 10 runs each)
set -euo pipefail

cd "$(dirname "$0")/.."
rounds="${1:-10}"
runs=10

source scripts/need.sh
source scripts/ten-years.sh
need hyperfine sqlite3 calcurse jq valgrind

ten_years

# The calendar rows that decide the days from $1 to $2: sitting days, recesses, prorogations,
# dissolutions and sessions that touch them, bank holidays on them, and how far the data reaches
# (a day beyond it is forecast from the weekday pattern).
calendar_sql() {
    cat <<SQL
SELECT day, status, note, source FROM sitting_days WHERE day BETWEEN '$1' AND '$2';
SELECT max(day) FROM sitting_days;
SELECT name, first_day, last_day, source FROM recesses WHERE first_day <= '$2' AND last_day >= '$1';
SELECT name, first_day, last_day, source FROM prorogations WHERE first_day <= '$2' AND last_day >= '$1';
SELECT note, first_day, last_day, source FROM dissolutions WHERE first_day <= '$2' AND last_day >= '$1';
SELECT name, opened_on, closed_on, source FROM sessions WHERE opened_on <= '$2' AND coalesce(closed_on, '$2') >= '$1';
SELECT day, title FROM bank_holidays WHERE division = 'england-and-wales' AND day BETWEEN '$1' AND '$2';
SELECT calendar_from, calendar_to FROM data_updates WHERE calendar_from IS NOT NULL ORDER BY id DESC LIMIT 1;
SQL
}

# A seat's MP now, joined to the seat c as mpplan joins it (the store's holder_now!).
holder_now="LEFT JOIN seat_holders h ON h.constituency_code = c.code AND h.held_until IS NULL
LEFT JOIN members m ON m.id = h.member_id"

# Proposals starting from $1 to $2 (inclusive days) with their seat and its MP.
proposals_sql() {
    cat <<SQL
SELECT p.id, p.uuid, e.constituency_code, c.name, m.name, p.title, p.kind, p.place, p.starts_at, p.ends_at,
    p.attendees, p.status, p.press, p.all_day, p.fold
FROM proposals p JOIN engagements e ON e.id = p.engagement_id JOIN constituencies c ON c.code = e.constituency_code
$holder_now
WHERE p.starts_at >= '$1 00:00' AND p.starts_at < '$2 24:00' ORDER BY p.starts_at, p.id;
SQL
}

# The times taken from $1 to $2 by proposals not cancelled, read as mpplan reads them: the starts
# from 32 days before ($3) through the index on starts, and the few longer proposals through the
# partial index that holds only them.
busy_sql() {
    local long="CASE WHEN length(starts_at) = 16 AND length(ends_at) = 16
    AND strftime('%Y-%m-%d %H:%M', starts_at) = starts_at AND strftime('%Y-%m-%d %H:%M', ends_at) = ends_at
    THEN julianday(ends_at) - julianday(starts_at) > 32 ELSE 1 END"
    cat <<SQL
SELECT starts_at, ends_at FROM proposals
WHERE starts_at >= '$3 00:00' AND starts_at < '$2 00:00' AND ends_at > '$1 00:00' AND status <> 'cancelled'
UNION ALL
SELECT starts_at, ends_at FROM proposals
WHERE starts_at < '$3 00:00' AND starts_at < '$2 00:00' AND ends_at > '$1 00:00' AND status <> 'cancelled' AND $long
ORDER BY starts_at, ends_at;
SQL
}

# week: the seven days, and the proposals from the day before to the day after (for overlaps
# across midnight).
{ calendar_sql 2026-11-23 2026-11-29; proposals_sql 2026-11-22 2026-11-30; } >"$work/week.sql"
cp "$work/week.sql" "$work/proposals.sql"

# agenda: every engagement with its summary, seat and MP; the proposals of the eight weeks ahead
# (and the day either side); the calendar of those weeks; the follow-ups snoozed or done; settings.
{
    cat <<SQL
SELECT e.id, e.constituency_code, c.name, m.name, m.parliament_id, e.tracked, e.cadence_days, e.started_on,
    e.mp_at_start, e.mp_id_at_start, s.*
FROM engagements e JOIN constituencies c ON c.code = e.constituency_code $holder_now
LEFT JOIN engagement_summaries s ON s.engagement_id = e.id ORDER BY c.name;
SELECT follow_up_id, snoozed_until, done_for FROM follow_up_marks;
SELECT key, value FROM settings;
SQL
    proposals_sql 2026-11-23 2027-01-20
    calendar_sql 2026-11-24 2027-01-19
} >"$work/agenda.sql"

# mps --tracked: the tracked seats with their MP and the checklist progress their summary keeps.
cat >"$work/mps.sql" <<SQL
SELECT c.code, c.name, c.country, c.region, m.name, m.party, m.email, m.parliament_id, e.tracked, s.*
FROM constituencies c $holder_now JOIN engagements e ON e.constituency_code = c.code
LEFT JOIN engagement_summaries s ON s.engagement_id = e.id WHERE e.tracked = 1 ORDER BY c.name;
SQL

# check: the day's calendar and the proposals from the day before to the day after; for a slot
# that is not clear, also the busy times and calendar of the days searched for the three nearest
# clear slots: mpplan reads a week either side first and, as the third is 11 days away, then four
# weeks either side.
{ calendar_sql 2026-11-28 2026-11-28; proposals_sql 2026-11-27 2026-11-29; } >"$work/check-clear.sql"
{
    calendar_sql 2026-10-28 2026-12-23
    proposals_sql 2026-11-24 2026-11-26
    busy_sql 2026-10-28 2026-12-24 2026-09-26
} >"$work/check-conflict.sql"

# slots: the five next clear slots, Fridays and Saturdays first, from tomorrow; the last found is
# on 30 January 2027, so mpplan reads a week, then four, then sixteen (to 17 March 2027).
{ calendar_sql 2026-11-25 2027-03-16; busy_sql 2026-11-25 2027-03-17 2026-10-24; } >"$work/slots.sql"

# The two slots checked: one clear, one not (which makes mpplan look for the nearest clear ones).
"$bin" --db "$db" check 2026-11-28T15:00 | grep -q "^✓? clear" || { echo "28 Nov 15:00 is not clear" >&2; exit 1; }
"$bin" --db "$db" check 2026-11-25T10:00 | grep -q "^✗? conflict" || { echo "25 Nov 10:00 is clear" >&2; exit 1; }

pairs=(
    "week|week $day|week"
    "proposals|proposals --from 2026-11-23 --to 2026-11-29|proposals"
    "agenda|agenda|agenda"
    "mps --tracked|mps --tracked|mps"
    "check (clear)|check 2026-11-28T15:00|check-clear"
    "check (not clear)|check 2026-11-25T10:00|check-conflict"
    "slots|slots|slots"
)

# The median of a list of numbers.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# How many of the functions build.rs has the linker place side by side this build has: fewer
# after a change of compiler or of a crate's version (rerun scripts/hot-functions.sh).
if command -v nm >/dev/null && [[ -f link/hot-functions.txt ]]; then
    placed=$(grep -v '^#' link/hot-functions.txt | sort -u | comm -12 - <(nm "$bin" | awk '{print $NF}' | sort -u) | wc -l)
    printf 'hot functions placed side by side: %s of %s listed\n' "$placed" "$(grep -vc '^#' link/hot-functions.txt)"
fi
printf '\nmachine: %s, %s cores; %s; sqlite3 %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" \
    "$(nproc)" "$("$bin" --version)" "$(sqlite3 --version | cut -d' ' -f1)"
# Times `$1` and `$2` side by side in $rounds rounds of $3 runs, the order swapped each round, and
# prints the median of each one's round medians, in milliseconds, and the median of the rounds'
# ratios of the first to the second.
side_by_side() {
    local first=() second=() ratios=() r a b t
    for ((r = 0; r < rounds; r++)); do
        local order=("$1" "$2")
        ((r % 2)) && order=("$2" "$1")
        hyperfine -N --warmup 3 --runs "$3" --export-json "$work/t.json" --style none "${order[@]}" \
            >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r a b < <(jq -r '[.results[].median * 1000] | @tsv' "$work/t.json")
        ((r % 2)) && { t="$a"; a="$b"; b="$t"; }
        first+=("$a")
        second+=("$b")
        ratios+=("$(jq -n "$a / $b")")
    done
    echo "$(printf '%s\n' "${first[@]}" | median) $(printf '%s\n' "${second[@]}" | median)" \
        "$(printf '%s\n' "${ratios[@]}" | median)"
}

# Instructions the whole process of `$@` runs (valgrind's callgrind), in millions: the same on a
# busy machine as on a quiet one.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | awk '{printf "%.1f", $1 / 1e6}'
}

printf '%-18s %12s %12s %8s %14s %14s %8s\n' command "mpplan" "sqlite3" "ratio" "mpplan instr." "sqlite3 instr." "ratio"
for pair in "${pairs[@]}"; do
    IFS='|' read -r name args sql <<<"$pair"
    read -r m f ratio < <(side_by_side "$bin --db $db $args" "sqlite3 $db '.read $work/$sql.sql'" "$runs")
    printf '%-18s %9.2f ms %9.2f ms %7.2f×' "$name" "$m" "$f" "$ratio"
    if command -v valgrind >/dev/null; then
        read -r -a words <<<"$args"
        mi="$(instructions "$bin" --db "$db" "${words[@]}")"
        fi="$(instructions sqlite3 "$db" ".read $work/$sql.sql")"
        printf ' %13sM %13sM %7.2f×' "$mi" "$fi" "$(jq -n "$mi / $fi")"
    fi
    printf '\n'
done

# week against calcurse on the same 20,000 appointments (see scripts/bench-vs-calcurse.sh).
n=20000
mkdir -p "$work/cal/calcurse"
"$bin" demo --db "$work/cal/mpplan.sqlite3" --years 10 --proposals "$n" --interactions $((2 * n)) >/dev/null
"$bin" --db "$work/cal/mpplan.sqlite3" week "$day" >/dev/null
to_calcurse='def cc: (.[5:7] + "/" + .[8:10] + "/" + .[0:4] + " @ " + .[11:16]);'
"$bin" --db "$work/cal/mpplan.sqlite3" proposals --all --json |
    jq -r "$to_calcurse"' .[] | "\(.start | cc) -> \(.end | cc) |\(.title // .kind) (\(.constituency))"' \
        >"$work/cal/calcurse/apts"
[[ $(wc -l <"$work/cal/calcurse/apts") -eq $n ]] || { echo "expected $n appointments" >&2; exit 1; }
touch "$work/cal/calcurse/todo"
read -r week cal ratio < <(side_by_side "$bin --db $work/cal/mpplan.sqlite3 week $day" \
    "calcurse -D $work/cal/calcurse -C $work/cal/calcurse -Q --from 11/24/2026 --days 7" 10)
printf '\n%s appointments: mpplan week %.2f ms, calcurse -Q (7 days) %.1f ms: mpplan %.1f× faster\n' \
    "$n" "$week" "$cal" "$(jq -n "1 / $ratio")"
