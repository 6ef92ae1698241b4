# Shared helpers of the end-to-end scripts (sourced, not run by ctest).
# Each script is run as: bash SCRIPT GEOKG_BINARY SOURCE_DIR
# and exits 0 (pass), 77 (skipped) or anything else (fail).

set -euo pipefail

e2e_init() {
  if [ $# -lt 2 ]; then
    echo "usage: bash $0 GEOKG_BINARY SOURCE_DIR" >&2
    exit 2
  fi
  GEOKG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  SRC=$(cd "$2" && pwd)
  if [ ! -x "$GEOKG" ]; then
    echo "FAIL: no geokg binary at $GEOKG" >&2
    exit 1
  fi
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/geokg-e2e.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  DB=$WORK/db
  export GEOKG_DB=$DB
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

skip() {
  echo "SKIP: $*"
  exit 77
}

# Runs geokg with the given arguments, expecting exit status $1.
# Stdout goes to $WORK/out, stderr to $WORK/err.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$GEOKG" "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" -ne "$want" ]; then
    echo "--- stdout:" >&2
    head -c 4000 "$WORK/out" >&2 || true
    echo "--- stderr:" >&2
    head -c 4000 "$WORK/err" >&2 || true
    fail "geokg $* exited $got, expected $want"
  fi
}

# Fails unless file $1 holds one valid JSON document.
expect_json() {
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" \
    || fail "$2: output is not valid JSON"
}

# Fails unless stderr of the last expect_exit matches the extended regex $1.
expect_stderr() {
  grep -Eq -- "$1" "$WORK/err" || {
    echo "--- stderr:" >&2
    cat "$WORK/err" >&2
    fail "stderr does not match /$1/"
  }
}
