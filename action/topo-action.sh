#!/usr/bin/env bash
# The steps of the topo GitHub Action (action.yml), runnable anywhere:
#
#   1. topo lint --format sarif into $TOPO_SARIF_FILE (code scanning);
#   2. topo lint --format github (annotations on the pull request);
#   3. topo render TARGET PATH --out DIR --check for every TARGET=DIR pair of
#      $TOPO_RENDER_CHECK (committed configs that drifted from the topology).
#
# Environment: TOPO_BIN (default: topo on PATH), TOPO_PATH, TOPO_FAIL_ON,
# TOPO_ARGS (extra lint arguments, split on spaces), TOPO_SARIF_FILE
# (default topo.sarif), TOPO_RENDER_CHECK, GITHUB_OUTPUT (where exit-code
# and sarif-file are written; optional outside GitHub).
#
# It exits 0 after writing exit-code (0, or 1 for findings or drift), so
# that the SARIF upload runs before the job fails; it exits 2 when topo
# itself could not run.
set -uo pipefail

topo="${TOPO_BIN:-topo}"
sarif="${TOPO_SARIF_FILE:-topo.sarif}"
out="${GITHUB_OUTPUT:-/dev/null}"

lint_args=()
[ -n "${TOPO_PATH:-}" ] && lint_args+=("$TOPO_PATH")
[ -n "${TOPO_FAIL_ON:-}" ] && lint_args+=(--fail-on "$TOPO_FAIL_ON")
if [ -n "${TOPO_ARGS:-}" ]; then
  read -r -a extra <<<"$TOPO_ARGS"
  lint_args+=("${extra[@]}")
fi

"$topo" version

code=0
"$topo" lint "${lint_args[@]}" --format sarif >"$sarif"
lint_code=$?
if [ "$lint_code" -ge 2 ]; then
  echo "topo lint could not run (exit $lint_code)" >&2
  exit 2
fi
[ "$lint_code" -ne 0 ] && code=1
echo "sarif-file=$sarif" >>"$out"

# The same findings as annotations; its exit code is the one above.
"$topo" lint "${lint_args[@]}" --format github || true

if [ -n "${TOPO_RENDER_CHECK:-}" ]; then
  read -r -a pairs <<<"$TOPO_RENDER_CHECK"
  for pair in "${pairs[@]}"; do
    target="${pair%%=*}"
    dir="${pair#*=}"
    if [ -z "$target" ] || [ -z "$dir" ] || [ "$target" = "$pair" ]; then
      echo "render-check: \"$pair\" is not TARGET=DIR" >&2
      exit 2
    fi
    render_args=("$target")
    [ -n "${TOPO_PATH:-}" ] && render_args+=("$TOPO_PATH")
    "$topo" render "${render_args[@]}" --out "$dir" --check
    rc=$?
    if [ "$rc" -ge 2 ]; then
      echo "topo render $target could not run (exit $rc)" >&2
      exit 2
    fi
    if [ "$rc" -ne 0 ]; then
      echo "::error title=topo render $target::the configs in $dir differ from the topology; run topo render $target --out $dir"
      code=1
    fi
  done
fi

echo "exit-code=$code" >>"$out"
exit 0
