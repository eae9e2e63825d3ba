#!/usr/bin/env bash
# Builds topo's release binaries: static (CGO_ENABLED=0), reproducible
# (-trimpath, no build ID), with the version set and the VCS revision
# recorded, for every target, and a SHA256SUMS file.
#
#   scripts/release.sh VERSION [OUTDIR]
#
# VERSION is like 0.2.0 (no "v"); OUTDIR defaults to dist/VERSION.
# TOPO_RELEASE_TARGETS overrides the targets (space-separated GOOS/GOARCH).
# The binaries are named topo-VERSION-GOOS-GOARCH (.exe on Windows).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: scripts/release.sh VERSION [OUTDIR]}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "release: \"$version\" is not a version like 0.2.0 (without a leading v)" >&2
  exit 2
fi
out="${2:-dist/$version}"
targets="${TOPO_RELEASE_TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"

mkdir -p "$out"
names=()
for t in $targets; do
  goos="${t%/*}"
  goarch="${t#*/}"
  name="topo-$version-$goos-$goarch"
  [ "$goos" = windows ] && name="$name.exe"
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" go build \
    -buildvcs=auto -trimpath \
    -ldflags "-s -w -buildid= -X github.com/topolint/topo/internal/version.Version=$version" \
    -o "$out/$name" ./cmd/topo
  names+=("$name")
  echo "built $out/$name"
done
(cd "$out" && sha256sum "${names[@]}" >SHA256SUMS)
echo "wrote $out/SHA256SUMS"
