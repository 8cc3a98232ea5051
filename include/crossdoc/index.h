// Stage 3, index: near-duplicate search over MinHash signatures that grows, shrinks and persists.
//
// LshIndex keeps one MinHash signature per document (see crossdoc/fingerprint.h) and buckets it
// by LSH banding: the k slots are cut into `bands` runs of `rows` slots, each run is hashed to a
// 64-bit band key, and two documents become candidates when they share a band key. A pair with
// Jaccard similarity s becomes a candidate with probability 1 - (1 - s^rows)^bands. Candidates
// are always verified before they are returned (IndexOptions::verification).
//
// How bands and rows follow from the threshold t (DeriveLshParameters): since every candidate
// is verified, a false candidate costs only time while a missed one is lost for good. So we take
// the largest `rows` r (the fewest false candidates) for which, with bands = floor(k / r),
// a pair exactly at the threshold is still a candidate with probability >= 0.995. For k = 128:
// t = 0.8 gives 21 bands of 6 rows (P(candidate) = 0.998 at 0.8, 0.63 at 0.6, 0.08 at 0.4);
// t = 0.5 gives 42 bands of 3 rows; t = 0.9 gives 14 bands of 9 rows.
//
// Threads: any number of threads may call the const methods (Query, QueryId, Get, Save,
// FindDuplicates, size) while one thread calls Add, AddBatch, AddDocuments or Remove; a
// reader/writer lock inside keeps every answer consistent with some order of the writes.
//
// Memory: per document its k 32-bit signature values, its id twice (record and id table), 16 to
// 40 bytes per band in the band table (a flat_hash_map<uint64 band key, uint32 slot>; keys shared
// by several documents point to a small list), and, only when verification is exact, 8 bytes per
// distinct shingle. Measured: 1.46 KB a document (200,000 documents, k = 128, 21 bands, ids of
// about 27 bytes), growth slack of the arrays and tables included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossdoc/document.h"
#include "crossdoc/fingerprint.h"
#include "crossdoc/text.h"

