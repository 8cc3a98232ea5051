// Exact, MinHash (one-permutation hashing with optimal densification) and SimHash fingerprints.
#include "crossdoc/fingerprint.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "crossdoc/text.h"
#include "fingerprint/hash_mix.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crossdoc {
namespace {

using internal::kGoldenGamma;
using internal::Mix64;
using internal::Reduce32;

constexpr uint32_t kMaxHashes = 8192;
constexpr uint32_t kMaxShingleSize = 64;

// Domain separation between the uses of one seed (arbitrary odd constants, part of the format).
constexpr uint64_t kBinSalt = 0x6f70682d62696e73ULL;      // "oph-bins"
constexpr uint64_t kDensifySalt = 0x64656e7369667921ULL;  // "densify!"

// The value an empty bin takes from its donor (scheme version 2):
//   fmix32(donor value ^ low 32 bits of Mix64((bin << 32 | donor bin) ^ kDensifySalt)),
// fmix32 being MurmurHash3's 32-bit finalizer. For fixed (bin, donor bin) it is a bijection of
// the donor value, so two signatures whose bin took its value from the same donor bin hold equal
// values there exactly when the donors' values are equal: the estimator is unchanged. But one
// donor no longer repeats one 32-bit value in every empty bin, and equal 32-bit values of
// different elements (which land in different bins) no longer look equal: two different
// one-shingle texts differ in about every bin instead of colliding in all of them with
// probability 2^-32.
inline uint32_t DensifiedValue(uint32_t donor_value, uint32_t bin, uint32_t donor_bin) {
  uint32_t x = donor_value ^ static_cast<uint32_t>(
                                 Mix64(((uint64_t{bin} << 32) | donor_bin) ^ kDensifySalt));
  x ^= x >> 16;
  x *= 0x85ebca6bu;
  x ^= x >> 13;
  x *= 0xc2b2ae35u;
  x ^= x >> 16;
  return x;
}

uint64_t PowMod64(uint64_t base, uint32_t exponent) {
  uint64_t result = 1;
  while (exponent != 0) {
    if (exponent & 1) result *= base;
    base *= base;
    exponent >>= 1;
  }
  return result;
}

// Calls emit(shingle_hash) for every shingle of the token-hash sequence, in order. Rolling form of
//   H_i = seed * P^w + sum_j t[i+j] * P^(w-1-j)   (mod 2^64),  shingle = Mix64(H_i).
template <typename Emit>
inline void ForEachShingle(absl::Span<const uint64_t> t, uint32_t w, uint64_t seed, Emit emit) {
  const size_t n = t.size();
  if (n == 0) return;
  if (n <= w) {
    uint64_t h = seed;
    for (uint64_t x : t) h = h * kGoldenGamma + x;
    emit(Mix64(h));
    return;
  }
  const uint64_t top = PowMod64(kGoldenGamma, w - 1);  // weight of the outgoing token
  const uint64_t seed_term = seed * top * kGoldenGamma;
  uint64_t h = seed;
  for (uint32_t j = 0; j < w; ++j) h = h * kGoldenGamma + t[j];
  emit(Mix64(h));
  for (size_t i = w; i < n; ++i) {
    h = (h - seed_term - t[i - w] * top) * kGoldenGamma + t[i] + seed_term;
    emit(Mix64(h));
  }
}

// One-permutation hashing: each element falls into one of k bins (top 32 bits of its mixed hash)
// and each bin keeps the least low-32-bit value it has seen.
class OnePermutationSketch {
 public:
  OnePermutationSketch(uint32_t k, uint64_t seed, uint32_t* values)
      : k_(k), bin_seed_(Mix64(seed ^ kBinSalt)), values_(values) {
    std::fill(values_, values_ + k_, UINT32_MAX);
    std::fill(filled_.begin(), filled_.begin() + (k_ + 63) / 64, uint64_t{0});
  }

  inline void Add(uint64_t element) {
    const uint64_t m = Mix64(element ^ bin_seed_);
    const uint32_t bin = Reduce32(static_cast<uint32_t>(m >> 32), k_);
    const uint32_t value = static_cast<uint32_t>(m);
    values_[bin] = std::min(values_[bin], value);
    filled_[bin >> 6] |= uint64_t{1} << (bin & 63);
  }

  bool Filled(uint32_t bin) const { return (filled_[bin >> 6] >> (bin & 63)) & 1; }

