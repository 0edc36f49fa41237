#!/bin/sh
# The whole Python suite on one stack: the tests, the package's doctests and the Python guide's, run by
# PYTHON from outside the source tree, so that the grantfolio it imports is the one that stack holds
# (PYTHONPATH for Debian's stack, the installed wheel for the venv of tools/python/venv.sh).
set -eu
PYTHON=$1
SOURCE=$2
if [ ! -x "$PYTHON" ]; then
  echo "no $PYTHON: 'make test' makes it (tools/python/venv.sh BUILD)" >&2
  exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
PACKAGE=$("$PYTHON" -c 'import grantfolio, os; print(os.path.dirname(grantfolio.__file__))')
"$PYTHON" -c 'import sys, grantfolio, numpy, pandas
print("grantfolio", grantfolio.__version__, "from", grantfolio.__file__, "| python", sys.version.split()[0],
      "| numpy", numpy.__version__, "| pandas", pandas.__version__)'
if [ -n "${EXPECT_PREFIX:-}" ]; then
  case $PACKAGE in "$EXPECT_PREFIX"/*) ;; *) echo "grantfolio comes from $PACKAGE, not from $EXPECT_PREFIX" >&2; exit 1 ;; esac
fi
"$PYTHON" -m pytest -q -p no:cacheprovider --doctest-modules "$SOURCE/tests/python" "$PACKAGE"
"$PYTHON" -m doctest -o ELLIPSIS "$SOURCE/docs/guide-python.md"
"$PYTHON" -m doctest -o ELLIPSIS "$SOURCE/README.md"
"$PYTHON" "$SOURCE/tests/python/typed_usage.py" && echo "typed_usage.py ran"
# The stubs: checked against the module by mypy.stubtest, and used by typed code under mypy --strict
# (where the stack has mypy: the current one).
if [ -n "${CHECK_STUBS:-}" ]; then
  "$PYTHON" -m mypy.stubtest grantfolio --allowlist "$SOURCE/tools/python/stubtest-allowlist.txt"
  "$PYTHON" -m mypy --strict --no-incremental --cache-dir "$WORK/mypy-cache" "$SOURCE/tests/python/typed_usage.py"
fi
