#!/usr/bin/env bash
# Finds or builds the native llama.cpp tools (llama-bench, llama-server) that FleetBench measures its embedded engine
# against and runs its OpenAI-compatible engine against in the tests. The source is the llama.cpp release that the npm
# package node-llama-cpp ships as a git bundle (llama/gitRelease.bundle, its tag in llama/llama.cpp.info.json), so no
# llama.cpp code lives in this repository. What is built stays outside the repository, in a cache folder keyed by the
# tag, and is built only when missing:
#
#   ${FLEETBENCH_LLAMA_CPP_CACHE:-~/.cache/fleetbench/llama.cpp}/<tag>/bin/{llama-bench,llama-server,lib*.so}
#   ${...}/<tag>/BUILD-INFO            npm version, tag, commit, cmake flags, when
#
# Usage: build.sh [--find-only]     the last line on stdout is the bin folder; exit 0 found or built,
#                                    3 missing (--find-only), 4 cannot build here (the message says what is missing)
# Needs to build: npm, git, cmake, a C++ compiler (Debian: apt-get install cmake g++ git npm); about 11 minutes on
# 2 cores. The tools link llama.cpp's shared libraries from the same folder: run them with LD_LIBRARY_PATH=<bin>.
set -euo pipefail

NLC_VERSION="${FLEETBENCH_NODE_LLAMA_CPP_VERSION:-3.22.1}"
TAG="${FLEETBENCH_LLAMA_CPP_TAG:-v0.5.0}"          # the tag node-llama-cpp 3.22.1 ships; checked after unpacking
ROOT="${FLEETBENCH_LLAMA_CPP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fleetbench/llama.cpp}"
DIR="$ROOT/$TAG"
FLAGS=(-DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON)
TARGETS=(llama-bench llama-server)

have_tools() { [ -x "$DIR/bin/llama-bench" ] && [ -x "$DIR/bin/llama-server" ]; }
say() { echo "llama.cpp: $*" >&2; }

mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"
flock 9        # one build at a time; a second caller waits and then finds the result

if have_tools; then echo "$DIR/bin"; exit 0; fi

# Adopt a build made by hand in the older layout (src-<npm version>/build) instead of building again.
legacy="$ROOT/src-$NLC_VERSION"
if [ -x "$legacy/build/bin/llama-bench" ] && [ -x "$legacy/build/bin/llama-server" ]; then
  mkdir -p "$DIR"
  mv "$legacy/build/bin" "$DIR/bin"
  commit="$(git -C "$legacy" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'node-llama-cpp %s\ntag %s\ncommit %s\ncmake %s\nadopted from %s on %s\n' "$NLC_VERSION" "$TAG" "$commit" \
      "-DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release" "$legacy" "$(date -u +%FT%TZ)" > "$DIR/BUILD-INFO"
  rm -rf "$legacy"
  say "adopted the build in $legacy as $DIR"
  echo "$DIR/bin"; exit 0
fi

if [ "${1:-}" = "--find-only" ]; then say "not built yet in $DIR"; exit 3; fi

missing=()
for tool in npm git cmake tar; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || command -v clang++ >/dev/null 2>&1 || missing+=("a C++ compiler (g++)")
if [ ${#missing[@]} -gt 0 ]; then
  say "cannot build here: missing ${missing[*]} (Debian: apt-get install cmake g++ git npm)"
  exit 4
fi

work="$(mktemp -d "$ROOT/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "building $TAG from node-llama-cpp $NLC_VERSION in $work (about 11 minutes on 2 cores)"
(cd "$work" && npm pack --silent "node-llama-cpp@$NLC_VERSION" >/dev/null && tar xzf "node-llama-cpp-$NLC_VERSION.tgz")
shipped="$(sed -n 's/.*"tag"[^"]*"\([^"]*\)".*/\1/p' "$work/package/llama/llama.cpp.info.json")"
if [ "$shipped" != "$TAG" ]; then
  say "node-llama-cpp $NLC_VERSION ships llama.cpp $shipped, expected $TAG (set FLEETBENCH_LLAMA_CPP_TAG=$shipped)"
  exit 4
fi
git clone --quiet "$work/package/llama/gitRelease.bundle" "$work/src"
cmake -S "$work/src" -B "$work/src/build" "${FLAGS[@]}" >&2
cmake --build "$work/src/build" --target "${TARGETS[@]}" -j "$(nproc 2>/dev/null || echo 2)" >&2
mkdir -p "$DIR"
rm -rf "$DIR/bin"
mv "$work/src/build/bin" "$DIR/bin"
printf 'node-llama-cpp %s\ntag %s\ncommit %s\ncmake %s\nbuilt %s\n' "$NLC_VERSION" "$TAG" \
    "$(git -C "$work/src" rev-parse --short HEAD)" "${FLAGS[*]}" "$(date -u +%FT%TZ)" > "$DIR/BUILD-INFO"
say "built $DIR/bin"
echo "$DIR/bin"
