#!/usr/bin/env bash
# Builds the extension and opens Chromium with it on the bundled demo site (local lead book).
# With no display, runs the same tour headless: screenshots and the call list go to demo/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
node demo/tour.mjs "$@"