  // Optimal densification: an empty bin i takes DensifiedValue(values[j], i, j) of the first
  // non-empty bin j met on its own pseudo-random probe sequence j = h(i, 1), h(i, 2), ... Donors are always bins that
  // were filled by elements, never bins filled by densification, which keeps the estimate
  // unbiased with a variance close to k independent permutations. The probe sequence depends only
  // on (seed, i, attempt), so two documents probe the same bins.
  void Densify(uint64_t seed) {
    uint32_t filled_count = 0;
    for (uint32_t w = 0; w < (k_ + 63) / 64; ++w) filled_count += std::popcount(filled_[w]);
    if (filled_count == k_ || filled_count == 0) return;
    const uint64_t probe_seed = Mix64(seed ^ kDensifySalt);
    const uint32_t max_attempts = 64 * k_;
    for (uint32_t i = 0; i < k_; ++i) {
      if (Filled(i)) continue;
      bool done = false;
      for (uint32_t attempt = 1; attempt <= max_attempts; ++attempt) {
        const uint64_t p = Mix64(probe_seed + ((uint64_t{i} << 32) | attempt) * kGoldenGamma);
        const uint32_t j = Reduce32(static_cast<uint32_t>(p >> 32), k_);
        if (Filled(j)) {
          values_[i] = DensifiedValue(values_[j], i, j);
          done = true;
          break;
        }
      }
      if (!done) {  // practically unreachable; keeps the result deterministic regardless
        for (uint32_t step = 1; step < k_; ++step) {
          const uint32_t j = (i + step) % k_;
          if (Filled(j)) {
            values_[i] = DensifiedValue(values_[j], i, j);
            break;
          }
        }
      }
    }
  }

 private:
  uint32_t k_;
  uint64_t bin_seed_;
  uint32_t* values_;
  std::array<uint64_t, kMaxHashes / 64> filled_;
};

uint32_t Clamp(uint32_t v, uint32_t lo, uint32_t hi) { return std::min(std::max(v, lo), hi); }

template <typename Tokens>
void HashStrings(const Tokens& tokens, uint64_t seed, std::vector<uint64_t>* out) {
  out->clear();
  out->reserve(tokens.size());
  for (const auto& t : tokens) out->push_back(HashToken(t, seed));
}

// Appends [u32 little-endian length][bytes] for a token to the exact-fingerprint buffer.
void AppendForExact(std::string_view token, std::string* buffer) {
  const uint32_t n = static_cast<uint32_t>(token.size());
  const char len[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                       static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
  buffer->append(len, 4);
  buffer->append(token);
}

Fingerprint128 Hash128(std::string_view bytes, uint64_t seed) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(bytes.data(), bytes.size(), seed);
  return Fingerprint128{h.low64, h.high64};
}

}  // namespace

std::string Fingerprint128::ToHex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(high >> (4 * i)) & 0xf];
    out[31 - i] = kDigits[(low >> (4 * i)) & 0xf];
  }
  return out;
}

absl::Status ValidateMinHashOptions(const MinHashOptions& options) {
  if (options.num_hashes < 1 || options.num_hashes > kMaxHashes) {
    return absl::InvalidArgumentError(absl::StrCat("MinHashOptions.num_hashes = ",
                                                   options.num_hashes, " is outside [1, ",
                                                   kMaxHashes, "]"));
  }
  if (options.shingle_size < 1 || options.shingle_size > kMaxShingleSize) {
    return absl::InvalidArgumentError(absl::StrCat("MinHashOptions.shingle_size = ",
                                                   options.shingle_size, " is outside [1, ",
                                                   kMaxShingleSize, "]"));
  }
  return absl::OkStatus();
}

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  options_.num_hashes = Clamp(options_.num_hashes, 1, kMaxHashes);
  options_.shingle_size = Clamp(options_.shingle_size, 1, kMaxShingleSize);
}

void MinHasher::FromTokenHashes(absl::Span<const uint64_t> token_hashes,
                                MinHashSignature* out) const {
  out->values.clear();
  if (token_hashes.empty()) return;
  out->values.resize(options_.num_hashes);
  OnePermutationSketch sketch(options_.num_hashes, options_.seed, out->values.data());
  ForEachShingle(token_hashes, options_.shingle_size, options_.seed,
                 [&sketch](uint64_t shingle) { sketch.Add(shingle); });
  sketch.Densify(options_.seed);
}

