#!/usr/bin/env bash
# Builds the browser playground into OUTDIR (default web/dist): topo
# compiled to WebAssembly (cmd/topo-wasm), Go's wasm_exec.js, and the page
# (web/index.html, app.js, style.css). Serve it with topo serve --dir OUTDIR
# or any static server.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-web/dist}"
mkdir -p "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags "-s -w" -o "$out/topo.wasm" ./cmd/topo-wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp web/index.html web/app.js web/style.css "$out/"
# Mermaid from npm (web/package.json), vendored into the site: no CDN.
if [ ! -f web/node_modules/mermaid/dist/mermaid.min.js ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
cp web/node_modules/mermaid/dist/mermaid.min.js "$out/"
echo "built $out"
