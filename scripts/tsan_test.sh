#!/usr/bin/env bash
# Builds the concurrency tests with ThreadSanitizer in build/tsan and runs them.
#   bash scripts/tsan_test.sh            # what CI runs
#   bash scripts/tsan_test.sh -s         # extra Catch2 arguments are passed through
# Exit status: non-zero on any test failure or data race (halt_on_error=1).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/tsan

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCROSSDOC_WERROR=ON \
  -DCROSSDOC_SANITIZE_THREAD=ON -DCROSSDOC_BUILD_BENCHMARKS=OFF -DCROSSDOC_BUILD_EXAMPLES=OFF \
  >/dev/null
cmake --build "$build" --target concurrency_test -j "$(nproc 2>/dev/null || echo 2)"

# Abseil and ICU come from Debian packages built without TSan: their internals are invisible to
# it, but every access to crossdoc's own state is checked.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
"$build/tests/concurrency_test" "$@"
