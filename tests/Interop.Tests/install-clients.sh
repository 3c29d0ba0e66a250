#!/usr/bin/env bash
# Installs the Matrix client libraries that Interop.Tests drives, if they are not there yet:
#   matrix-nio and libolm's Python binding from Debian (for the system python3), and
#   matrix-js-sdk from npm into js/node_modules, exactly as js/package-lock.json pins it.
# Quiet when there is nothing to do; says what failed and exits non-zero when it cannot install.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

fail() {
  echo "install-clients: $1" >&2
  [ -s "$log" ] && tail -n 30 "$log" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

# Debian installs these for /usr/bin/python3, which a version manager's python3 on PATH would not see.
python=/usr/bin/python3
if ! "$python" -c 'import nio, olm' 2>/dev/null; then
  command -v apt-get >/dev/null || fail "apt-get not found: install python3-matrix-nio and python3-olm by hand"
  packages=(python3-matrix-nio python3-olm)
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package lists when the install cannot find the packages without it.
  if ! as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >"$log" 2>&1; then
    as_root apt-get update -qq >"$log" 2>&1 || fail "apt-get update failed"
    as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >"$log" 2>&1 \
      || fail "apt-get install ${packages[*]} failed"
  fi
  "$python" -c 'import nio, olm' 2>"$log" || fail "$python still cannot import nio and olm"
fi

# npm ci replaces node_modules wholesale, so run it only when the lock file changed since the last one.
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed for the matrix-js-sdk tests"
stamp="$here/js/node_modules/.installed-package-lock.json"
if ! cmp -s "$here/js/package-lock.json" "$stamp"; then
  (cd "$here/js" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 || fail "npm ci in $here/js failed"
  cp "$here/js/package-lock.json" "$stamp"
fi
