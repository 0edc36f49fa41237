#!/bin/sh
# Installs the Debian 12 packages grantfolio needs, only those missing, without questions.
# Used by `make demo`, `make test` and `make bench`; safe to run again.
set -eu

PACKAGES="g++ cmake make libboost-dev libboost-serialization-dev libboost-test-dev libcli11-dev
nlohmann-json3-dev libicu-dev zlib1g-dev robin-map-dev doxygen pkg-config clang libclang-rt-14-dev pybind11-dev python3-dev python3-venv python3-pip python3-setuptools python3-numpy python3-pandas python3-pytest python3-hypothesis
python3-matplotlib python3-nbclient python3-nbconvert python3-nbformat python3-jsonschema python3-ipykernel python3-lxml time libpugixml-dev libxml2-dev libxml2-utils chromium"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "grantfolio: installing missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "grantfolio: need root (or sudo) to install:$missing" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y --no-install-recommends $missing; then
  $SUDO apt-get update
  # shellcheck disable=SC2086
  $SUDO apt-get install -y --no-install-recommends $missing
fi
