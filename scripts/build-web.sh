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
cp web/index.html web/app.js web/editor.js web/style.css web/sw.js "$out/"
# Mermaid from npm (web/package.json), vendored into the site: no CDN.
if [ ! -f web/node_modules/mermaid/dist/mermaid.min.js ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
cp web/node_modules/mermaid/dist/mermaid.min.js "$out/"
# CodeMirror 6 and its dependencies, as ES modules the import map of
# index.html names.
mkdir -p "$out/vendor"
nm=web/node_modules
for pair in \
  codemirror-state=@codemirror/state/dist/index.js codemirror-view=@codemirror/view/dist/index.js \
  codemirror-language=@codemirror/language/dist/index.js codemirror-commands=@codemirror/commands/dist/index.js \
  codemirror-lint=@codemirror/lint/dist/index.js codemirror-streamparser=@codemirror/streamparser/dist/index.js \
  lezer-common=@lezer/common/dist/index.js lezer-highlight=@lezer/highlight/dist/index.js lezer-lr=@lezer/lr/dist/index.js \
  find-cluster-break=@marijn/find-cluster-break/src/index.js crelt=crelt/index.js style-mod=style-mod/src/style-mod.js \
  w3c-keyname=w3c-keyname/index.js; do
  cp "$nm/${pair#*=}" "$out/vendor/${pair%%=*}.js"
done
echo "built $out"
