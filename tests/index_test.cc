// Tests of stage 3: LSH parameters, add/query/remove, verification modes, threads, files, clusters.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <tuple>

#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/index.h"
#include "near_duplicate_generator.h"
#include "test_support.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crossdoc {
namespace {

namespace fs = std::filesystem;

// A fresh directory for one test's files, removed afterwards.
struct TempDir : testing::TempDir {
  TempDir() : testing::TempDir("crossdoc_index_test") {}
};

// Lower-cased words of a plain ASCII text (enough for synthetic fixtures).
std::vector<std::string> Words(std::string_view text) { return testing::AsciiWords(text); }

DocumentSketch SketchOf(const LshIndex& index, std::string id, std::string_view text,
                        std::optional<Timestamp> published = std::nullopt) {
  const std::vector<std::string> words = Words(text);
  std::vector<std::string_view> views(words.begin(), words.end());
  return index.SketchTokens(std::move(id), views, published);
}

std::vector<std::string> Ids(const std::vector<Match>& matches) {
  std::vector<std::string> ids;
  for (const Match& m : matches) ids.push_back(m.id);
  return ids;
}

// Base text i of the synthetic fixtures and a copy with one word replaced.
const std::vector<std::string>& Bases() {
  static const auto* bases = new std::vector<std::string>(
      testing::SyntheticBaseTexts(64, 300, /*seed=*/77));
  return *bases;
}
std::string OneWordChanged(const std::string& text) {
  std::string out = text;
  const size_t space = out.find(' ', out.size() / 2);
  out.insert(space, " zzqx");
  return out;
}

TEST_CASE("bands and rows follow from the threshold", "[index]") {
  for (double t : {0.3, 0.5, 0.7, 0.8, 0.9, 0.95}) {
    for (uint32_t k : {32u, 64u, 128u, 256u}) {
      CAPTURE(t, k);
      auto p = DeriveLshParameters(t, k);
      REQUIRE(p.ok());
      CHECK(p->bands * p->rows <= k);
      CHECK(p->bands == k / p->rows);
      // A pair at the threshold is a candidate with probability >= 0.995 ...
      CHECK(CandidateProbability(t, p->bands, p->rows) >= 0.995);
      // ... and one more row per band would break that (rows is the largest that keeps it).
      if (p->rows < k) CHECK(CandidateProbability(t, k / (p->rows + 1), p->rows + 1) < 0.995);
    }
  }
  auto p = DeriveLshParameters(0.8, 128);
  REQUIRE(p.ok());
  CHECK(p->bands == 21);  // the example in the header comment
  CHECK(p->rows == 6);
  CHECK(CandidateProbability(0.4, 21, 6) < 0.1);
  CHECK(CandidateProbability(0.6, 21, 6) == Approx(0.633).margin(0.001));
  CHECK_FALSE(DeriveLshParameters(0.0, 128).ok());
  CHECK_FALSE(DeriveLshParameters(1.5, 128).ok());
  CHECK_FALSE(DeriveLshParameters(std::nan(""), 128).ok());

  CHECK(LshIndex::Create({.threshold = 1.2}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(LshIndex::Create({.bands = 20, .rows = 7}).status().code() ==
        absl::StatusCode::kInvalidArgument);  // 140 > 128
  CHECK(LshIndex::Create({.bands = 20}).status().code() == absl::StatusCode::kInvalidArgument);
  auto explicit_bands = LshIndex::Create({.bands = 16, .rows = 8});
  REQUIRE(explicit_bands.ok());
  CHECK(explicit_bands->options().bands == 16);
}

TEST_CASE("band keys are plain, reproducible integers", "[index]") {
  const MinHashSignature sig = MinHasher().FromTokens(std::vector<std::string_view>{
      "the", "joint", "working", "group", "met", "for", "the", "sixth", "time"});
  const std::vector<uint64_t> keys = BandKeys(sig, 21, 6);
  REQUIRE(keys.size() == 21);
  CHECK(keys == BandKeys(sig, 21, 6));
  CHECK(keys[0] == 0x45d26af48d3eb03bULL);  // part of the stable format (scheme 3)
  MinHashSignature changed = sig;
  changed.values[0] ^= 1;  // only band 0 changes
  const std::vector<uint64_t> changed_keys = BandKeys(changed, 21, 6);
  CHECK(changed_keys[0] != keys[0]);
  CHECK(std::equal(keys.begin() + 1, keys.end(), changed_keys.begin() + 1));
  CHECK(BandKeys(MinHashSignature{}, 21, 6).empty());
  CHECK(BandKeys(sig, 30, 6).empty());  // 180 slots needed
}

TEST_CASE("add, query and remove", "[index]") {
  auto created = LshIndex::Create();
  REQUIRE(created.ok());
  LshIndex& index = *created;
  const auto& bases = Bases();
  for (int i = 0; i < 20; ++i) {
    REQUIRE(index.Add(SketchOf(index, "doc" + std::to_string(i), bases[i])).ok());
  }
  CHECK(index.size() == 20);

  SECTION("a near copy finds its original and only it") {
    const DocumentSketch q = SketchOf(index, "q", OneWordChanged(bases[3]));
    auto matches = index.Query(q.signature);
    REQUIRE(matches.ok());
    REQUIRE(matches->size() == 1);
    CHECK((*matches)[0].id == "doc3");
    CHECK((*matches)[0].similarity >= 0.8);
    CHECK((*matches)[0].similarity == (*matches)[0].estimated_jaccard);
  }
  SECTION("an indexed document matches itself; QueryId excludes it") {
    auto self = index.Query(SketchOf(index, "x", bases[5]).signature);
    REQUIRE(self.ok());
    CHECK(Ids(*self) == std::vector<std::string>{"doc5"});
    CHECK((*self)[0].similarity == 1.0);
    auto by_id = index.QueryId("doc5");
    REQUIRE(by_id.ok());
    CHECK(by_id->empty());
    CHECK(index.QueryId("nope").status().code() == absl::StatusCode::kNotFound);
  }
  SECTION("an unrelated text finds nothing") {
    auto matches = index.Query(SketchOf(index, "q", bases[40]).signature);
    REQUIRE(matches.ok());
    CHECK(matches->empty());
  }
  SECTION("duplicate ids, bad sizes and empty ids are errors that change nothing") {
    CHECK(index.Add(SketchOf(index, "doc1", bases[30])).code() ==
          absl::StatusCode::kAlreadyExists);
    DocumentSketch bad = SketchOf(index, "bad", bases[31]);
    bad.signature.values.pop_back();
    CHECK(index.Add(bad).code() == absl::StatusCode::kInvalidArgument);
    CHECK(index.Add(SketchOf(index, "", bases[31])).code() == absl::StatusCode::kInvalidArgument);
    CHECK(index.Query(bad.signature).status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(index.size() == 20);
    auto still = index.Query(SketchOf(index, "x", bases[1]).signature);
    REQUIRE(still.ok());
    CHECK(Ids(*still) == std::vector<std::string>{"doc1"});
  }
  SECTION("removed documents are never returned; their id can come back") {
    REQUIRE(index.Remove("doc3").ok());
    CHECK(index.Remove("doc3").code() == absl::StatusCode::kNotFound);
    CHECK_FALSE(index.Contains("doc3"));
    CHECK(index.size() == 19);
    const DocumentSketch q = SketchOf(index, "q", bases[3]);
    auto matches = index.Query(q.signature);
    REQUIRE(matches.ok());
    CHECK(matches->empty());
    REQUIRE(index.Add(SketchOf(index, "doc3", OneWordChanged(bases[3]))).ok());
    matches = index.Query(q.signature);
    REQUIRE(matches.ok());
    CHECK(Ids(*matches) == std::vector<std::string>{"doc3"});
  }
  SECTION("documents sharing band keys survive each other's removal") {
    // Identical texts share every band key (overflow lists); remove them one by one.
    for (int i = 0; i < 5; ++i) {
      REQUIRE(index.Add(SketchOf(index, "same" + std::to_string(i), bases[50])).ok());
    }
    const DocumentSketch q = SketchOf(index, "q", bases[50]);
    for (int removed = 0; removed <= 5; ++removed) {
      auto matches = index.Query(q.signature);
      REQUIRE(matches.ok());
      CHECK(matches->size() == static_cast<size_t>(5 - removed));
      if (removed < 5) REQUIRE(index.Remove("same" + std::to_string(removed)).ok());
    }
  }
  SECTION("empty documents are stored but never match") {
    DocumentSketch empty = SketchOf(index, "empty1", "... !!!");
    CHECK(empty.signature.empty());
    REQUIRE(index.Add(empty).ok());
    empty.id = "empty2";
    REQUIRE(index.Add(empty).ok());
    auto matches = index.Query(empty.signature);
    REQUIRE(matches.ok());
    CHECK(matches->empty());
    auto by_id = index.QueryId("empty1");
    REQUIRE(by_id.ok());
    CHECK(by_id->empty());
    CHECK(index.FindDuplicates().clusters.empty());
  }
  SECTION("Get returns what was stored") {
    const DocumentSketch s = SketchOf(index, "t", bases[33], Timestamp{1712730000, 330});
    REQUIRE(index.Add(s).ok());
    auto got = index.Get("t");
    REQUIRE(got.ok());
    CHECK(got->signature == s.signature);
    CHECK(got->published == s.published);
    CHECK(index.Get("none").status().code() == absl::StatusCode::kNotFound);
  }
}

TEST_CASE("exact verification modes", "[index]") {
  const auto& bases = Bases();
  SECTION("exact Jaccard needs shingles and reports the exact value") {
    auto index = LshIndex::Create({.verification = Verification::kExactJaccard});
    REQUIRE(index.ok());
    const DocumentSketch a = SketchOf(*index, "a", bases[0]);
    REQUIRE_FALSE(a.shingles.empty());
    REQUIRE(index->Add(a).ok());
    const DocumentSketch q = SketchOf(*index, "q", OneWordChanged(bases[0]));
    auto matches = index->Query(q.signature, q.shingles);
    REQUIRE(matches.ok());
    REQUIRE(matches->size() == 1);
    CHECK((*matches)[0].similarity == ExactJaccard(q.shingles, a.shingles));
    CHECK(index->Query(q.signature).status().code() == absl::StatusCode::kInvalidArgument);
    DocumentSketch no_shingles = SketchOf(*index, "b", bases[1]);
    no_shingles.shingles.clear();
    CHECK(index->Add(no_shingles).code() == absl::StatusCode::kInvalidArgument);
    DocumentSketch unsorted = SketchOf(*index, "c", bases[2]);
    std::swap(unsorted.shingles[0], unsorted.shingles[1]);
    CHECK(index->Add(unsorted).code() == absl::StatusCode::kInvalidArgument);
  }
  SECTION("containment finds a story republished with an added paragraph") {
    auto index = LshIndex::Create(
        {.threshold = 0.8, .verification = Verification::kContainment});
    REQUIRE(index.ok());
    REQUIRE(index->Add(SketchOf(*index, "long", bases[4] + " " + bases[5].substr(0, 250))).ok());
    const DocumentSketch q = SketchOf(*index, "q", bases[4]);
    auto matches = index->Query(q.signature, q.shingles);
    REQUIRE(matches.ok());
    REQUIRE(matches->size() == 1);
    CHECK((*matches)[0].similarity == 1.0);  // every shingle of the query is in the long one
    CHECK((*matches)[0].estimated_jaccard < 1.0);
    // FindDuplicates verifies each pair once and reports the larger direction, whichever of the
    // two documents was added first.
    REQUIRE(index->Add(q).ok());
    const DedupResult dups = index->FindDuplicates(1);
    REQUIRE(dups.pairs.size() == 1);
    CHECK(dups.pairs[0].a == "long");
    CHECK(dups.pairs[0].b == "q");
    CHECK(dups.pairs[0].similarity == 1.0);
    CHECK_FALSE(dups.pairs_truncated);
  }
}

TEST_CASE("readers query while one writer adds and removes", "[index][threads]") {
  auto created = LshIndex::Create();
  REQUIRE(created.ok());
  LshIndex& index = *created;
  const auto bases = testing::SyntheticBaseTexts(400, 120, /*seed=*/5);
  // Documents 0-49 are there from the start; each reader checks they always answer the same.
  std::vector<DocumentSketch> fixed;
  for (int i = 0; i < 50; ++i) {
    fixed.push_back(SketchOf(index, "fixed" + std::to_string(i), bases[i]));
    REQUIRE(index.Add(fixed.back()).ok());
  }
  std::vector<DocumentSketch> incoming;
  for (int i = 50; i < 400; ++i) {
    incoming.push_back(SketchOf(index, "new" + std::to_string(i), bases[i]));
  }
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<long> queries{0};
  auto reader = [&](int r) {
    std::mt19937_64 rng(r);
    while (!done.load()) {
      const size_t i = rng() % fixed.size();
      auto m = index.Query(fixed[i].signature);
      if (!m.ok() || m->size() != 1 || (*m)[0].id != fixed[i].id || (*m)[0].similarity != 1.0) {
        ++failures;
      }
      // A document being added is either absent or complete.
      const size_t j = rng() % incoming.size();
      auto n = index.Query(incoming[j].signature);
      if (!n.ok() || n->size() > 1 || (n->size() == 1 && (*n)[0].id != incoming[j].id)) {
        ++failures;
      }
      ++queries;
    }
  };
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) readers.emplace_back(reader, r);
  for (size_t i = 0; i < incoming.size(); ++i) {
    REQUIRE(index.Add(incoming[i]).ok());
    if (i % 3 == 0) REQUIRE(index.Remove(incoming[i].id).ok());
  }
  // Let the readers run at least a few rounds against the final state too.
  while (queries.load() < 300) std::this_thread::yield();
  done = true;
  for (auto& t : readers) t.join();
  CHECK(failures.load() == 0);
  CHECK(index.size() == 50 + incoming.size() - (incoming.size() + 2) / 3);
}

TEST_CASE("batch adds are all or nothing and use every core", "[index][threads]") {
  auto created = LshIndex::Create();
  REQUIRE(created.ok());
  LshIndex& index = *created;
  const auto& bases = Bases();
  std::vector<Document> docs;
  for (int i = 0; i < 30; ++i) docs.push_back({"d" + std::to_string(i), bases[i]});

  SECTION("AddDocuments analyzes and inserts in order") {
    const Analyzer analyzer;
    REQUIRE(index.AddDocuments(docs, analyzer, /*threads=*/4).ok());
    CHECK(index.size() == 30);
    auto m = index.Query(SketchOf(index, "x", bases[7]).signature);
    REQUIRE(m.ok());
    CHECK(Ids(*m) == std::vector<std::string>{"d7"});
  }
  SECTION("a bad document stops the batch and names it") {
    const Analyzer analyzer;
    docs[17].text = "valid start \xff\xfe broken";
    absl::Status s = index.AddDocuments(docs, analyzer, 2);
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(s.message()).find("d17") != std::string::npos);
    CHECK(index.size() == 0);
  }
  SECTION("an id repeated inside the batch adds nothing") {
    std::vector<DocumentSketch> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(SketchOf(index, "s" + std::to_string(i), bases[i]));
    batch.push_back(SketchOf(index, "s2", bases[9]));
    CHECK(index.AddBatch(batch).code() == absl::StatusCode::kAlreadyExists);
    CHECK(index.size() == 0);
    batch.pop_back();
    CHECK(index.AddBatch(batch).ok());
    CHECK(index.size() == 5);
  }
  SECTION("AddParallel from token lists") {
    std::atomic<int> calls{0};
    REQUIRE(index
                .AddParallel(
                    docs.size(),
                    [&](size_t i) -> absl::StatusOr<DocumentSketch> {
                      ++calls;
                      return SketchOf(index, docs[i].id, docs[i].text);
                    },
                    0)
                .ok());
    CHECK(calls.load() == 30);
    CHECK(index.size() == 30);
  }
}

TEST_CASE("clusters and their representatives", "[index]") {
  auto created = LshIndex::Create();
  REQUIRE(created.ok());
  LshIndex& index = *created;
  const auto& bases = Bases();
  const Timestamp early{1712700000, 330}, late{1712800000, 330};
  // Cluster A: the representative is the earliest published, though added last.
  REQUIRE(index.Add(SketchOf(index, "a1", bases[0], late)).ok());
  REQUIRE(index.Add(SketchOf(index, "a2", OneWordChanged(bases[0]))).ok());
  REQUIRE(index.Add(SketchOf(index, "a3", bases[0], early)).ok());
  // Cluster B: no publication times: the first added.
  REQUIRE(index.Add(SketchOf(index, "b1", bases[1])).ok());
  REQUIRE(index.Add(SketchOf(index, "b2", OneWordChanged(bases[1]))).ok());
  // Cluster C: equal times: the first added.
  REQUIRE(index.Add(SketchOf(index, "c1", bases[2], early)).ok());
  REQUIRE(index.Add(SketchOf(index, "c2", bases[2], early)).ok());
  // A singleton.
  REQUIRE(index.Add(SketchOf(index, "lonely", bases[3])).ok());

  DedupResult r = index.FindDuplicates(2);
  REQUIRE(r.clusters.size() == 3);
  CHECK(r.clusters[0].members == std::vector<std::string>{"a1", "a2", "a3"});
  CHECK(r.clusters[0].representative == "a3");
  CHECK(r.clusters[1].members == std::vector<std::string>{"b1", "b2"});
  CHECK(r.clusters[1].representative == "b1");
  CHECK(r.clusters[2].representative == "c1");
  CHECK(r.pairs.size() == 3 + 1 + 1);
  CHECK(r.pairs[0].a == "a1");
  CHECK(r.pairs[0].b == "a2");

  CHECK_FALSE(r.pairs_truncated);

  // A bound on the pairs keeps the first found (by the later document in added order), says it
  // was reached, and leaves the clusters whole; 0 computes clusters only.
  for (size_t max_pairs : {size_t{0}, size_t{1}, size_t{2}, size_t{4}, size_t{5}, size_t{6}}) {
    CAPTURE(max_pairs);
    for (int threads : {1, 2}) {
      const DedupResult bounded = index.FindDuplicates(threads, false, max_pairs);
      CHECK(bounded.pairs_truncated == (max_pairs < r.pairs.size()));
      CHECK(bounded.pairs.size() == std::min(max_pairs, r.pairs.size()));
      for (const DuplicatePair& p : bounded.pairs) {
        const bool listed = std::any_of(r.pairs.begin(), r.pairs.end(), [&](const auto& q) {
          return q.a == p.a && q.b == p.b && q.similarity == p.similarity;
        });
        CHECK(listed);
      }
      REQUIRE(bounded.clusters.size() == r.clusters.size());
      for (size_t c = 0; c < r.clusters.size(); ++c) {
        CHECK(bounded.clusters[c].members == r.clusters[c].members);
        CHECK(bounded.clusters[c].representative == r.clusters[c].representative);
      }
    }
  }
  // With one pair kept, it is the first pair found: a2 is the first document with an earlier
  // near-duplicate (a1).
  const DedupResult one = index.FindDuplicates(1, false, 1);
  REQUIRE(one.pairs.size() == 1);
  CHECK(one.pairs[0].a == "a1");
  CHECK(one.pairs[0].b == "a2");

  DedupResult with_singletons = index.FindDuplicates(1, /*include_singletons=*/true);
  REQUIRE(with_singletons.clusters.size() == 4);
  CHECK(with_singletons.clusters[3].members == std::vector<std::string>{"lonely"});

  // Deduplicate() runs the whole pipeline from documents.
  std::vector<Document> docs = {{"x1", bases[9]}, {"x2", OneWordChanged(bases[9])},
                                {"y1", bases[10]}};
  docs[1].published = early;
  auto dedup = Deduplicate(docs, Analyzer());
  REQUIRE(dedup.ok());
  REQUIRE(dedup->clusters.size() == 1);
  CHECK(dedup->clusters[0].representative == "x2");
}

// ---- files ------------------------------------------------------------------------------------

LshIndex SmallIndex(Verification verification) {
  auto created = LshIndex::Create({.minhash = {.num_hashes = 16, .shingle_size = 3},
                                   .verification = verification});
  REQUIRE(created.ok());
  LshIndex index = *std::move(created);
  const auto& bases = Bases();
  REQUIRE(index.Add(SketchOf(index, "first", bases[0].substr(0, 120), Timestamp{1712700000, 330}))
              .ok());
  REQUIRE(index.Add(SketchOf(index, "copy", OneWordChanged(bases[0].substr(0, 120)))).ok());
  REQUIRE(index.Add(SketchOf(index, "empty", "")).ok());
  REQUIRE(index.Add(SketchOf(index, "other", bases[1].substr(0, 80))).ok());
  return index;
}

std::string ReadBytes(const std::string& path) { return testing::ReadFile(path); }
void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
void PutU64(std::string& bytes, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void PutU32(std::string& bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
// Re-seals a file edited on purpose, so that only the semantic checks can catch the edit.
void Reseal(std::string& bytes) {
  PutU64(bytes, 16, bytes.size() - 40);
  PutU64(bytes, 24, XXH3_64bits(bytes.data() + 40, bytes.size() - 40));
  PutU64(bytes, 32, XXH3_64bits(bytes.data(), 32));
}

TEST_CASE("save and load round trip", "[index][file]") {
  TempDir dir;
  for (Verification v : {Verification::kEstimatedJaccard, Verification::kExactJaccard}) {
    CAPTURE(static_cast<int>(v));
    auto created = LshIndex::Create({.threshold = 0.7, .verification = v});
    REQUIRE(created.ok());
    LshIndex& index = *created;
    const auto& bases = Bases();
    for (int i = 0; i < 40; ++i) {
      std::optional<Timestamp> t;
      if (i % 3) t = Timestamp{1712700000 - i * 60, 330};
      REQUIRE(index.Add(SketchOf(index, "d" + std::to_string(i), bases[i % 20], t)).ok());
    }
    REQUIRE(index.Remove("d4").ok());
    const std::string path = dir.File("index.cdx");
    REQUIRE(index.Save(path).ok());
    auto loaded = LshIndex::Load(path);
    REQUIRE(loaded.ok());
    CHECK(loaded->size() == index.size());
    CHECK(loaded->options().threshold == 0.7);
    CHECK(loaded->options().bands == index.options().bands);
    CHECK(loaded->options().verification == v);
    for (int i = 0; i < 40; ++i) {
      const std::string id = "d" + std::to_string(i);
      if (i == 4) {
        CHECK_FALSE(loaded->Contains(id));
        continue;
      }
      auto a = index.QueryId(id);
      auto b = loaded->QueryId(id);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      CHECK(Ids(*a) == Ids(*b));
      auto ga = index.Get(id);
      auto gb = loaded->Get(id);
      CHECK(ga->signature == gb->signature);
      CHECK(ga->shingles == gb->shingles);
      CHECK(ga->published == gb->published);
    }
    // Clusters (and so the added-order rule) are the same, and stay so after further adds.
    const DedupResult before = index.FindDuplicates();
    const DedupResult after = loaded->FindDuplicates();
    REQUIRE(before.clusters.size() == after.clusters.size());
    for (size_t c = 0; c < before.clusters.size(); ++c) {
      CHECK(before.clusters[c].members == after.clusters[c].members);
      CHECK(before.clusters[c].representative == after.clusters[c].representative);
    }
    REQUIRE(loaded->Add(SketchOf(*loaded, "late", bases[1])).ok());
    const DedupResult grown = loaded->FindDuplicates();
    for (const auto& c : grown.clusters) {
      if (std::find(c.members.begin(), c.members.end(), "late") != c.members.end()) {
        CHECK(c.members.back() == "late");
      }
    }
    // No temporary file is left behind.
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) files += e.is_regular_file();
    CHECK(files == 1);
  }
}

TEST_CASE("saving replaces the old file atomically", "[index][file]") {
  TempDir dir;
  const std::string path = dir.File("index.cdx");
  LshIndex first = SmallIndex(Verification::kEstimatedJaccard);
  REQUIRE(first.Save(path).ok());
  const std::string old_bytes = ReadBytes(path);
  // A save that cannot complete leaves the old file as it was.
  CHECK_FALSE(first.Save(dir.File("missing-dir/index.cdx")).ok());
  CHECK(ReadBytes(path) == old_bytes);
  // A stale temporary file from a crashed save does not disturb a later save or load.
  WriteBytes(path + ".tmp.1.0", old_bytes.substr(0, old_bytes.size() / 2));
  LshIndex second = SmallIndex(Verification::kExactJaccard);
  REQUIRE(second.Save(path).ok());
  auto loaded = LshIndex::Load(path);
  REQUIRE(loaded.ok());
  CHECK(loaded->options().verification == Verification::kExactJaccard);
}

TEST_CASE("damaged files are clear errors, never crashes", "[index][file]") {
  TempDir dir;
  const std::string path = dir.File("index.cdx");
  const std::string damaged = dir.File("damaged.cdx");
  const Verification v =
      GENERATE(Verification::kEstimatedJaccard, Verification::kExactJaccard);
  CAPTURE(static_cast<int>(v));
  {
    REQUIRE(SmallIndex(v).Save(path).ok());
    const std::string bytes = ReadBytes(path);
    REQUIRE(bytes.size() > 100);
    REQUIRE(LshIndex::Load(path).ok());

    SECTION("truncated at every byte") {
      for (size_t n = 0; n < bytes.size(); ++n) {
        WriteBytes(damaged, bytes.substr(0, n));
        auto r = LshIndex::Load(damaged);
        CAPTURE(n);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code() == absl::StatusCode::kDataLoss);
        CHECK(std::string(r.status().message()).find(damaged) != std::string::npos);
      }
    }
    SECTION("every single bit flipped") {
      std::string copy = bytes;
      for (size_t i = 0; i < bytes.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
          copy[i] = static_cast<char>(bytes[i] ^ (1 << bit));
          WriteBytes(damaged, copy);
          auto r = LshIndex::Load(damaged);
          CAPTURE(i, bit);
          REQUIRE_FALSE(r.ok());
        }
        copy[i] = bytes[i];
      }
    }
    SECTION("trailing bytes") {
      WriteBytes(damaged, bytes + "x");
      CHECK(LshIndex::Load(damaged).status().code() == absl::StatusCode::kDataLoss);
    }
    SECTION("wrong version") {
      std::string copy = bytes;
      PutU32(copy, 8, kIndexFileVersion + 1);
      Reseal(copy);
      WriteBytes(damaged, copy);
      auto r = LshIndex::Load(damaged);
      CHECK(r.status().code() == absl::StatusCode::kFailedPrecondition);
      CHECK(std::string(r.status().message()).find("version 2") != std::string::npos);
      PutU32(copy, 8, kIndexFileVersion);
      PutU32(copy, 12, kFingerprintSchemeVersion + 7);
      Reseal(copy);
      WriteBytes(damaged, copy);
      CHECK(LshIndex::Load(damaged).status().code() == absl::StatusCode::kFailedPrecondition);
    }
    SECTION("absurd counts and sizes, checksums recomputed") {
      // Payload layout: threshold 8, k 4, shingle size 4, seed 8, bands 4, rows 4, mode 1,
      // next seq 8, count 8, then the first record's id size.
      const size_t k_at = 40 + 8, bands_at = 40 + 24, count_at = 40 + 41, id_size_at = 40 + 49;
      for (auto [at, value, is64] :
           std::vector<std::tuple<size_t, uint64_t, bool>>{{count_at, uint64_t{1} << 60, true},
                                                           {count_at, 5, true},
                                                           {count_at, 3, true},
                                                           {id_size_at, 0xfffffff0u, false},
                                                           {id_size_at, 0, false},
                                                           {k_at, 0, false},
                                                           {k_at, 100000, false},
                                                           {bands_at, 1000, false}}) {
        CAPTURE(at, value);
        std::string copy = bytes;
        if (is64) {
          PutU64(copy, at, value);
        } else {
          PutU32(copy, at, static_cast<uint32_t>(value));
        }
        Reseal(copy);
        WriteBytes(damaged, copy);
        auto r = LshIndex::Load(damaged);
        REQUIRE_FALSE(r.ok());
        CHECK(std::string(r.status().message()).find("offset") != std::string::npos);
      }
    }
    SECTION("missing file and not an index") {
      CHECK(LshIndex::Load(dir.File("none.cdx")).status().code() == absl::StatusCode::kNotFound);
      WriteBytes(damaged, std::string(200, 'x'));
      auto r = LshIndex::Load(damaged);
      CHECK(r.status().code() == absl::StatusCode::kDataLoss);
      CHECK(std::string(r.status().message()).find("not a crossdoc index") != std::string::npos);
      CHECK_FALSE(LshIndex::Load(dir.path().string()).ok());  // a directory
    }
  }
}

}  // namespace
}  // namespace crossdoc
