// Quality of near-duplicate detection on corpora with planted near-duplicates (known truth).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/container/flat_hash_map.h"
#include "crossdoc/index.h"
#include "near_duplicate_generator.h"

namespace crossdoc {
namespace {

using testing::PlantedCorpus;

struct Quality {
  size_t found = 0, truth = 0, correct = 0;
  double precision() const { return found == 0 ? 1.0 : static_cast<double>(correct) / found; }
  double recall() const { return truth == 0 ? 1.0 : static_cast<double>(correct) / truth; }
};

Quality Score(const PlantedCorpus& corpus, const std::vector<DuplicatePair>& pairs) {
  Quality q;
  q.truth = corpus.truth_pairs.size();
  std::set<std::pair<std::string, std::string>> seen;
  for (const DuplicatePair& p : pairs) {
    if (!seen.insert(PlantedCorpus::Key(p.a, p.b)).second) continue;
    ++q.found;
    q.correct += corpus.IsTruePair(p.a, p.b);
  }
  return q;
}

// The analyzer's word-like keys of every document, hashed: the tokens the index sees.
std::vector<std::vector<uint64_t>> TokenHashes(const PlantedCorpus& corpus,
                                               const Analyzer& analyzer, uint64_t seed) {
  std::vector<std::vector<uint64_t>> out;
  for (const Document& d : corpus.documents) {
    auto text = analyzer.Analyze(d.text);
    REQUIRE(text.ok());
    out.emplace_back();
    HashTextTokens(*text, seed, &out.back());
  }
  return out;
}

// Checks the generator does what it claims: planted pairs are near-duplicates by exact shingle
// Jaccard, far copies are not. Without this, a good score could come from a broken generator.
void CheckTruthAgainstExactJaccard(const PlantedCorpus& corpus,
                                   const std::vector<std::vector<uint64_t>>& hashes,
                                   double threshold) {
  const MinHashOptions o;
  absl::flat_hash_map<std::string, size_t> index_of;
  std::vector<std::vector<uint64_t>> sets;
  for (size_t i = 0; i < corpus.documents.size(); ++i) {
    index_of[corpus.documents[i].id] = i;
    sets.push_back(ShingleSet(hashes[i], o.shingle_size, o.seed));
  }
  size_t planted_above = 0;
  double lowest_planted = 1.0;
  for (const auto& [a, b] : corpus.truth_pairs) {
    const double j = ExactJaccard(sets[index_of[a]], sets[index_of[b]]);
    planted_above += j >= threshold;
    lowest_planted = std::min(lowest_planted, j);
  }
  double highest_far = 0.0;
  for (size_t i = 0; i < corpus.documents.size(); ++i) {
    if (corpus.near[i]) continue;
    const std::string base_id = "b" + std::to_string(corpus.group[i]);
    highest_far = std::max(highest_far, ExactJaccard(sets[i], sets[index_of[base_id]]));
  }
  WARN("planted pairs: " << corpus.truth_pairs.size() << ", with exact Jaccard >= " << threshold
                         << ": " << planted_above << ", lowest " << lowest_planted
                         << "; highest far copy vs base: " << highest_far);
  CHECK(planted_above >= corpus.truth_pairs.size() * 97 / 100);
  CHECK(highest_far < threshold);
}

// Every cluster's representative is its earliest published member, else its first added one.
void CheckRepresentatives(const PlantedCorpus& corpus, const DedupResult& result) {
  absl::flat_hash_map<std::string, size_t> position;
  for (size_t i = 0; i < corpus.documents.size(); ++i) position[corpus.documents[i].id] = i;
  for (const DuplicateCluster& c : result.clusters) {
    const Document* best = nullptr;
    for (const std::string& id : c.members) {
      const Document& d = corpus.documents[position[id]];
      if (best == nullptr ||
          (d.published && (!best->published ||
                           d.published->unix_seconds < best->published->unix_seconds))) {
        best = &d;
      }
    }
    REQUIRE(best != nullptr);
    CHECK(c.representative == best->id);
  }
}

TEST_CASE("planted near-duplicates at threshold 0.8: English-like text", "[quality]") {
  const auto bases = testing::SyntheticBaseTexts(1000, 380, /*seed=*/11);
  testing::NearDuplicateOptions options;
  options.seed = 8080;
  const PlantedCorpus corpus = testing::GenerateNearDuplicates(bases, options);
  REQUIRE(corpus.documents.size() > 3000);
  const Analyzer analyzer;
  const auto hashes = TokenHashes(corpus, analyzer, kDefaultFingerprintSeed);
  CheckTruthAgainstExactJaccard(corpus, hashes, 0.8);

  for (Verification v : {Verification::kEstimatedJaccard, Verification::kExactJaccard}) {
    CAPTURE(static_cast<int>(v));
    auto index = LshIndex::Create({.threshold = 0.8, .verification = v});
    REQUIRE(index.ok());
    for (size_t i = 0; i < corpus.documents.size(); ++i) {
      const Document& d = corpus.documents[i];
      REQUIRE(index->Add(index->SketchTokenHashes(d.id, hashes[i], d.published)).ok());
    }
    const DedupResult result = index->FindDuplicates();
    const Quality q = Score(corpus, result.pairs);
    WARN("verification " << static_cast<int>(v) << ": found " << q.found << " pairs, "
                         << q.correct << " correct of " << q.truth << " planted; precision "
                         << q.precision() << ", recall " << q.recall());
    CHECK(q.precision() >= 0.95);
    CHECK(q.recall() >= 0.95);
    CheckRepresentatives(corpus, result);
    // Most planted clusters come back whole.
    size_t whole = 0;
    std::set<std::vector<std::string>> found_clusters;
    for (const auto& c : result.clusters) {
      std::vector<std::string> m = c.members;
      std::sort(m.begin(), m.end());
      found_clusters.insert(m);
    }
    for (std::vector<std::string> c : corpus.truth_clusters) {
      std::sort(c.begin(), c.end());
      whole += found_clusters.count(c);
    }
    CHECK(whole >= corpus.truth_clusters.size() * 9 / 10);
  }
}

TEST_CASE("planted near-duplicates at threshold 0.8: Devanagari text, whole pipeline",
          "[quality]") {
  const auto bases = testing::SyntheticBaseTexts(300, 350, /*seed=*/12, /*devanagari=*/true);
  testing::NearDuplicateOptions options;
  options.seed = 9090;
  const PlantedCorpus corpus = testing::GenerateNearDuplicates(bases, options);
  const Analyzer analyzer;
  CheckTruthAgainstExactJaccard(corpus, TokenHashes(corpus, analyzer, kDefaultFingerprintSeed),
                                0.8);
  DedupOptions dedup;
  dedup.index.threshold = 0.8;
  auto result = Deduplicate(corpus.documents, analyzer, dedup);
  REQUIRE(result.ok());
  const Quality q = Score(corpus, result->pairs);
  WARN("Devanagari: found " << q.found << " pairs, " << q.correct << " correct of " << q.truth
                            << " planted; precision " << q.precision() << ", recall "
                            << q.recall());
  CHECK(q.precision() >= 0.95);
  CHECK(q.recall() >= 0.95);
  CheckRepresentatives(corpus, *result);
}

TEST_CASE("the generator is reproducible and plants what it says", "[quality][generator]") {
  const auto bases = testing::SyntheticBaseTexts(20, 200, 3);
  CHECK(bases == testing::SyntheticBaseTexts(20, 200, 3));
  const PlantedCorpus a = testing::GenerateNearDuplicates(bases);
  const PlantedCorpus b = testing::GenerateNearDuplicates(bases);
  REQUIRE(a.documents.size() == b.documents.size());
  for (size_t i = 0; i < a.documents.size(); ++i) {
    CHECK(a.documents[i].id == b.documents[i].id);
    CHECK(a.documents[i].text == b.documents[i].text);
  }
  // Every base has 1-3 near copies and one far copy, each edited at least once.
  CHECK(a.documents.size() >= 20 * 3);
  CHECK(a.documents.size() <= 20 * 5);
  for (size_t i = 0; i < a.documents.size(); ++i) {
    const bool is_base = a.documents[i].id.find('-') == std::string::npos;
    CHECK((a.edit_counts[i] == 0) == is_base);
    if (!is_base) CHECK(a.documents[i].text != bases[static_cast<size_t>(a.group[i])]);
  }
  CHECK(a.truth_clusters.size() == 20);
}

}  // namespace
}  // namespace crossdoc