void MinHasher::FromElementHashes(absl::Span<const uint64_t> element_hashes,
                                  MinHashSignature* out) const {
  out->values.clear();
  if (element_hashes.empty()) return;
  out->values.resize(options_.num_hashes);
  OnePermutationSketch sketch(options_.num_hashes, options_.seed, out->values.data());
  for (uint64_t e : element_hashes) sketch.Add(e);
  sketch.Densify(options_.seed);
}

MinHashSignature MinHasher::FromTokenHashes(absl::Span<const uint64_t> token_hashes) const {
  MinHashSignature out;
  FromTokenHashes(token_hashes, &out);
  return out;
}

MinHashSignature MinHasher::FromTokens(absl::Span<const std::string_view> tokens) const {
  std::vector<uint64_t> hashes;
  HashTokens(tokens, options_.seed, &hashes);
  return FromTokenHashes(hashes);
}

MinHashSignature MinHasher::FromTokens(absl::Span<const std::string> tokens) const {
  std::vector<uint64_t> hashes;
  HashStrings(tokens, options_.seed, &hashes);
  return FromTokenHashes(hashes);
}

MinHashSignature MinHasher::FromText(const AnalyzedText& text) const {
  std::vector<uint64_t> hashes;
  HashTextTokens(text, options_.seed, &hashes);
  return FromTokenHashes(hashes);
}

uint64_t HashToken(std::string_view token, uint64_t seed) {
  return XXH3_64bits_withSeed(token.data(), token.size(), seed);
}

void HashTokens(absl::Span<const std::string_view> tokens, uint64_t seed,
                std::vector<uint64_t>* out) {
  HashStrings(tokens, seed, out);
}

void HashTextTokens(const AnalyzedText& text, uint64_t seed, std::vector<uint64_t>* out) {
  out->clear();
  out->reserve(text.tokens().size());
  for (const Token& t : text.tokens()) {
    if (t.IsWordLike()) out->push_back(HashToken(text.Key(t), seed));
  }
}

void ShingleHashes(absl::Span<const uint64_t> token_hashes, uint32_t shingle_size, uint64_t seed,
                   std::vector<uint64_t>* out) {
  out->clear();
  shingle_size = Clamp(shingle_size, 1, kMaxShingleSize);
  out->reserve(token_hashes.size());
  ForEachShingle(token_hashes, shingle_size, seed, [out](uint64_t h) { out->push_back(h); });
}

std::vector<uint64_t> ShingleSet(absl::Span<const uint64_t> token_hashes, uint32_t shingle_size,
                                 uint64_t seed) {
  std::vector<uint64_t> out;
  ShingleHashes(token_hashes, shingle_size, seed, &out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.empty() || a.size() != b.size()) return 0.0;
  const uint32_t* x = a.values.data();
  const uint32_t* y = b.values.data();
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += (x[i] == y[i]);
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

namespace {
size_t IntersectionSize(absl::Span<const uint64_t> a, absl::Span<const uint64_t> b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}
}  // namespace

double ExactJaccard(absl::Span<const uint64_t> sorted_a, absl::Span<const uint64_t> sorted_b) {
  if (sorted_a.empty() && sorted_b.empty()) return 0.0;
  const size_t common = IntersectionSize(sorted_a, sorted_b);
  return static_cast<double>(common) /
         static_cast<double>(sorted_a.size() + sorted_b.size() - common);
}

double Containment(absl::Span<const uint64_t> sorted_a, absl::Span<const uint64_t> sorted_b) {
  if (sorted_a.empty()) return 0.0;
  return static_cast<double>(IntersectionSize(sorted_a, sorted_b)) /
         static_cast<double>(sorted_a.size());
}

namespace {
// kSpread[b] has byte i equal to bit i of b: adding kSpread of each byte of a hash counts eight
// bit positions at once in eight byte-wide counters.
constexpr std::array<uint64_t, 256> MakeSpread() {
  std::array<uint64_t, 256> table{};
  for (uint32_t b = 0; b < 256; ++b) {
    for (uint32_t i = 0; i < 8; ++i) table[b] |= uint64_t{(b >> i) & 1} << (8 * i);
  }
  return table;
}
constexpr std::array<uint64_t, 256> kSpread = MakeSpread();
}  // namespace

uint64_t SimHash(absl::Span<const uint64_t> feature_hashes) {
  if (feature_hashes.empty()) return 0;
  std::array<uint64_t, 64> ones{};
  size_t i = 0;
  while (i < feature_hashes.size()) {
    // Byte counters overflow after 255 features; fold them into `ones` before that.
    const size_t end = std::min(feature_hashes.size(), i + 255);
    std::array<uint64_t, 8> lanes{};
    for (; i < end; ++i) {
      const uint64_t h = feature_hashes[i];
      for (int byte = 0; byte < 8; ++byte) lanes[byte] += kSpread[(h >> (8 * byte)) & 0xff];
    }
    for (int byte = 0; byte < 8; ++byte) {
      for (int bit = 0; bit < 8; ++bit) ones[8 * byte + bit] += (lanes[byte] >> (8 * bit)) & 0xff;
    }
  }
  const uint64_t n = feature_hashes.size();
  uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > n) out |= uint64_t{1} << bit;
  }
  return out;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