namespace crossdoc {

// Version of the file Save() writes; Load() reads exactly this version.
inline constexpr uint32_t kIndexFileVersion = 1;

// How a candidate is confirmed before Query returns it.
enum class Verification : uint8_t {
  // Fraction of equal signature slots >= threshold. Stores no shingles; the estimate has a
  // standard error of about sqrt(J (1 - J) / k).
  kEstimatedJaccard = 0,
  // Exact Jaccard of the stored shingle sets >= threshold. Needs DocumentSketch::shingles for
  // every document added and every query; costs 8 bytes per distinct shingle.
  kExactJaccard = 1,
  // Containment |Q ∩ D| / |Q| of the query's shingles in the candidate's >= threshold (a short
  // article copied into a longer one). Candidates still come from the Jaccard banding, so a query
  // much shorter than the document it is contained in may not become a candidate.
  kContainment = 2,
};

struct IndexOptions {
  // Similarity at or above which two documents are near-duplicates, in (0, 1].
  double threshold = 0.8;
  // The signatures this index accepts (k, shingle size, seed). Use index.hasher() or
  // index.Sketch*() to compute them so they always match.
  MinHashOptions minhash;
  // LSH banding; both 0 (the default) derives them from threshold and k (see the file comment).
  // If set, bands * rows must be <= k.
  uint32_t bands = 0;
  uint32_t rows = 0;
  Verification verification = Verification::kEstimatedJaccard;
};

struct LshParameters {
  uint32_t bands = 0;
  uint32_t rows = 0;
};

// The banding rule of the file comment. InvalidArgument for a threshold outside (0, 1] or k = 0.
absl::StatusOr<LshParameters> DeriveLshParameters(double threshold, uint32_t num_hashes);
// 1 - (1 - s^rows)^bands: probability that a pair of Jaccard similarity s becomes a candidate.
double CandidateProbability(double similarity, uint32_t bands, uint32_t rows);
// The band keys of a signature (one per band; none for an empty signature). Plain integers that
// depend only on the slot values, band number and rows: documents sharing a key are LSH
// candidates, so a distributed engine can shuffle by them. Requires bands * rows <= size.
std::vector<uint64_t> BandKeys(const MinHashSignature& signature, uint32_t bands, uint32_t rows);

// What the index stores about one document.
struct DocumentSketch {
  std::string id;
  MinHashSignature signature;
  // Sorted, duplicate-free shingle hashes (ShingleSet()); needed only for exact verification.
  std::vector<uint64_t> shingles;
  // Publication time, used to choose the representative of a duplicate cluster.
  std::optional<Timestamp> published;
};

struct Match {
  std::string id;
  // The verified measure: estimated Jaccard, exact Jaccard or containment (see Verification).
  double similarity = 0;
  // The signature estimate, whatever the verification mode.
  double estimated_jaccard = 0;
};

struct DuplicatePair {
  std::string a;  // a was added before b
  std::string b;
  double similarity = 0;  // as in Match (the larger direction, for containment)
};

// A cluster of near-duplicates: the connected components of the verified pairs (union-find).
// The representative is the member published earliest; members without a publication time come
// after those with one; ties (and clusters without any time) go to the member added first.
struct DuplicateCluster {
  std::string representative;
  std::vector<std::string> members;  // all members including the representative, in added order
};

struct DedupResult {
  // Clusters of two or more documents (plus singletons if asked for), ordered by the time their
  // first member was added.
  std::vector<DuplicateCluster> clusters;
  // Verified pairs, ordered by (a, b) added order: all of them, or when pairs_truncated the first
  // max_pairs found taking the later document of each pair in added order.
  std::vector<DuplicatePair> pairs;
  // True when more verified pairs existed than max_pairs allowed to keep. The clusters are
  // complete either way.
  bool pairs_truncated = false;
};

// Default bound on DedupResult::pairs: a cluster of n near-identical documents has n(n-1)/2
// pairs (5e7 for n = 10,000), more than memory holds, while its cluster is one list.
inline constexpr size_t kDefaultMaxDuplicatePairs = 1'000'000;

class LshIndex {
 public:
  // InvalidArgument when the options are out of range (threshold, MinHashOptions, bands*rows > k).
  static absl::StatusOr<LshIndex> Create(IndexOptions options = {});

  LshIndex(LshIndex&&) noexcept;
  LshIndex& operator=(LshIndex&&) noexcept;
  ~LshIndex();

  // The options in force, with bands and rows filled in.
  const IndexOptions& options() const;
  // The MinHasher matching options().minhash.
  const MinHasher& hasher() const;

  // Sketches computed with this index's hasher (shingles kept only when verification needs them).
  // From the word-like tokens of an analyzed text (AnalyzedText::Key of each).
  DocumentSketch Sketch(std::string id, const AnalyzedText& text,
                        std::optional<Timestamp> published = std::nullopt) const;
  // From normalized token strings, or token hashes (HashToken(token, options().minhash.seed)).
  DocumentSketch SketchTokens(std::string id, absl::Span<const std::string_view> tokens,
                              std::optional<Timestamp> published = std::nullopt) const;
  DocumentSketch SketchTokenHashes(std::string id, absl::Span<const uint64_t> token_hashes,
                                   std::optional<Timestamp> published = std::nullopt) const;

  // Adds one document. Errors: AlreadyExists for an id already in the index; InvalidArgument for
  // an empty id, a signature of the wrong size, or missing/unsorted shingles when verification is
  // exact. A document with an empty signature is stored but never matches.
  // Cost: one hash-table insert per band.
  absl::Status Add(DocumentSketch sketch);
  // Adds all or none: on any error (as for Add, or an id repeated inside the batch, named by its
  // position) nothing is added. Holds the write lock for the whole batch.
  absl::Status AddBatch(std::vector<DocumentSketch> sketches);
  // Analyzes and sketches the documents on `threads` threads (0 = every core), then AddBatch.
  // An analysis error names the document's position and id; nothing is added then.
  absl::Status AddDocuments(absl::Span<const Document> documents, const Analyzer& analyzer,
                            int threads = 0);
  // The general parallel form: make(i) for i in [0, count) on `threads` threads, then AddBatch.
  // `make` must be safe to call from several threads at once.
  absl::Status AddParallel(size_t count,
                           const std::function<absl::StatusOr<DocumentSketch>(size_t)>& make,
                           int threads = 0);

