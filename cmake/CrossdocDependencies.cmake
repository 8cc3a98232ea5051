# Finds every dependency on the system; nothing is downloaded. Each failure names the Debian package.
macro(crossdoc_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "crossdoc needs ${what}, which was not found. "
                        "On Debian/Ubuntu: sudo apt-get install ${package}")
  endif()
endmacro()

find_package(ICU 66 COMPONENTS uc i18n QUIET)
crossdoc_require(ICU_FOUND "ICU (uc, i18n)" libicu-dev)

find_package(absl CONFIG QUIET)
crossdoc_require(absl_FOUND "Abseil" libabsl-dev)

# xxHash is used header-only (XXH_INLINE_ALL), so only its header is needed at build time.
find_path(XXHASH_INCLUDE_DIR xxhash.h)
crossdoc_require(XXHASH_INCLUDE_DIR "xxHash (xxhash.h)" libxxhash-dev)

if(CROSSDOC_BUILD_TESTS)
  find_package(Catch2 2 CONFIG QUIET)
  crossdoc_require(Catch2_FOUND "Catch2 v2" catch2)
endif()
if(CROSSDOC_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG QUIET)
  crossdoc_require(benchmark_FOUND "Google Benchmark" libbenchmark-dev)
endif()
