#!/usr/bin/env bash
# Installs the library from an existing build dir into a temporary prefix, then configures,
# builds and runs tests/downstream against it with find_package(crossdoc CONFIG REQUIRED).
set -euo pipefail
build_dir="${1:?usage: run.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log" || { cat "$work/install.log"; exit 1; }
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
"$work/build/downstream"
# The pkg-config file must name the library and the include dir.
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig" \
  pkg-config --cflags --libs crossdoc | grep -q -- '-lcrossdoc'
echo "downstream: 1 passed, 0 failed"
