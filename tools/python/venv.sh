#!/bin/sh
# The current-PyPI Python stack: makes BUILD/venv from Debian's /usr/bin/python3 (no system
# site-packages) with exactly tools/python/requirements-current.txt, then builds grantfolio's wheel
# (PEP 517, scikit-build-core) and installs it there. Used by `make test`; safe to run again: the venv
# is remade only when the lock file changes, the wheel's CMake tree (BUILD/skbuild) is kept.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
VENV=$BUILD/venv
LOCK=$ROOT/tools/python/requirements-current.txt
STAMP=$VENV/.grantfolio-lock
want=$(sha256sum "$LOCK" | cut -d' ' -f1)

if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "grantfolio: making $VENV from $LOCK"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --requirement "$LOCK"
  echo "$want" > "$STAMP"
fi

# --no-build-isolation: build with the pinned scikit-build-core and pybind11 of the venv, not whatever
# PyPI has today. --no-deps: the lock already holds numpy and pandas.
echo "grantfolio: building the wheel into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps \
  --config-settings=build-dir="$BUILD/skbuild" "$ROOT"
