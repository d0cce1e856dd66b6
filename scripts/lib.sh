# Shared by the scripts in this folder: step headers and a private X display.
# Sourced, not run.

# cargo-installed tools (tauri-driver) live here even when a login shell did not add it.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() {
  printf '\n==> %s\n' "$*"
}

# Installs, without questions, those of the given Debian packages that are not installed yet.
apt_install_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all $# present"
    return
  fi
  echo "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# Starts Xvfb on a free display when there is no DISPLAY, and stops it when the calling
# script exits. A desktop session keeps its own display.
ensure_display() {
  if [ -n "${DISPLAY:-}" ]; then
    return
  fi
  local displayfile display _
  displayfile=$(mktemp)
  # -displayfd: Xvfb picks a free display itself and writes its number once it accepts
  # connections, so there is neither a port race nor a guessed start-up delay.
  Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$displayfile" 2>/dev/null &
  XVFB_PID=$!
  # Waiting makes sure the display is free again when the calling script returns.
  trap 'kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [ -s "$displayfile" ] && break
    sleep 0.1
  done
  display=$(head -n1 "$displayfile")
  rm -f "$displayfile"
  if [ -z "$display" ]; then
    echo "Xvfb did not start within 10 s" >&2
    exit 1
  fi
  export DISPLAY=":$display"
  echo "Xvfb running on $DISPLAY"
}

# Prints the test executables `cargo test --no-run` builds with the given arguments (one a line),
# and fails unless there are at least two: the library's unit tests and tests/main.rs. The
# compiler's errors and warnings, which JSON output carries on stdout, go to stderr.
test_binaries() {
  local binaries
  mapfile -t binaries < <(cargo test --no-run --message-format=json "$@" |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])
    elif m.get("reason") == "compiler-message":
        print(m["message"]["rendered"], end="", file=sys.stderr)
')
  if [ ${#binaries[@]} -lt 2 ]; then
    echo "expected the core's unit and integration test binaries, found: ${binaries[*]:-none}" >&2
    return 1
  fi
  printf '%s\n' "${binaries[@]}"
}
