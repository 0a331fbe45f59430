#!/usr/bin/env bash
# Rewrites tests/fixtures/real/libphonenumber/cases.tsv: libphonenumber's own example numbers,
# written four ways, each with libphonenumber's reading, for tests/phone_suite.rs. The reference
# is `phonenumbers`, libphonenumber's Python port (Apache-2.0), at the metadata version of the
# `phonenumber` crate in Cargo.lock; change VERSION and SHA256 together with the crate.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=9.0.33
WHEEL=phonenumbers-$VERSION-py2.py3-none-any.whl
SHA256=ba1d0da52711d5fdda6b2b673b2621fe80774fc5d1b2e5a6ef783396b0343186
OUT=tests/fixtures/real/libphonenumber/cases.tsv

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  -d "$TMP" "phonenumbers==$VERSION" >&2
echo "$SHA256  $TMP/$WHEEL" | sha256sum --check --quiet
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check "$TMP/$WHEEL" >&2
"$TMP/venv/bin/python" scripts/phone-cases.py "$OUT"
