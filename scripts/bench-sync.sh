#!/usr/bin/env bash
# Team sync on a whole team's history: ten years of a plan (`mpplan demo`: 50,000 proposals and
# 100,000 contacts over ten years) shared to a PostgreSQL started here on loopback, then a fresh
# laptop joining and pulling all of it. Prints how long each took, the operations per second, and
# checks that the fresh laptop's `export json` is byte for byte the first one's.
#
# Usage: scripts/bench-sync.sh [YEARS]   (default 10)
set -euo pipefail

cd "$(dirname "$0")/.."
years="${1:-10}"

bindir="${MPPLAN_TEST_PG_BIN:-}"
if [[ -z "$bindir" ]]; then
    bindir="$(pg_config --bindir 2>/dev/null || true)"
    [[ -x "$bindir/initdb" ]] || bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
[[ -x "$bindir/initdb" ]] || { echo "PostgreSQL (initdb, pg_ctl) is needed: apt-get install postgresql" >&2; exit 1; }

cargo build --release --quiet
bin="$PWD/target/release/mpplan"
export MPPLAN_TODAY="2026-11-24"
work="$(mktemp -d /tmp/mpplan-bench-sync.XXXXXX)"
chmod 755 "$work"
# PostgreSQL refuses to run as root: then it runs as the postgres system user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    as_pg=(runuser -u postgres --)
    mkdir "$work/pg" && chown postgres "$work/pg"
fi
stop() {
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bindir/initdb" -D "$work/pg/data" -U postgres -A trust --no-sync >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres team
url="postgres://postgres@127.0.0.1:$port/team"

seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc; }

printf '\nmachine: %s, %s cores, PostgreSQL %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" \
    "$(nproc)" "$("$bindir/postgres" --version | awk '{print $3}')"
"$bin" demo --db "$work/first.db" --years "$years" >/dev/null
"$bin" --db "$work/first.db" sync init "$url" >/dev/null

start=$(date +%s.%N)
"$bin" --db "$work/first.db" sync join "$url" --as First --yes >/dev/null
shared=$(seconds "$start")
ops=$("${as_pg[@]}" "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d team -Atc 'SELECT count(*) FROM mpplan_ops')

start=$(date +%s.%N)
"$bin" --db "$work/fresh.db" sync join "$url" --as Fresh >/dev/null
pulled=$(seconds "$start")

"$bin" --db "$work/first.db" export json >"$work/first.json"
"$bin" --db "$work/fresh.db" export json >"$work/fresh.json"
if cmp -s "$work/first.json" "$work/fresh.json"; then same="byte for byte the same"; else same="DIFFERENT"; fi

printf '%s years of a plan: %s operations\n' "$years" "$ops"
printf 'the first laptop shares it (records, pushes):   %6.1f s  (%6.0f operations a second)\n' "$shared" "$(echo "$ops / $shared" | bc -l)"
printf 'a fresh laptop joins and pulls all of it:        %6.1f s  (%6.0f operations a second)\n' "$pulled" "$(echo "$ops / $pulled" | bc -l)"
printf 'the two exports are %s (%s bytes)\n' "$same" "$(wc -c <"$work/first.json")"
[[ "$same" != DIFFERENT ]]
