#!/usr/bin/env bash
# Finds or builds the embedded engine's native library (libjllama.so of the de.kherud:llama binding) for this machine:
# the binding's own C++ (release 4.1.0, kept in worker-agent/src/main/native/jllama-4.1.0 with its licence) compiled
# against llama.cpp with -DGGML_NATIVE=ON, so that llama.cpp uses every instruction set this processor has (the
# binding's jar ships a generic x86-64 build with AVX2 only). The llama.cpp source is the release that the npm package
# node-llama-cpp ships as a git bundle, as for build.sh. What is built stays outside the repository, in a cache folder
# keyed by the binding version and the llama.cpp tag, and is built only when missing:
#
#   ${FLEETBENCH_JLLAMA_CACHE:-~/.cache/fleetbench/jllama}/<binding>-<tag>-native/libjllama.so
#   ${...}/<binding>-<tag>-native/BUILD-INFO     binding, llama.cpp tag and commit, cmake flags, processor, when
#
# The agent loads it with --llama-lib <that folder> (or -Dde.kherud.llama.lib.path=<that folder>).
#
# Usage: build-jllama.sh [--find-only]   the last line on stdout is the library's folder; exit 0 found or built,
#                                        3 missing (--find-only), 4 cannot build here (the message says what is missing)
# Needs to build: npm, git, cmake, a C++ compiler and a JDK's jni.h (Debian: apt-get install cmake g++ git npm
# openjdk-17-jdk-headless); about 20 minutes on 2 cores. Linux only. The library links the OpenMP runtime (libgomp1).
set -euo pipefail

BINDING="4.1.0"                                        # de.kherud:llama, the version in worker-agent/pom.xml
# The binding's release was built against llama.cpp b4916; node-llama-cpp 3.7.0 ships b4980, the nearest release of
# llama.cpp that an npm package carries, and its server API is the one the binding's C++ compiles against.
NLC_VERSION="${FLEETBENCH_JLLAMA_NODE_LLAMA_CPP_VERSION:-3.7.0}"
TAG="${FLEETBENCH_JLLAMA_LLAMA_CPP_TAG:-b4980}"
ROOT="${FLEETBENCH_JLLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fleetbench/jllama}"
DIR="$ROOT/$BINDING-$TAG-native"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${FLEETBENCH_JLLAMA_SOURCE:-$HERE/../../native/jllama-$BINDING}"
JOBS="${FLEETBENCH_JLLAMA_JOBS:-2}"

say() { echo "jllama: $*" >&2; }

have_lib() { [ -f "$DIR/libjllama.so" ] && [ -f "$DIR/BUILD-INFO" ]; }   # the folder appears whole (mv)

if have_lib; then echo "$DIR"; exit 0; fi
if [ "${1:-}" = "--find-only" ]; then say "not built yet in $DIR"; exit 3; fi

mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"
flock 9        # one build at a time; a second caller waits and then finds the result
if have_lib; then echo "$DIR"; exit 0; fi

if [ "$(uname -s)" != "Linux" ]; then say "cannot build here: this script builds the Linux library only"; exit 4; fi
if [ ! -f "$SRC/src/main/cpp/jllama.cpp" ]; then
  say "cannot build here: the binding's C++ source is not at $SRC (run the script from the source tree, or set FLEETBENCH_JLLAMA_SOURCE)"
  exit 4
fi
missing=()
for tool in npm git cmake tar; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || missing+=("a C++ compiler (g++)")
JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] && command -v javac >/dev/null 2>&1; then JDK="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; fi
[ -n "$JDK" ] && [ -f "$JDK/include/jni.h" ] || missing+=("a JDK with include/jni.h (openjdk-17-jdk-headless)")
if [ ${#missing[@]} -gt 0 ]; then
  say "cannot build here: missing ${missing[*]} (Debian: apt-get install cmake g++ git npm openjdk-17-jdk-headless)"
  exit 4
fi

work="$(mktemp -d "$ROOT/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "building libjllama $BINDING against llama.cpp $TAG (node-llama-cpp $NLC_VERSION) in $work, -j $JOBS"
(cd "$work" && npm pack --silent "node-llama-cpp@$NLC_VERSION" >/dev/null && tar xzf "node-llama-cpp-$NLC_VERSION.tgz")
shipped="$(sed -n 's/.*"tag"[^"]*"\([^"]*\)".*/\1/p' "$work/package/llama/llama.cpp.info.json")"
if [ "$shipped" != "$TAG" ]; then
  say "node-llama-cpp $NLC_VERSION ships llama.cpp $shipped, expected $TAG (set FLEETBENCH_JLLAMA_LLAMA_CPP_TAG=$shipped)"
  exit 4
fi
git clone --quiet "$work/package/llama/gitRelease.bundle" "$work/llama.cpp"
commit="$(git -C "$work/llama.cpp" rev-parse --short HEAD)"
# The bundle is one squashed commit, so llama.cpp's own build number (a commit count) would read 1: name the release
# instead, so that the library logs "build: ${TAG#b} (<commit>)" on load as a release build does.
printf '\nset(BUILD_NUMBER %s)\nset(BUILD_COMMIT "%s")\n' "${TAG#b}" "$commit" >> "$work/llama.cpp/cmake/build-info.cmake"

# The binding's CMake fetches nlohmann/json v3.11.3; llama.cpp carries that same release as common/json.hpp.
mkdir -p "$work/json/include/nlohmann"
cp "$work/llama.cpp/common/json.hpp" "$work/json/include/nlohmann/json.hpp"
cat > "$work/json/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.14)
project(nlohmann_json CXX)
add_library(nlohmann_json INTERFACE)
target_include_directories(nlohmann_json INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
EOF

cp -r "$SRC" "$work/jllama"
FLAGS=(-DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release)
cmake -S "$work/jllama" -B "$work/build" "${FLAGS[@]}" \
    -DFETCHCONTENT_FULLY_DISCONNECTED=ON \
    "-DFETCHCONTENT_SOURCE_DIR_LLAMA.CPP=$work/llama.cpp" "-DFETCHCONTENT_SOURCE_DIR_JSON=$work/json" \
    -DOS_NAME=Linux "-DOS_ARCH=$(uname -m)" "-DJNI_INCLUDE_DIRS=$JDK/include;$JDK/include/linux" >&2
cmake --build "$work/build" --target jllama -j "$JOBS" >&2
built="$(find "$work/jllama/src/main/resources" -name libjllama.so | head -1)"
if [ -z "$built" ]; then say "the build ended without libjllama.so"; exit 4; fi
mkdir -p "$DIR.tmp"
cp "$built" "$DIR.tmp/libjllama.so"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
printf 'binding de.kherud:llama %s\ntag %s\ncommit %s\nnode-llama-cpp %s\ncmake %s\ncpu %s\nbuilt %s\n' \
    "$BINDING" "$TAG" "$commit" "$NLC_VERSION" "${FLAGS[*]}" "$cpu" "$(date -u +%FT%TZ)" > "$DIR.tmp/BUILD-INFO"
rm -rf "$DIR"
mv "$DIR.tmp" "$DIR"
say "built $DIR"
echo "$DIR"
