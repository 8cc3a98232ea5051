// Tests of stage 2: pinned fingerprint values, the documented hash definitions, MinHash accuracy.
#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/fingerprint.h"
#include "crossdoc/text.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crossdoc {
namespace {

const std::vector<std::string_view> kSentence = {"india", "and", "kazakhstan", "held",  "the",
                                                 "6th",   "jwg", "meeting",    "on",    "monday",
                                                 "in",    "new", "delhi",      "sco",   "2024"};

uint64_t Mix64Reference(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// The shingle definition written out the slow way, straight from the header comment.
std::vector<uint64_t> ShinglesByDefinition(const std::vector<uint64_t>& t, uint32_t w,
                                           uint64_t seed) {
  constexpr uint64_t P = 0x9E3779B97F4A7C15ULL;
  std::vector<uint64_t> out;
  if (t.empty()) return out;
  const size_t n = t.size();
  const size_t width = std::min<size_t>(w, n);
  for (size_t i = 0; i + width <= n; ++i) {
    uint64_t h = seed;
    for (size_t j = 0; j < width; ++j) h = h * P + t[i + j];
    out.push_back(Mix64Reference(h));
  }
  return out;
}

// The MinHash signature the slow way, straight from the header comment (scheme 3): every element
// in every round 0 .. 2k, no early exit; each bin keeps its least (round, value) pair.
std::vector<uint32_t> MinHashByDefinition(const std::vector<uint64_t>& elements, uint32_t k,
                                          uint64_t seed) {
  constexpr uint64_t P = 0x9E3779B97F4A7C15ULL;
  const auto s = [seed](uint64_t r) {
    return Mix64Reference(seed ^ 0x6f70682d62696e73ULL ^ (r * P));
  };
  const auto reduce = [k](uint64_t x) { return static_cast<uint32_t>(((x >> 32) * k) >> 32); };
  std::vector<std::pair<uint64_t, uint32_t>> best(k, {UINT64_MAX, 0});
  for (uint64_t e : elements) {
    const uint64_t m = Mix64Reference(e ^ s(0));
    for (uint64_t r = 0; r <= 2 * uint64_t{k}; ++r) {
      const uint32_t bin = r == 0   ? reduce(m)
                           : r <= k ? reduce(m * (s(r) | 1))
                                    : static_cast<uint32_t>(r - k - 1);
      const uint32_t value = static_cast<uint32_t>(r == 0 ? m : Mix64Reference(m ^ s(r)));
      best[bin] = std::min(best[bin], std::make_pair(r, value));
    }
  }
  std::vector<uint32_t> out;
  for (const auto& [round, value] : best) {
    REQUIRE(round != UINT64_MAX);  // the last k rounds reach every bin
    out.push_back(value);
  }
  return out;
}

// XXH3-64 of the values written as little-endian bytes (the same on every host).
uint64_t HashOfValues(const MinHashSignature& s) {
  std::string bytes;
  for (uint32_t v : s.values) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  return XXH3_64bits(bytes.data(), bytes.size());
}

TEST_CASE("pinned values never change across platforms and releases", "[fingerprint][pinned]") {
  // These numbers were produced by this implementation (scheme 3: MinHash bins left empty by
  // round 0 are filled by further hashing rounds; bins filled in round 0, like values[127] here,
  // kept their scheme 2 values). A change breaks every saved signature and index, so it must come
  // with a new kFingerprintSchemeVersion.
  CHECK(kFingerprintSchemeVersion == 3);
  CHECK(HashToken("kazakhstan") == 0x2829e4954e55029fULL);
  CHECK(ExactFingerprint(kSentence).ToHex() == "01bccf7b7e1af925c459c4c8a8a45840");

  std::vector<uint64_t> hashes;
  HashTokens(kSentence, kDefaultFingerprintSeed, &hashes);
  std::vector<uint64_t> shingles;
  ShingleHashes(hashes, 5, kDefaultFingerprintSeed, &shingles);
  REQUIRE(shingles.size() == kSentence.size() - 4);
  CHECK(shingles.front() == 0x990e747849bd58abULL);

  const MinHashSignature sig = MinHasher().FromTokens(kSentence);
  REQUIRE(sig.size() == 128);
  CHECK(sig.values[0] == 2520748601u);
  CHECK(sig.values[1] == 2004642077u);
  CHECK(sig.values[127] == 1672877417u);
  CHECK(HashOfValues(sig) == 0x9580e50316f20a91ULL);  // all 128 values (stored as little-endian)
  CHECK(SimHash(hashes) == 0x69ea6da0269b7957ULL);

  const MinHashSignature small = MinHasher({.num_hashes = 16, .shingle_size = 3, .seed = 7})
                                     .FromTokens(kSentence);
  CHECK(HashOfValues(small) == 0xb8575113392ce711ULL);
}

TEST_CASE("hashes follow their documented definitions", "[fingerprint]") {
  SECTION("token hash is XXH3-64 with the seed") {
    CHECK(HashToken("delhi", 99) == XXH3_64bits_withSeed("delhi", 5, 99));
    CHECK(HashToken("दिल्ली") == XXH3_64bits_withSeed("दिल्ली", std::string_view("दिल्ली").size(),
                                                       kDefaultFingerprintSeed));
  }
  SECTION("exact fingerprint is XXH3-128 over length-prefixed tokens") {
    std::string buffer;
    for (std::string_view t : kSentence) {
      const uint32_t n = static_cast<uint32_t>(t.size());
      for (int i = 0; i < 4; ++i) buffer.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
      buffer.append(t);
    }
    const XXH128_hash_t h = XXH3_128bits_withSeed(buffer.data(), buffer.size(), 5);
    const Fingerprint128 f = ExactFingerprint(kSentence, 5);
    CHECK(f.low == h.low64);
    CHECK(f.high == h.high64);
  }
  SECTION("token boundaries matter to the exact fingerprint") {
    const std::vector<std::string_view> a = {"new", "delhi"};
    const std::vector<std::string_view> b = {"newdelhi"};
    const std::vector<std::string_view> c = {"ne", "wdelhi"};
    CHECK_FALSE(ExactFingerprint(a) == ExactFingerprint(b));
    CHECK_FALSE(ExactFingerprint(a) == ExactFingerprint(c));
    CHECK(ExactFingerprint(a) == ExactFingerprint(std::vector<std::string_view>{"new", "delhi"}));
  }
  SECTION("rolling shingle hashes equal the definition for every width and length") {
    std::mt19937_64 rng(1);
    for (uint32_t w = 1; w <= 9; ++w) {
      for (size_t n = 0; n <= 40; n += 3) {
        std::vector<uint64_t> t(n);
        for (auto& x : t) x = rng();
        std::vector<uint64_t> got;
        ShingleHashes(t, w, 12345, &got);
        CHECK(got == ShinglesByDefinition(t, w, 12345));
      }
    }
  }
  SECTION("MinHash follows its definition round by round, for any k and set size") {
    std::mt19937_64 rng(3);
    for (uint32_t k : {1u, 2u, 7u, 32u, 100u, 128u, 200u}) {
      for (size_t n : {1, 2, 3, 5, 10, 30, 80, 150, 400}) {
        CAPTURE(k, n);
        const uint64_t seed = rng();
        std::vector<uint64_t> elements(n);
        for (auto& x : elements) x = rng();
        MinHashSignature got;
        MinHasher({.num_hashes = k, .seed = seed}).FromElementHashes(elements, &got);
        CHECK(got.values == MinHashByDefinition(elements, k, seed));
      }
    }
    // The largest k with a single element: every bin filled, all values distinct.
    MinHashSignature one;
    MinHasher({.num_hashes = 8192}).FromElementHashes(std::vector<uint64_t>{42}, &one);
    CHECK(one.values == MinHashByDefinition({42}, 8192, kDefaultFingerprintSeed));
    CHECK(std::set<uint32_t>(one.values.begin(), one.values.end()).size() > 8192 - 4);
  }
  SECTION("every token API gives the same signature") {
    const MinHasher hasher;
    std::vector<uint64_t> hashes;
    HashTokens(kSentence, hasher.options().seed, &hashes);
    std::vector<std::string> owned(kSentence.begin(), kSentence.end());
    const MinHashSignature a = hasher.FromTokens(kSentence);
    CHECK(hasher.FromTokens(absl::MakeConstSpan(owned)) == a);
    CHECK(hasher.FromTokenHashes(hashes) == a);
    std::vector<uint64_t> shingles;
    ShingleHashes(hashes, 5, hasher.options().seed, &shingles);
    MinHashSignature from_elements;
    hasher.FromElementHashes(shingles, &from_elements);
    CHECK(from_elements == a);
    // Element order and repeats do not matter.
    std::reverse(shingles.begin(), shingles.end());
    shingles.push_back(shingles.front());
    hasher.FromElementHashes(shingles, &from_elements);
    CHECK(from_elements == a);
  }
}

TEST_CASE("short and empty sequences", "[fingerprint]") {
  const MinHasher hasher;  // shingles of 5 words
  const std::vector<std::string_view> three = {"sco", "summit", "astana"};
  const std::vector<std::string_view> three_again = {"sco", "summit", "astana"};
  const std::vector<std::string_view> other_three = {"sco", "summit", "delhi"};
  const MinHashSignature a = hasher.FromTokens(three);
  REQUIRE(a.size() == 128);
  // One shingle: round 0 fills one bin, the later rounds fill the others with fresh values of the
  // same element, so two texts are equal or differ in every slot (a value copied into every slot
  // would make them collide in all k slots at once with probability 2^-32).
  CHECK(EstimateJaccard(a, hasher.FromTokens(three_again)) == 1.0);
  CHECK(EstimateJaccard(a, hasher.FromTokens(other_three)) == 0.0);
  CHECK(std::set<uint32_t>(a.values.begin(), a.values.end()).size() == a.size());
  std::vector<uint64_t> token_hashes;
  HashTokens(three, hasher.options().seed, &token_hashes);
  CHECK(a.values == MinHashByDefinition(ShingleSet(token_hashes, 5, hasher.options().seed), 128,
                                        hasher.options().seed));
  // Three elements, also through the element API.
  const std::vector<uint64_t> three_elements = {11, 22, 33};
  MinHashSignature c;
  hasher.FromElementHashes(three_elements, &c);
  CHECK(c.values == MinHashByDefinition(three_elements, 128, hasher.options().seed));
  CHECK(std::set<uint32_t>(c.values.begin(), c.values.end()).size() > c.size() - 2);
  CHECK(ShingleSet(std::vector<uint64_t>{1, 2, 3}, 5, 0).size() == 1);

  const MinHashSignature empty = hasher.FromTokens(std::vector<std::string_view>{});
  CHECK(empty.empty());
  CHECK(EstimateJaccard(empty, empty) == 0.0);
  CHECK(EstimateJaccard(empty, a) == 0.0);
  CHECK(SimHash({}) == 0);
  const DocumentFingerprint f = FingerprintTokens({});
  CHECK(f.word_count == 0);
  CHECK(f.minhash.empty());
  CHECK(f.simhash == 0);
}

TEST_CASE("options: validation, clamping and seeds", "[fingerprint]") {
  CHECK(ValidateMinHashOptions({}).ok());
  CHECK(ValidateMinHashOptions({.num_hashes = 0}).code() == absl::StatusCode::kInvalidArgument);
  CHECK(ValidateMinHashOptions({.num_hashes = 100000}).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(ValidateMinHashOptions({.shingle_size = 0}).code() == absl::StatusCode::kInvalidArgument);
  CHECK(MinHasher({.num_hashes = 0, .shingle_size = 0}).options().num_hashes == 1);
  CHECK(MinHasher({.num_hashes = 0, .shingle_size = 0}).options().shingle_size == 1);

  const MinHashSignature a = MinHasher({.seed = 1}).FromTokens(kSentence);
  const MinHashSignature b = MinHasher({.seed = 2}).FromTokens(kSentence);
  CHECK(EstimateJaccard(a, b) < 0.1);  // different seeds give unrelated signatures
  CHECK_FALSE(ExactFingerprint(kSentence, 1) == ExactFingerprint(kSentence, 2));
  CHECK(EstimateJaccard(a, MinHasher({.num_hashes = 64, .seed = 1}).FromTokens(kSentence)) == 0);
}

// Random sets with a chosen overlap, as element hashes.
struct SetPair {
  std::vector<uint64_t> a, b;
  double jaccard;
};

SetPair MakePair(std::mt19937_64& rng, size_t common, size_t only_a, size_t only_b) {
  SetPair p;
  for (size_t i = 0; i < common; ++i) {
    const uint64_t x = rng();
    p.a.push_back(x);
    p.b.push_back(x);
  }
  for (size_t i = 0; i < only_a; ++i) p.a.push_back(rng());
  for (size_t i = 0; i < only_b; ++i) p.b.push_back(rng());
  p.jaccard = static_cast<double>(common) / static_cast<double>(common + only_a + only_b);
  return p;
}

TEST_CASE("MinHash estimates stay within the expected error of the exact Jaccard",
          "[fingerprint][accuracy]") {
  // One-permutation hashing matches k independent permutations once a set has at least k
  // elements (its variance is even a little lower: bins sample without replacement). Smaller
  // sets leave bins empty after round 0; the later rounds fill them so that an element takes at
  // most one bin a round, which spreads the bins evenly over the elements and brings the
  // variance down to about half that of k permutations (scheme 2's densification, which copied
  // values between bins, raised it instead, by up to ~1.5x). Both regimes are checked.
  for (uint32_t k : {64u, 128u, 256u}) {
    CAPTURE(k);
    std::mt19937_64 rng(2024 + k);
    const MinHasher hasher({.num_hashes = k, .seed = rng()});
    const int kPairs = 3000;
    struct Regime {
      double sum_error = 0, sum_z2 = 0;
      int beyond_3_sigma = 0, counted = 0;
    } large, small;
    MinHashSignature sa, sb;
    for (int i = 0; i < kPairs; ++i) {
      // Union sizes from 1 to 3000 (log-uniform), overlaps from disjoint to identical.
      const size_t union_size = static_cast<size_t>(std::exp((rng() % 8000) / 1000.0)) + 1;
      const double target = (rng() % 1001) / 1000.0;
      const size_t common = static_cast<size_t>(std::lround(target * union_size));
      const size_t rest = union_size - common;
      const size_t only_a = rest == 0 ? 0 : rng() % (rest + 1);
      const SetPair p = MakePair(rng, common, only_a, rest - only_a);
      if (p.a.empty() || p.b.empty()) continue;
      hasher.FromElementHashes(p.a, &sa);
      hasher.FromElementHashes(p.b, &sb);
      const double estimate = EstimateJaccard(sa, sb);
      const double j = p.jaccard;
      if (j == 0.0 || j == 1.0) {
        CHECK(estimate == j);  // disjoint and identical sets are never mistaken
        continue;
      }
      const double sigma = std::sqrt(j * (1 - j) / k);
      const double error = estimate - j;
      Regime& r = std::min(p.a.size(), p.b.size()) >= k ? large : small;
      r.sum_error += error;
      r.sum_z2 += (error / sigma) * (error / sigma);
      r.beyond_3_sigma += std::abs(error) > 3 * sigma + 1.0 / k;
      ++r.counted;
    }
    REQUIRE(large.counted > 500);
    REQUIRE(small.counted > 500);
    for (const Regime* r : {&large, &small}) {
      const bool is_large = r == &large;
      const double bias = r->sum_error / r->counted;
      const double variance_ratio = r->sum_z2 / r->counted;  // 1 for k independent permutations
      WARN("k " << k << (is_large ? ", sets >= k" : ", sets < k") << ": bias " << bias
                << ", variance / (J(1-J)/k) " << variance_ratio << ", beyond 3 sigma "
                << r->beyond_3_sigma << " of " << r->counted);
      CHECK(std::abs(bias) < 0.005);
      CHECK(variance_ratio > (is_large ? 0.5 : 0.3));
      CHECK(variance_ratio < (is_large ? 1.1 : 0.8));
      CHECK(r->beyond_3_sigma <= r->counted / 100);
    }
  }
}

TEST_CASE("exact Jaccard and containment of sorted sets", "[fingerprint]") {
  const std::vector<uint64_t> a = {1, 2, 3, 4};
  const std::vector<uint64_t> b = {3, 4, 5, 6, 7, 8};
  CHECK(ExactJaccard(a, b) == Approx(2.0 / 8.0));
  CHECK(Containment(a, b) == Approx(0.5));
  CHECK(Containment(b, a) == Approx(2.0 / 6.0));
  CHECK(ExactJaccard({}, {}) == 0.0);
  CHECK(Containment({}, b) == 0.0);
  CHECK(ExactJaccard(a, a) == 1.0);
}

TEST_CASE("SimHash: near texts differ in few bits, unrelated ones in about half",
          "[fingerprint]") {
  std::mt19937_64 rng(9);
  std::vector<uint64_t> base(300);
  for (auto& x : base) x = rng();
  std::vector<uint64_t> near = base;
  for (int i = 0; i < 6; ++i) near[rng() % near.size()] = rng();
  std::vector<uint64_t> other(300);
  for (auto& x : other) x = rng();
  CHECK(SimHash(base) == SimHash(base));
  CHECK(HammingDistance(SimHash(base), SimHash(near)) <= 12);
  CHECK(HammingDistance(SimHash(base), SimHash(other)) >= 16);
  CHECK(HammingDistance(0, ~uint64_t{0}) == 64);
}

TEST_CASE("FingerprintDocument on analyzed Hindi and English text", "[fingerprint][text]") {
  const Analyzer analyzer;
  // Invented report, two outlets: same words, different punctuation, case and acronym script.
  auto a = analyzer.Analyze(
      "भारत और कजाकिस्तान के बीच JWG की छठी बैठक हुई। SCO के मंच पर 2024 में चर्चा होगी।");
  auto b = analyzer.Analyze(
      "भारत और कजाकिस्तान के बीच जेडब्ल्यूजी की छठी बैठक हुई!  एससीओ के मंच पर २०२४ में चर्चा होगी");
  auto c = analyzer.Analyze("Kazakh and Indian officials met in Astana. They talked about trade.");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  const DocumentFingerprint fa = FingerprintDocument(*a);
  const DocumentFingerprint fb = FingerprintDocument(*b);
  const DocumentFingerprint fc = FingerprintDocument(*c);

  CHECK(fa.word_count == fb.word_count);
  CHECK(fa.exact == fb.exact);  // keys fold the acronym script and the digits
  CHECK(fa.simhash == fb.simhash);
  CHECK(EstimateJaccard(fa.minhash, fb.minhash) == 1.0);
  CHECK_FALSE(fa.exact == fc.exact);
  CHECK(EstimateJaccard(fa.minhash, fc.minhash) < 0.2);

  REQUIRE(fa.sentences.size() == a->sentences().size());
  REQUIRE(fa.sentences.size() == 2);
  REQUIRE(fb.sentences.size() == 2);
  for (size_t s = 0; s < 2; ++s) {
    CHECK(fa.sentences[s].sentence == s);
    CHECK(fa.sentences[s].exact == fb.sentences[s].exact);
    CHECK(fa.sentences[s].minhash.size() == 32);
  }
  CHECK_FALSE(fa.sentences[0].exact == fa.sentences[1].exact);
  CHECK(fc.sentences.size() == 2);
  CHECK(fc.sentences[0].word_count == 7);

  // The analyzed-text path agrees with the plain-token path over the same keys.
  std::vector<std::string_view> keys;
  for (const Token& t : c->tokens()) {
    if (t.IsWordLike()) keys.push_back(c->Key(t));
  }
  const DocumentFingerprint plain = FingerprintTokens(keys);
  CHECK(plain.exact == fc.exact);
  CHECK(plain.minhash == fc.minhash);
  CHECK(plain.simhash == fc.simhash);
  CHECK(MinHasher().FromText(*c) == fc.minhash);

  FingerprintOptions no_sentences;
  no_sentences.sentences = false;
  CHECK(FingerprintDocument(*c, no_sentences).sentences.empty());
}

}  // namespace
}  // namespace crossdoc
