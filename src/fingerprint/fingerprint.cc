// Exact, MinHash (one-permutation hashing, empty bins filled by further rounds) and SimHash
// fingerprints.
#include "crossdoc/fingerprint.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <vector>

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

// Domain separation between the uses of one seed (arbitrary constant, part of the format).
constexpr uint64_t kBinSalt = 0x6f70682d62696e73ULL;  // "oph-bins"

// The seed of round r: Mix64(seed ^ kBinSalt ^ r * kGoldenGamma). Round 0 is plain one-permutation
// hashing with it.
inline uint64_t RoundSeed(uint64_t seed, uint32_t round) {
  return Mix64(seed ^ kBinSalt ^ (uint64_t{round} * kGoldenGamma));
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

// Per-thread scratch space of the MinHash rounds. It grows to the largest document seen, so a
// thread that computes many signatures stops allocating; past kKeptElements (8 MB of mixes) it is
// released after use, so one huge document does not pin its memory to the thread.
struct RoundScratch {
  std::vector<uint64_t> mixed;       // m = Mix64(e ^ s_0) of every element, in the order given
  std::vector<uint8_t> state;        // per bin in rounds >= 1: kFilled, kEmpty or kTaken
  std::vector<uint32_t> taken;       // bins first filled in the current round
  std::vector<uint32_t> candidates;  // elements landing in an empty bin in the current round

  static constexpr size_t kKeptElements = size_t{1} << 20;

  void Reserve(size_t elements) {
    if (mixed.size() < elements) mixed.resize(elements);
  }
  void ReleaseIfLarge() {
    if (mixed.size() > kKeptElements) std::vector<uint64_t>().swap(mixed);
  }
};

RoundScratch& ThreadRoundScratch() {
  thread_local RoundScratch scratch;
  return scratch;
}

// MinHash by rounds of one-permutation hashing; fingerprint.h gives the exact definition.
// Round 0 is fed element by element (Add) and is all that large documents need. Finish() then
// runs rounds 1, 2, ... over the stored mixes until every bin holds a value (2k rounds at most).
// A bin keeps the least (round, value) pair of any element that lands in it, so per bin the
// chosen element is the argmin of a key that depends on that element alone: the estimate stays
// unbiased at any set size.
class RoundSketch {
 public:
  RoundSketch(uint32_t k, uint64_t seed, uint32_t* values)
      : k_(k), seed_(seed), round0_seed_(RoundSeed(seed, 0)), values_(values) {
    std::fill(values_, values_ + k_, UINT32_MAX);
    std::fill(filled_.begin(), filled_.begin() + (k_ + 63) / 64, uint64_t{0});
  }

  // Round 0 (bin Reduce32(high32(m), k), value low32(m)); returns m for Finish().
  inline uint64_t Add(uint64_t element) {
    const uint64_t m = Mix64(element ^ round0_seed_);
    const uint32_t bin = Reduce32(static_cast<uint32_t>(m >> 32), k_);
    values_[bin] = std::min(values_[bin], static_cast<uint32_t>(m));
    filled_[bin >> 6] |= uint64_t{1} << (bin & 63);
    return m;
  }

  // The rounds after the first, while some bin is still empty. `mixed` holds what Add returned
  // for every element (at least one).
  void Finish(absl::Span<const uint64_t> mixed, RoundScratch& scratch) {
    uint32_t remaining = k_;
    for (uint32_t w = 0; w < (k_ + 63) / 64; ++w) remaining -= Popcount(filled_[w]);
    if (remaining == 0 || mixed.empty()) return;
    if (scratch.state.size() < k_) scratch.state.resize(k_);
    if (scratch.taken.size() < k_) scratch.taken.resize(k_);
    if (scratch.candidates.size() < mixed.size()) scratch.candidates.resize(mixed.size());
    uint8_t* const state = scratch.state.data();
    for (uint32_t b = 0; b < k_; ++b) {
      state[b] = ((filled_[b >> 6] >> (b & 63)) & 1) ? kFilled : kEmpty;
    }

    const uint32_t k = k_;
    // Rounds r = 1 .. k: bin Reduce32(high32(m * (s_r | 1)), k). These fill the bins evenly (an
    // element takes at most one bin a round), which keeps the variance low for small sets.
    for (uint32_t r = 1; r <= k; ++r) {
      const uint64_t round_seed = RoundSeed(seed_, r);
      const uint64_t multiplier = round_seed | 1;
      auto bin_of = [multiplier, k](uint64_t m) -> uint32_t {
        return Reduce32(static_cast<uint32_t>((m * multiplier) >> 32), k);
      };
      remaining -= Round(mixed, bin_of, round_seed, scratch);
      if (remaining == 0) return;
    }
    // Rounds r = k + 1 + b, b = 0 .. k - 1: every element lands in bin b. This ends the process
    // for sure; few bins are left for it (about k exp(-n) for n elements), so its cost, n per bin
    // still empty, stays small.
    for (uint32_t b = 0; b < k; ++b) {
      if (state[b] == kFilled) continue;
      const uint64_t round_seed = RoundSeed(seed_, k + 1 + b);
      uint32_t least = UINT32_MAX;
      for (uint64_t m : mixed) {
        least = std::min(least, static_cast<uint32_t>(Mix64(m ^ round_seed)));
      }
      values_[b] = least;
    }
  }

 private:
  static constexpr uint8_t kFilled = 0;  // filled in an earlier round
  static constexpr uint8_t kEmpty = 1;   // empty so far
  static constexpr uint8_t kTaken = 2;   // empty when this round started, filled during it

  static uint32_t Popcount(uint64_t x) { return static_cast<uint32_t>(std::popcount(x)); }

  // One round >= 1: an element counts only in a bin that was empty when the round started, where
  // the least value low32(Mix64(m ^ s_r)) wins. Returns the number of bins it filled.
  template <typename BinOf>
  uint32_t Round(absl::Span<const uint64_t> mixed, BinOf bin_of, uint64_t round_seed,
                 RoundScratch& scratch) {
    const uint8_t* const state_in = scratch.state.data();
    uint32_t* const candidates = scratch.candidates.data();
    // First, without branches, the elements that land in a bin still empty (few of them in a
    // large document); then their values.
    size_t found = 0;
    for (size_t j = 0; j < mixed.size(); ++j) {
      candidates[found] = static_cast<uint32_t>(j);
      found += state_in[bin_of(mixed[j])] != kFilled;
    }
    uint8_t* const state = scratch.state.data();
    uint32_t* const taken = scratch.taken.data();
    uint32_t filled = 0;
    for (size_t c = 0; c < found; ++c) {
      const uint64_t m = mixed[candidates[c]];
      const uint32_t bin = bin_of(m);
      const uint32_t value = static_cast<uint32_t>(Mix64(m ^ round_seed));
      if (state[bin] == kEmpty) {
        state[bin] = kTaken;
        values_[bin] = value;
        taken[filled++] = bin;
      } else {
        values_[bin] = std::min(values_[bin], value);
      }
    }
    for (uint32_t t = 0; t < filled; ++t) state[taken[t]] = kFilled;
    return filled;
  }

  uint32_t k_;
  uint64_t seed_;
  uint64_t round0_seed_;
  uint32_t* values_;
  std::array<uint64_t, kMaxHashes / 64> filled_;  // bins filled in round 0
};

uint32_t Clamp(uint32_t v, uint32_t lo, uint32_t hi) { return std::min(std::max(v, lo), hi); }

template <typename Tokens>
void HashStrings(const Tokens& tokens, uint64_t seed, std::vector<uint64_t>* out) {
  out->resize(tokens.size());
  uint64_t* hashes = out->data();
  // XXH3 inlined into the loop (HashToken's definition; an out-of-line call per few-byte token
  // costs about a third of the hashing).
  for (const auto& t : tokens) {
    const std::string_view token(t);
    *hashes++ = XXH3_64bits_withSeed(token.data(), token.size(), seed);
  }
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
  const size_t w = options_.shingle_size;
  const size_t shingles = token_hashes.size() <= w ? 1 : token_hashes.size() - w + 1;
  RoundScratch& scratch = ThreadRoundScratch();
  scratch.Reserve(shingles);
  RoundSketch sketch(options_.num_hashes, options_.seed, out->values.data());
  ForEachShingle(token_hashes, options_.shingle_size, options_.seed,
                 [&sketch, mixed = scratch.mixed.data()](uint64_t shingle) mutable {
                   *mixed++ = sketch.Add(shingle);
                 });
  sketch.Finish(absl::MakeConstSpan(scratch.mixed.data(), shingles), scratch);
  scratch.ReleaseIfLarge();
}

void MinHasher::FromElementHashes(absl::Span<const uint64_t> element_hashes,
                                  MinHashSignature* out) const {
  out->values.clear();
  if (element_hashes.empty()) return;
  out->values.resize(options_.num_hashes);
  RoundScratch& scratch = ThreadRoundScratch();
  scratch.Reserve(element_hashes.size());
  uint64_t* const mixed = scratch.mixed.data();
  RoundSketch sketch(options_.num_hashes, options_.seed, out->values.data());
  for (size_t i = 0; i < element_hashes.size(); ++i) mixed[i] = sketch.Add(element_hashes[i]);
  sketch.Finish(absl::MakeConstSpan(mixed, element_hashes.size()), scratch);
  scratch.ReleaseIfLarge();
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
