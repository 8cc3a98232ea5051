#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build/fuzz and runs each for a while.
#
#   fuzz/run.sh                     # every target ~15 s (what CI runs: about a minute in all)
#   fuzz/run.sh 1800                # the longer run: 30 minutes per target
#   fuzz/run.sh 60 fuzz_jsonl       # one target
#   FUZZ_JOBS=2 fuzz/run.sh 3600    # two fuzzing processes per target (libFuzzer -fork)
#
# Seeds come from fuzz/corpus/<target>/ (checked in, read only). New inputs the fuzzer keeps go
# to build/fuzz/corpus/<target>/, crashes to build/fuzz/artifacts/<target>/. Reproduce one with
#   build/fuzz/fuzz/<target> build/fuzz/artifacts/<target>/crash-...
# then copy it into fuzz/regressions/<target>/ (every run replays those first) and write a
# Catch2 regression test for it. Exit status: non-zero when any target crashed or failed to build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-15}"
shift || true
all_targets=(fuzz_text fuzz_jsonl fuzz_index_load fuzz_factcheck)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")
build=build/fuzz
jobs="${FUZZ_JOBS:-1}"

log() { printf '==> %s\n' "$*" >&2; }

if ! command -v clang++ >/dev/null 2>&1 ||
   ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  log "installing clang and its libFuzzer runtime (Debian packages clang, libclang-rt-14-dev)"
  sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null
  # Bookworm's clang 14 keeps libFuzzer in libclang-rt-14-dev; older releases ship it with clang.
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-rt-14-dev \
    >/dev/null 2>&1 || true
fi

log "configure $build (clang, -fsanitize=fuzzer,address,undefined)"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCROSSDOC_BUILD_FUZZERS=ON -DCROSSDOC_BUILD_TESTS=OFF -DCROSSDOC_BUILD_BENCHMARKS=OFF \
  -DCROSSDOC_BUILD_EXAMPLES=OFF -DCROSSDOC_BUILD_PYTHON=OFF -DCROSSDOC_INSTALL=OFF \
  -DCROSSDOC_WERROR=OFF >/dev/null

built=()
for t in "${targets[@]}"; do
  if cmake --build "$build" --target help | grep -q "^$t:"; then
    built+=("$t")
  else
    log "skipping $t (not configured: see the cmake message above)"
  fi
done
[ "${#built[@]}" -gt 0 ] || { log "no fuzz target to build"; exit 1; }
log "build ${built[*]}"
cmake --build "$build" --target "${built[@]}" -j "$(nproc 2>/dev/null || echo 2)"

status=0
summary=()
for t in "${built[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts" "fuzz/corpus/$t"
  dirs=("$work" "fuzz/corpus/$t")
  [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
  log "run $t for ${seconds}s"
  logfile="$build/$t.log"
  extra=()
  [ "$jobs" -gt 1 ] && extra+=("-fork=$jobs" "-ignore_crashes=0")
  set +e
  # malloc_limit_mb: any single allocation above 512 MB is reported as a crash (hostile sizes in
  # headers must never turn into huge allocations). Inputs are capped at 64 KB (1 MB for text).
  "$build/fuzz/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=512 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" "${dirs[@]}" >"$logfile" 2>&1
  rc=$?
  set -e
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logfile" | tail -1 | grep -o '[0-9]*$' || true)"
  cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$logfile" | tail -1 || true)"
  corpus="$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$logfile" | tail -1 || true)"
  if [ "$rc" -ne 0 ]; then
    status=1
    log "$t FAILED (exit $rc); last lines of $logfile:"
    tail -40 "$logfile" >&2
    summary+=("$(printf '%-18s FAILED  execs=%s  %s  %s' "$t" "${execs:-?}" "$cov" "$corpus")")
  else
    summary+=("$(printf '%-18s ok      execs=%s  %s  %s' "$t" "${execs:-?}" "$cov" "$corpus")")
  fi
done
printf '\n%s\n' "fuzz summary (${seconds}s per target; logs in $build/*.log):"
printf '  %s\n' "${summary[@]}"
exit "$status"
