// Stage 2, fingerprint: exact, MinHash and SimHash fingerprints of documents and sentences.
//
// Every value here is a pure function of the token sequence and a seed, computed with integer
// arithmetic and xxHash (XXH3) only: the same input gives the same bits on every platform,
// compiler and release. Tests pin known values; a change to any of them is a format break that
// needs a new kFingerprintSchemeVersion (and a new index file version).
//
// What is hashed: a document (or sentence) is a sequence of normalized tokens. From an
// AnalyzedText that is the word-like tokens (Token::IsWordLike(): words and numbers; punctuation
// and symbols are skipped), each taken as AnalyzedText::Key(token), so an acronym written in
// Devanagari letter names ("एससीओ") hashes like its Latin spelling ("SCO"). The plain-sequence
// APIs take already normalized token strings or token hashes, so callers without the analyzer
// (benchmarks, the Python bindings, other tokenizers) get the same fingerprints for the same
// tokens.
//
// The hashing chain, each step seeded with MinHashOptions::seed (or the seed argument):
//   token hash   = XXH3_64bits_withSeed(token bytes, seed)
//   shingle hash = Mix64(polynomial of the shingle's token hashes), see ShingleHashes()
//   MinHash      = one-permutation hashing in rounds (in the spirit of Dahlgaard, Knudsen and
//                  Thorup, "Fast similarity sketching", 2017): k bins of 32-bit values. With
//                  s_r = Mix64(seed ^ 0x6f70682d62696e73 ^ r * P) (mod 2^64, P as below),
//                  Reduce32(x, k) = (x * k) >> 32 for a 32-bit x, and m = Mix64(e ^ s_0) for
//                  each element (shingle hash) e, element e lands in round r in
//                    r = 0:                  bin Reduce32(high32(m), k)
//                    r = 1 .. k:             bin Reduce32(high32(m * (s_r | 1) mod 2^64), k)
//                    r = k + 1 + b, b < k:   bin b
//                  with value low32(m) in round 0 and low32(Mix64(m ^ s_r)) after. Each bin holds
//                  the value of the least (round, value) pair of the elements that land in it: a
//                  round fills only the bins that earlier rounds left empty. So per bin the
//                  chosen element minimizes a key of its own, which keeps the estimate unbiased
//                  at any set size, and as an element takes at most one bin a round the bins are
//                  shared out evenly, which keeps the variance low for small sets. Round 0 leaves
//                  about k exp(-n / k) bins empty for n distinct elements, rounds 1 .. k about
//                  k exp(-n), and the last k rounds fill the rest. Later rounds run only while a
//                  bin is empty: expected cost O(n) for n >> k, O(n + k log k) for any n.
//   SimHash      = bitwise majority vote over the token hashes (each token weight 1)
//   exact        = XXH3_128bits_withSeed over the tokens, each written as its byte length
//                  (4 bytes, little-endian) followed by its bytes
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace crossdoc {

class AnalyzedText;

// Bumped whenever any fingerprint value would change. Saved index files record it.
// Version 3: MinHash bins left empty by one-permutation hashing are filled by further hashing
// rounds (versions 1 and 2 copied a donor bin's value into them, version 2 through a per-bin
// mix).
inline constexpr uint32_t kFingerprintSchemeVersion = 3;

// The default seed of every hash in this stage ("crossdoc" in ASCII).
inline constexpr uint64_t kDefaultFingerprintSeed = 0x63726f7373646f63ULL;

// A 128-bit exact fingerprint. Equal fingerprints mean equal token sequences (up to a 2^-128
// chance of collision).
struct Fingerprint128 {
  uint64_t low = 0;
  uint64_t high = 0;
  // 32 lower-case hex digits, high word first.
  std::string ToHex() const;
  friend bool operator==(const Fingerprint128&, const Fingerprint128&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Fingerprint128& f) {
    return H::combine(std::move(h), f.low, f.high);
  }
};

struct MinHashOptions {
  // k, the number of signature slots. The standard error of an estimated Jaccard similarity J
  // is about sqrt(J (1 - J) / k): 0.035 at J = 0.8 with k = 128. Sets of at least k elements do
  // slightly better; smaller sets better still, about 0.7 times that error (half the variance),
  // because the later MinHash rounds share the bins out evenly (tests/fingerprint_test.cc
  // measures both). Valid: 1-8192.
  uint32_t num_hashes = 128;
  // Words per shingle. A sequence shorter than this is one shingle (the whole sequence); an empty
  // sequence has no shingle and an empty signature. Valid: 1 to 64.
  uint32_t shingle_size = 5;
  // Seed of every hash on the way (token, shingle, bin). Signatures are comparable only when
  // computed with the same seed, shingle size and k.
  uint64_t seed = kDefaultFingerprintSeed;
};

// A MinHash signature: k 32-bit values, or none at all for a document without any token (such a
// signature never matches anything, not even another empty one).
struct MinHashSignature {
  std::vector<uint32_t> values;
  bool empty() const { return values.empty(); }
  size_t size() const { return values.size(); }
  friend bool operator==(const MinHashSignature&, const MinHashSignature&) = default;
};

// Computes MinHash signatures. Cheap to construct and copy; thread-safe (no mutable state; the
// later rounds use a per-thread scratch buffer).
// Cost (measured by benchmarks/fingerprint_bench.cc on 2 KB English news, k = 128, 5-word
// shingles, one core): about 2.3 us a document from token hashes, 5.5 us from token strings
// (hashing included). No heap allocation besides the signature itself once the per-thread scratch
// buffer has grown to the largest document seen (12 bytes a shingle, 5 bytes a bin; documents of
// more than a million shingles release it again after use).
class MinHasher {
 public:
  // Out-of-range options are clamped into range (see MinHashOptions); ValidateMinHashOptions()
  // tells a caller who wants an error instead.
  explicit MinHasher(MinHashOptions options = {});

  const MinHashOptions& options() const { return options_; }

  // From the word-like tokens of an analyzed text, taken as Key(token).
  MinHashSignature FromText(const AnalyzedText& text) const;
  // From normalized token strings.
  MinHashSignature FromTokens(absl::Span<const std::string_view> tokens) const;
  MinHashSignature FromTokens(absl::Span<const std::string> tokens) const;
  // From token hashes computed with HashToken(token, options().seed).
  MinHashSignature FromTokenHashes(absl::Span<const uint64_t> token_hashes) const;
  // Same, writing into *out and reusing its storage (for loops over many documents).
  void FromTokenHashes(absl::Span<const uint64_t> token_hashes, MinHashSignature* out) const;
  // From any set of 64-bit element hashes (the shingle hashes of ShingleHashes(), or elements
  // of another kind). Repeats do not matter; order does not matter.
  void FromElementHashes(absl::Span<const uint64_t> element_hashes, MinHashSignature* out) const;

 private:
  MinHashOptions options_;
};

// OK, or InvalidArgument naming the field that is out of range.
absl::Status ValidateMinHashOptions(const MinHashOptions& options);

// XXH3_64bits_withSeed of the token's bytes.
uint64_t HashToken(std::string_view token, uint64_t seed = kDefaultFingerprintSeed);
// Appends the hash of every token to *out (which is cleared first).
void HashTokens(absl::Span<const std::string_view> tokens, uint64_t seed,
                std::vector<uint64_t>* out);
// Appends HashToken(Key(t)) of every word-like token of the text (in order) to *out (cleared
// first).
void HashTextTokens(const AnalyzedText& text, uint64_t seed, std::vector<uint64_t>* out);

// The shingle hashes of a token-hash sequence, in order, repeats kept: one per run of
// shingle_size consecutive tokens (n - w + 1 of them), or one for the whole sequence when it is
// shorter than shingle_size, or none when it is empty. Each is
//   Mix64(((seed * P + t[i]) * P + t[i+1]) * P + ... + t[i+w-1])   (mod 2^64)
// with P = 0x9E3779B97F4A7C15 and Mix64 the MurmurHash3 64-bit finalizer: no string is built.
void ShingleHashes(absl::Span<const uint64_t> token_hashes, uint32_t shingle_size, uint64_t seed,
                   std::vector<uint64_t>* out);
// The sorted, duplicate-free shingle hashes: the set that exact Jaccard and containment compare.
std::vector<uint64_t> ShingleSet(absl::Span<const uint64_t> token_hashes, uint32_t shingle_size,
                                 uint64_t seed);

// Fraction of slots where the two signatures agree: an unbiased estimate of the Jaccard
// similarity of the shingle sets. 0 when either is empty or their sizes differ.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);
// Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted duplicate-free sets; 0 when both are empty.
double ExactJaccard(absl::Span<const uint64_t> sorted_a, absl::Span<const uint64_t> sorted_b);
// Containment |A ∩ B| / |A| of A in B (sorted duplicate-free sets); 0 when A is empty.
double Containment(absl::Span<const uint64_t> sorted_a, absl::Span<const uint64_t> sorted_b);

// 64-bit SimHash of a multiset of 64-bit feature hashes: bit i is set when more than half of the
// features have bit i set. 0 for no features. Near-identical texts differ in few bits.
uint64_t SimHash(absl::Span<const uint64_t> feature_hashes);
// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// Exact fingerprint of a token sequence (see the file comment for the exact byte layout).
Fingerprint128 ExactFingerprint(absl::Span<const std::string_view> tokens,
                                uint64_t seed = kDefaultFingerprintSeed);

struct FingerprintOptions {
  // The document signature: k = 128, shingles of 5 words.
  MinHashOptions document;
  // Also fingerprint every sentence (exact, MinHash, SimHash).
  bool sentences = true;
  // Sentence signatures: sentences are short, so fewer slots and shorter shingles by default.
  MinHashOptions sentence = {.num_hashes = 32, .shingle_size = 3};
};

struct SentenceFingerprint {
  uint32_t sentence = 0;    // index into AnalyzedText::sentences()
  uint32_t word_count = 0;  // word-like tokens hashed
  Fingerprint128 exact;
  MinHashSignature minhash;
  uint64_t simhash = 0;
};

struct DocumentFingerprint {
  uint32_t word_count = 0;  // word-like tokens hashed
  Fingerprint128 exact;
  MinHashSignature minhash;
  uint64_t simhash = 0;
  std::vector<SentenceFingerprint> sentences;  // one per sentence, in order, if asked for
};

// All fingerprints of an analyzed text, document and (optionally) sentence level. Cost: linear in
// the number of tokens; dominated by token hashing and, per sentence, the later MinHash rounds of
// the sentence signatures. Never fails: an empty text gets empty signatures and SimHash 0.
DocumentFingerprint FingerprintDocument(const AnalyzedText& text,
                                        const FingerprintOptions& options = {});
// Document-level fingerprints of a plain sequence of normalized tokens (no sentences).
DocumentFingerprint FingerprintTokens(absl::Span<const std::string_view> tokens,
                                      const MinHashOptions& options = {});

}  // namespace crossdoc
