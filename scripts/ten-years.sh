# Sourced by the scripts that measure mpplan on the ten-year set. `ten_years [DATABASE]` builds the
# release binary and makes the set (`mpplan demo --years 10`) in a temporary folder removed at
# exit, or takes DATABASE instead when given; it sets `bin`, `day` (exported as MPPLAN_TODAY, the
# day the demo data is made around), `work` (the temporary folder) and `db`.
ten_years() {
    cargo build --release --quiet
    bin="$PWD/target/release/mpplan"
    day="2026-11-24" # a Tuesday
    export MPPLAN_TODAY="$day"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    db="${1:-$work/ten-years.sqlite3}"
    if [[ -z ${1:-} ]]; then
        echo "Making the ten-year set (mpplan demo --years 10)…" >&2
        "$bin" demo --db "$db" --years 10 >/dev/null
    fi
    # The first command of a day makes the day's automatic copy; it is not what is measured.
    "$bin" --db "$db" week "$day" >/dev/null
}