  // Removes a document (a retracted article). NotFound if the id is not in the index.
  absl::Status Remove(std::string_view id);

  // Verified near-duplicates of a query, most similar first (ties by id). The query need not be
  // in the index; if it is, it matches itself. Errors: InvalidArgument for a signature of the
  // wrong size, or missing shingles when verification is exact. An empty signature matches
  // nothing. Cost: one hash lookup per band plus one verification per distinct candidate.
  absl::StatusOr<std::vector<Match>> Query(const MinHashSignature& signature,
                                           absl::Span<const uint64_t> shingles = {}) const;
  // Near-duplicates of a document already in the index, excluding itself. NotFound if absent.
  absl::StatusOr<std::vector<Match>> QueryId(std::string_view id) const;
  // The stored sketch of a document (shingles only if stored). NotFound if absent.
  absl::StatusOr<DocumentSketch> Get(std::string_view id) const;
  bool Contains(std::string_view id) const;
  size_t size() const;

  // Every verified pair among the indexed documents and their clusters (see DuplicateCluster),
  // querying on `threads` threads (0 = every core) under one read lock. Keeps at most max_pairs
  // pairs and says so in pairs_truncated; the clusters are always complete. Once the pair list
  // is full, candidates already in the same cluster are not verified, so a cluster of n
  // near-identical documents costs memory for max_pairs pairs, not n^2/2. max_pairs = 0 lists no
  // pairs and computes clusters only (the fastest form).
  // Cost: one candidate lookup per band per document, and one verification per candidate pair
  // (each unordered pair once) until the pair list is full.
  DedupResult FindDuplicates(int threads = 0, bool include_singletons = false,
                             size_t max_pairs = kDefaultMaxDuplicatePairs) const;

  // Writes the index to `path` atomically: a temporary file beside it is written, flushed,
  // fsync'ed and renamed over `path`, and the directory is fsync'ed; a crash at any point leaves
  // either the old file or the new one, whole. Errors name the path and the failing call.
  //
  // File format (version 1, all integers little-endian):
  //   header, 40 bytes: "CRXDLSH\0", u32 file version, u32 fingerprint scheme version,
  //                     u64 payload size, u64 XXH3-64 of the payload, u64 XXH3-64 of bytes 0-31
  //   payload: options (f64 threshold, u32 k, u32 shingle size, u64 seed, u32 bands, u32 rows,
  //            u8 verification), u64 next sequence number, u64 document count, then per document:
  //            u32 id size, id bytes, u64 sequence number, u8 flags (1 = published,
  //            2 = non-empty signature), [i64 unix seconds, i32 UTC offset minutes if published],
  //            [k x u32 signature if non-empty], [u32 count, count x u64 shingles if exact]
  absl::Status Save(const std::string& path) const;
  // Reads a file written by Save. A missing, truncated, corrupted (checksum), wrong-version or
  // inconsistent file is an error naming the path and the byte offset; never a crash. Counts in
  // the file are checked against the bytes left before anything is reserved, so no single
  // allocation exceeds a small multiple of the file size (the in-memory record of a document is
  // larger than its smallest form on disk; the tests bound it at 8x).
  static absl::StatusOr<LshIndex> Load(const std::string& path);

 private:
  struct Impl;
  explicit LshIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct DedupOptions {
  IndexOptions index;
  int threads = 0;  // 0 = every core
  bool include_singletons = false;
  size_t max_pairs = kDefaultMaxDuplicatePairs;  // bound on DedupResult::pairs (see FindDuplicates)
};

// Clusters a corpus of near-duplicate documents: analyzes and sketches on every core, indexes,
// and returns FindDuplicates(). Documents keep their order for the "added first" rule.
// Errors: as LshIndex::AddDocuments (duplicate ids, analysis errors naming the document).
absl::StatusOr<DedupResult> Deduplicate(absl::Span<const Document> corpus,
                                        const Analyzer& analyzer, const DedupOptions& options = {});

}  // namespace crossdoc
