#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine: installs what is missing, builds, and runs.
#   bash scripts/setup.sh demo   # build, then fact-check the bundled example articles
#   bash scripts/setup.sh test   # build plain and sanitized, run every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-demo}"
jobs="$(nproc 2>/dev/null || echo 2)"
python="${PYTHON:-python3}"

log() { printf '\n==> %s\n' "$*" >&2; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local wanted=(build-essential cmake ninja-build pkg-config libicu-dev libxxhash-dev libabsl-dev
                catch2 libbenchmark-dev pybind11-dev)
  # The test job also fuzzes (clang's libFuzzer) and renders the HTML report in a browser.
  if [ "$mode" = test ]; then
    wanted+=(clang libclang-rt-14-dev chromium fonts-lohit-deva)
  fi
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_preset() {
  log "configure and build: $1"
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$jobs"
}

case "$mode" in
  demo)
    install_system_packages
    build_preset release
    log "crossdoc on the bundled example articles (examples/data)"
    if [ -x build/release/examples/crossdoc-factcheck ]; then
      build/release/examples/crossdoc-factcheck examples/data/*.txt
    else
      build/release/examples/crossdoc-analyze examples/data/*.txt
    fi
    ;;
  test)
    install_system_packages
    build_preset dev
    log "tests (RelWithDebInfo, warnings as errors)"
    ctest --preset dev -j "$jobs"
    log "downstream find_package(crossdoc) against an installed copy"
    bash tests/downstream/run.sh build/dev
    log "HTML report in headless Chromium"
    bash tests/browser/run.sh build/dev
    log "crossdoc-watch killed at random moments loses nothing reported as saved"
    "$python" tests/watch/kill_test.py build/dev 4
    log "Python package: pip install . and pytest"
    PYTHON="$python" bash scripts/python_test.sh
    log "concurrency tests under ThreadSanitizer"
    bash scripts/tsan_test.sh
    log "fuzzing, briefly"
    bash fuzz/run.sh "${CROSSDOC_FUZZ_SECONDS:-15}"
    build_preset asan
    log "tests under AddressSanitizer + UndefinedBehaviorSanitizer"
    ctest --preset asan -j "$jobs"
    ;;
  *)
    echo "usage: bash scripts/setup.sh [demo|test]" >&2
    exit 2
    ;;
esac
