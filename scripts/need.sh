# Sourced by the benchmark scripts: `need TOOL...` installs with apt-get those of the tools that
# are missing (a tool's Debian package is named after it, but for script(1), in bsdutils).
need() {
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    ((${#missing[@]})) || return 0
    echo "Installing ${missing[*]} with apt-get…" >&2
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]/#script/bsdutils}" >/dev/null
}
