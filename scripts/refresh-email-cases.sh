#!/usr/bin/env bash
# Rewrites tests/fixtures/real/email-validator/cases.tsv: the addresses of email-validator's own
# test suite (tests/test_syntax.py in its PyPI sdist; public domain, the Unlicense), each with the
# verdict of that library, for tests/email_suite.rs. To move to a newer release, change VERSION
# and SHA256.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=2.2.0
SDIST=email_validator-$VERSION.tar.gz
SHA256=cb690f344c617a714f22e66ae771445a1ceb46821152df8e165c5f9a364582b7
OUT=tests/fixtures/real/email-validator/cases.tsv

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary=:all: \
  -d "$TMP" "email-validator==$VERSION" >&2
echo "$SHA256  $TMP/$SDIST" | sha256sum --check --quiet
tar -xzf "$TMP/$SDIST" -C "$TMP"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check "$TMP/$SDIST" >&2
"$TMP/venv/bin/python" scripts/email-cases.py "$TMP/email_validator-$VERSION" "$OUT"
