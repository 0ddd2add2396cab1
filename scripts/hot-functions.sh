#!/usr/bin/env bash
# Writes link/hot-functions.txt: the functions of mpplan that its everyday commands and the UI's
# first frame run, hottest first, for the linker to place side by side (build.rs passes the file
# to the linker as its symbol ordering file). Spread over the 11 MB of code in the order the
# compiler left them, a short command's functions touch some sixty separate stretches of 64 KB of
# the program file, each mapped into the process on its first use; packed together, about thirty
# (BENCHMARKS.md, issue 19).
#
# The names are the linker's (mangled). They stay the same from build to build for the same
# compiler and the same versions of the crates; a function renamed, added or moved since the file
# was written is simply placed where it would have been without it. Rerun this script after a
# change of compiler, of a crate's version, or of the paths the commands take.
#
# Usage: scripts/hot-functions.sh
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/need.sh
source scripts/ten-years.sh
need valgrind script

ten_years
export XDG_CACHE_HOME="$work/cache"

# Runs `mpplan ARGS` under callgrind, its profile to $work/N.out.
runs=0
profile() {
    runs=$((runs + 1))
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$runs.out" "$bin" "$@" >/dev/null 2>&1
}

echo "Profiling the commands…" >&2
profile --version
profile --db "$db" week "$day"
profile --db "$db" proposals --from 2026-11-23 --to 2026-11-29
profile --db "$db" agenda
profile --db "$db" mps
profile --db "$db" mps --tracked
profile --db "$db" check 2026-11-28T15:00
profile --db "$db" check 2026-11-25T10:00
profile --db "$db" slots

commands=$runs

# The UI in a 200×60 terminal, with a `q` waiting: first with no opening screen kept, then with
# the one it kept on closing.
echo "Profiling the UI's first frame…" >&2
printf 'q' >"$work/q"
for _ in cold kept; do
    runs=$((runs + 1))
    (cat "$work/q"; sleep 2) | script -q -e -c "stty rows 60 cols 200; exec valgrind --tool=callgrind \
        --demangle=no --callgrind-out-file=$work/$runs.out $bin --db $db" /dev/null >/dev/null 2>&1
done

# Each function of mpplan's own file, with the number of commands that ran it, of runs (the UI's
# among them) and the instructions it ran in them (a recursive call's name loses callgrind's "'2"
# mark). Those every command needs come first, then those fewer need, then those only the UI
# runs, each group hottest first: each command's functions then lie close together.
for ((i = 1; i <= runs; i++)); do
    [[ -s "$work/$i.out" ]] || { echo "run $i left no profile" >&2; exit 1; }
    callgrind_annotate --threshold=100 "$work/$i.out" 2>/dev/null | grep -F "[$bin]" |
        sed -E "s/^ *([0-9,]+) .*:([^ ]+) \[.*$/\1 \2/; s/'[0-9]+$//" | tr -d , |
        awk -v command=$((i <= commands)) '{ total[$2] += $1 } END { for (f in total) print command, total[f], f }'
done | awk '{ commands[$3] += $1; runs[$3]++; total[$3] += $2 }
    END { for (f in total) print commands[f], runs[f], total[f], f }' |
    sort -k1,1nr -k2,2nr -k3,3nr -k4 | awk '{ print $4 }' >"$work/hot"

mkdir -p link
{
    echo "# Written by scripts/hot-functions.sh; read by the linker through build.rs. The functions"
    echo "# mpplan's commands and its first frame run, those most commands run first."
    cat "$work/hot"
} >link/hot-functions.txt
echo "link/hot-functions.txt: $(wc -l <"$work/hot") functions" >&2
