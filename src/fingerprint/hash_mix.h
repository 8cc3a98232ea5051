// Integer mixing functions shared by the fingerprint and index stages. Their outputs are part of
// the stable fingerprint format: never change them without bumping kFingerprintSchemeVersion.
#pragma once

#include <cstdint>

namespace crossdoc::internal {

inline constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

// MurmurHash3's 64-bit finalizer: a bijection with full avalanche.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Maps a uniformly distributed 32-bit value onto [0, n) without division (Lemire's reduction).
inline uint32_t Reduce32(uint32_t x, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(x) * n) >> 32);
}

}  // namespace crossdoc::internal
