#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 180), seeded with the project's own pages.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-180}
pages="../demo/site ../demo/site/in ../tests/fixtures/sites/linkedin.com/in ../tests/fixtures/sites/linkedin.com/company ../tests/fixtures/sites/x.com ../tests/fixtures/sites/github.com ../tests/e2e/pages"
for target in capture_html serialized_html jsonld vcard messages csv_import crm_responses; do
  mkdir -p "corpus/$target"
  seeds="seeds/$target"
  case $target in capture_html | serialized_html) seeds=$pages ;; esac
  # shellcheck disable=SC2086
  cargo +nightly fuzz run "$target" "corpus/$target" $seeds -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=200000
done
