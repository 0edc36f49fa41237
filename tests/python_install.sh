#!/bin/sh
# The README's install command for Python users, in a fresh venv: offline, Debian's packages seen
# through --system-site-packages, the extension built by CMake (here reusing BUILD to save time).
set -eu
SOURCE=$1
BUILD=$2
VENV=$(mktemp -d)/venv
/usr/bin/python3 -m venv --system-site-packages "$VENV"
GRANTFOLIO_CMAKE_BUILD_DIR="$BUILD" "$VENV/bin/pip" install --no-build-isolation --no-index --quiet "$SOURCE"
cd /
"$VENV/bin/python" -c '
import grantfolio, pandas
from datetime import date
p = grantfolio.datasets.caaht_2006()
assert len(p.to_frame()) == 24
assert str(grantfolio.rates.imf_annual().convert(grantfolio.Money("2097624", "USD"), "ALL", on=date(2006, 5, 10))) == "205783998.27 ALL"
assert grantfolio.__file__.startswith("'"$VENV"'"), grantfolio.__file__
print("installed in", grantfolio.__file__)
'
rm -rf "$(dirname "$VENV")"
