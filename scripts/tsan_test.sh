#!/usr/bin/env bash
# Builds the concurrency tests with ThreadSanitizer in build/tsan and runs them.
#   bash scripts/tsan_test.sh            # what CI runs
#   bash scripts/tsan_test.sh -s         # extra Catch2 arguments are passed through
# Exit status: non-zero on any test failure or data race (halt_on_error=1).
#
# Debian's Abseil is not built with TSan, so TSan cannot see absl::Mutex lock and unlock and
# would report every access guarded by one as a race. The test binary therefore wraps the four
# absl::Mutex entry points crossdoc calls (-Wl,--wrap) and annotates them for TSan
# (tests/concurrency_test.cc, CROSSDOC_TSAN_ABSL_NS). The symbols are looked up in the installed
# libabsl_synchronization, so the script follows Abseil's inline namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/tsan

absl_sync="$(ls /usr/lib/*/libabsl_synchronization.so* /usr/lib/libabsl_synchronization.so* \
             2>/dev/null | head -1 || true)"
lock_symbol="$(nm -D --defined-only "$absl_sync" 2>/dev/null |
               grep -oE '_ZN4absl[0-9]+[A-Za-z0-9_]*5Mutex4LockEv$' | head -1 || true)"
cxx_flags=""
link_flags=""
if [ -n "$lock_symbol" ]; then
  ns="${lock_symbol#_ZN4absl}"
  ns="${ns%5Mutex4LockEv}"   # e.g. 7debian3
  cxx_flags="-DCROSSDOC_TSAN_ABSL_NS=$ns"
  wrap=""
  for fn in 4LockEv 6UnlockEv 10ReaderLockEv 12ReaderUnlockEv; do
    wrap="$wrap,--wrap=_ZN4absl${ns}5Mutex$fn"
  done
  link_flags="-Wl${wrap}"
else
  echo "tsan_test.sh: absl::Mutex symbols not found; expect false reports on Abseil locks" >&2
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCROSSDOC_WERROR=ON \
  -DCROSSDOC_SANITIZE_THREAD=ON -DCROSSDOC_BUILD_BENCHMARKS=OFF -DCROSSDOC_BUILD_EXAMPLES=OFF \
  -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$link_flags" >/dev/null
cmake --build "$build" --target concurrency_test -j "$(nproc 2>/dev/null || echo 2)"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
"$build/tests/concurrency_test" "$@"
