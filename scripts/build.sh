#!/usr/bin/env bash
# Builds the Rust core to Wasm, generates the JS bindings into pkg/, and assembles dist/extension,
# the folder Chromium loads unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir pkg target/wasm32-unknown-unknown/release/leadlens.wasm

rm -rf dist/extension
mkdir -p dist
cp -r extension dist/extension
cp -r pkg dist/extension/pkg
echo "build: dist/extension ($(stat -c %s pkg/leadlens_bg.wasm) bytes of Wasm, $(gzip -9c pkg/leadlens_bg.wasm | wc -c) gzipped)"