Fingerprint128 ExactFingerprint(absl::Span<const std::string_view> tokens, uint64_t seed) {
  std::string buffer;
  size_t total = 0;
  for (std::string_view t : tokens) total += 4 + t.size();
  buffer.reserve(total);
  for (std::string_view t : tokens) AppendForExact(t, &buffer);
  return Hash128(buffer, seed);
}

DocumentFingerprint FingerprintTokens(absl::Span<const std::string_view> tokens,
                                      const MinHashOptions& options) {
  const MinHasher hasher(options);
  DocumentFingerprint out;
  std::vector<uint64_t> hashes;
  HashTokens(tokens, hasher.options().seed, &hashes);
  out.word_count = static_cast<uint32_t>(tokens.size());
  out.exact = ExactFingerprint(tokens, hasher.options().seed);
  hasher.FromTokenHashes(hashes, &out.minhash);
  out.simhash = SimHash(hashes);
  return out;
}

DocumentFingerprint FingerprintDocument(const AnalyzedText& text,
                                        const FingerprintOptions& options) {
  const MinHasher doc_hasher(options.document);
  const MinHasher sentence_hasher(options.sentence);
  const uint64_t doc_seed = doc_hasher.options().seed;
  const uint64_t sentence_seed = sentence_hasher.options().seed;

  // Word-like tokens once: their keys, hashes, and where each sentence's run starts.
  std::vector<std::string_view> keys;
  std::vector<uint32_t> sentence_of;
  keys.reserve(text.tokens().size());
  sentence_of.reserve(text.tokens().size());
  for (const Token& t : text.tokens()) {
    if (!t.IsWordLike()) continue;
    keys.push_back(text.Key(t));
    sentence_of.push_back(t.sentence);
  }
  std::vector<uint64_t> hashes;
  HashTokens(keys, doc_seed, &hashes);

  DocumentFingerprint out;
  out.word_count = static_cast<uint32_t>(keys.size());
  out.exact = ExactFingerprint(keys, doc_seed);
  doc_hasher.FromTokenHashes(hashes, &out.minhash);
  out.simhash = SimHash(hashes);
  if (!options.sentences) return out;

  std::vector<uint64_t> sentence_hashes_storage;
  if (sentence_seed != doc_seed) HashTokens(keys, sentence_seed, &sentence_hashes_storage);
  const std::vector<uint64_t>& sentence_hashes =
      sentence_seed != doc_seed ? sentence_hashes_storage : hashes;

  const size_t sentence_count = text.sentences().size();
  out.sentences.resize(sentence_count);
  size_t begin = 0;
  for (uint32_t s = 0; s < sentence_count; ++s) {
    size_t end = begin;
    while (end < keys.size() && sentence_of[end] == s) ++end;
    SentenceFingerprint& f = out.sentences[s];
    f.sentence = s;
    f.word_count = static_cast<uint32_t>(end - begin);
    const auto run_keys = absl::MakeConstSpan(keys).subspan(begin, end - begin);
    const auto run_hashes = absl::MakeConstSpan(sentence_hashes).subspan(begin, end - begin);
    f.exact = ExactFingerprint(run_keys, sentence_seed);
    sentence_hasher.FromTokenHashes(run_hashes, &f.minhash);
    f.simhash = SimHash(run_hashes);
    begin = end;
  }
  return out;
}

}  // namespace crossdoc
