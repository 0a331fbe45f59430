#!/usr/bin/env bash
# Installs what building, running and testing need on a fresh machine; skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$want"
fi

# Debian's browsers: Chromium for the extension and the wasm-bindgen tests, Firefox ESR for the
# extension in Firefox (tests/e2e/firefox-harness.mjs).
packages=()
command -v chromium >/dev/null && command -v chromedriver >/dev/null || packages+=(chromium chromium-driver)
command -v firefox-esr >/dev/null || packages+=(firefox-esr)
if [ ${#packages[@]} -gt 0 ]; then
  echo "setup: installing Debian's ${packages[*]}"
  # The image's docker-clean hook deletes downloaded packages mid-install: clear it for this call.
  conf=$(mktemp)
  printf '#clear DPkg::Post-Invoke;\n' > "$conf"
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get -c "$conf" install -y -qq "${packages[@]}"
  rm -f "$conf"
fi

if ! node -e "require.resolve('playwright-core'); require.resolve('ws')" 2>/dev/null || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
