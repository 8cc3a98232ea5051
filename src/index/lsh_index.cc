// LshIndex: banding, verification, incremental updates, parallel batch add and clustering.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "fingerprint/hash_mix.h"
#include "index/index_impl.h"

namespace crossdoc {
namespace {

using internal::kGoldenGamma;
using internal::Mix64;

constexpr uint64_t kBandSalt = 0x62616e642d6b6579ULL;  // "band-key"
constexpr double kCandidateRecallAtThreshold = 0.995;
constexpr double kEpsilon = 1e-12;

uint64_t BandKey(const uint32_t* signature, uint32_t band, uint32_t rows) {
  uint64_t h = Mix64(kBandSalt + band);
  const uint32_t* v = signature + size_t{band} * rows;
  for (uint32_t i = 0; i < rows; ++i) {
    h = (h + v[i]) * kGoldenGamma;
    h ^= h >> 31;
  }
  return Mix64(h + rows);
}

bool IsSortedUnique(absl::Span<const uint64_t> v) {
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i - 1] >= v[i]) return false;
  }
  return true;
}

// Union-find with path halving and union by size.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), uint32_t{0});
  }
  // The root of x without compressing the path, so that several threads may call it while no
  // thread calls Find or Union.
  uint32_t FindConst(uint32_t x) const {
    while (parent_[x] != x) x = parent_[x];
    return x;
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace

size_t WorkerCount(size_t n, int threads) {
  const size_t workers = threads > 0 ? static_cast<size_t>(threads)
                                     : std::max<size_t>(1, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(workers, n));
}

void RunWorkers(size_t workers, const std::function<void(size_t)>& fn) {
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(fn, w);
  fn(0);
  for (auto& t : pool) t.join();
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  const size_t workers = WorkerCount(n, threads);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  constexpr size_t kChunk = 8;
  std::atomic<size_t> next{0};
  RunWorkers(workers, [&](size_t) {
    for (;;) {
      const size_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (begin >= n) return;
      const size_t end = std::min(n, begin + kChunk);
      for (size_t i = begin; i < end; ++i) fn(i);
    }
  });
}

double CandidateProbability(double similarity, uint32_t bands, uint32_t rows) {
  if (bands == 0 || rows == 0) return 0.0;
  const double s = std::clamp(similarity, 0.0, 1.0);
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

absl::StatusOr<LshParameters> DeriveLshParameters(double threshold, uint32_t num_hashes) {
  if (!(threshold > 0.0 && threshold <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("threshold ", threshold, " is outside (0, 1]"));
  }
  if (num_hashes == 0) return absl::InvalidArgumentError("num_hashes must be at least 1");
  for (uint32_t rows = num_hashes; rows >= 1; --rows) {
    const uint32_t bands = num_hashes / rows;
    if (CandidateProbability(threshold, bands, rows) >= kCandidateRecallAtThreshold) {
      return LshParameters{bands, rows};
    }
  }
  return LshParameters{num_hashes, 1};
}

std::vector<uint64_t> BandKeys(const MinHashSignature& signature, uint32_t bands, uint32_t rows) {
  std::vector<uint64_t> keys;
  if (signature.empty() || rows == 0 || uint64_t{bands} * rows > signature.size()) return keys;
  keys.reserve(bands);
  for (uint32_t b = 0; b < bands; ++b) keys.push_back(BandKey(signature.values.data(), b, rows));
  return keys;
}

// ---- Impl -------------------------------------------------------------------------------------

absl::Status LshIndex::Impl::ValidateSketch(const DocumentSketch& sketch) const {
  if (sketch.id.empty()) return absl::InvalidArgumentError("empty document id");
  if (!sketch.signature.empty() && sketch.signature.size() != k) {
    return absl::InvalidArgumentError(absl::StrCat("document '", sketch.id, "': signature has ",
                                                   sketch.signature.size(),
                                                   " values, the index expects ", k));
  }
  if (NeedsShingles()) {
    if (!sketch.signature.empty() && sketch.shingles.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document '", sketch.id,
          "': the index verifies exact similarity and needs the document's shingles"));
    }
    if (!IsSortedUnique(sketch.shingles)) {
      return absl::InvalidArgumentError(
          absl::StrCat("document '", sketch.id, "': shingles are not sorted and unique"));
    }
  }
  return absl::OkStatus();
}

void LshIndex::Impl::InsertLocked(DocumentSketch sketch) {
  uint32_t slot;
  if (!free_slots.empty()) {
    slot = free_slots.back();
    free_slots.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots.size());
    slots.emplace_back();
    signatures.resize(signatures.size() + k);
    if (NeedsShingles()) shingles.emplace_back();
  }
  Slot& s = slots[slot];
  s.id = sketch.id;
  s.seq = next_seq++;
  s.live = true;
  s.has_signature = !sketch.signature.empty();
  s.has_published = sketch.published.has_value();
  s.published_seconds = s.has_published ? sketch.published->unix_seconds : 0;
  s.utc_offset_minutes = s.has_published ? sketch.published->utc_offset_minutes : 0;
  uint32_t* sig = signatures.data() + size_t{slot} * k;
  if (s.has_signature) {
    std::copy(sketch.signature.values.begin(), sketch.signature.values.end(), sig);
  } else {
    std::fill(sig, sig + k, 0u);
  }
  if (NeedsShingles()) shingles[slot] = std::move(sketch.shingles);
  by_id.emplace(std::move(sketch.id), slot);
  if (!s.has_signature) return;
  KeyBuffer keys;
  BandKeysOf(sig, &keys);
  for (uint64_t key : keys) {
    auto [it, inserted] = buckets.try_emplace(key, slot);
    if (inserted) continue;
    const uint32_t v = it->second;
    if (v & kOverflow) {
      overflow[v & ~kOverflow].push_back(slot);
      continue;
    }
    uint32_t pos;
    if (!free_overflow.empty()) {
      pos = free_overflow.back();
      free_overflow.pop_back();
    } else {
      pos = static_cast<uint32_t>(overflow.size());
      overflow.emplace_back();
    }
    overflow[pos] = {v, slot};
    it->second = pos | kOverflow;
  }
}

void LshIndex::Impl::RemoveSlotLocked(uint32_t slot) {
  Slot& s = slots[slot];
  if (s.has_signature) {
    const uint32_t* sig = SignatureOf(slot);
    for (uint32_t b = 0; b < options.bands; ++b) {
      auto it = buckets.find(BandKey(sig, b, options.rows));
      if (it == buckets.end()) continue;
      const uint32_t v = it->second;
      if (!(v & kOverflow)) {
        if (v == slot) buckets.erase(it);
        continue;
      }
      std::vector<uint32_t>& list = overflow[v & ~kOverflow];
      auto pos = std::find(list.begin(), list.end(), slot);
      if (pos == list.end()) continue;
      *pos = list.back();
      list.pop_back();
      if (list.size() == 1) {
        it->second = list.front();
        list.clear();
        list.shrink_to_fit();
        free_overflow.push_back(v & ~kOverflow);
      }
    }
  }
  by_id.erase(s.id);
  s = Slot{};
  if (NeedsShingles()) std::vector<uint64_t>().swap(shingles[slot]);
  free_slots.push_back(slot);
}

void LshIndex::Impl::BandKeysOf(const uint32_t* signature, KeyBuffer* keys) const {
  keys->resize(options.bands);
  for (uint32_t b = 0; b < options.bands; ++b) {
    (*keys)[b] = BandKey(signature, b, options.rows);
    // The band tables are far larger than the caches: start every band's memory access before
    // the first one is needed.
    buckets.prefetch((*keys)[b]);
  }
}

void LshIndex::Impl::GatherCandidates(const uint32_t* signature, uint32_t exclude,
                                      std::vector<uint32_t>* out) const {
  out->clear();
  KeyBuffer keys;
  BandKeysOf(signature, &keys);
  // An indexed document finds itself in every band: leaving it out keeps the list to sort short.
  for (uint64_t key : keys) {
    ForEachInBucket(key, [out, exclude](uint32_t c) {
      if (c != exclude) out->push_back(c);
    });
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

void LshIndex::Impl::Verify(const uint32_t* signature, absl::Span<const uint64_t> query_shingles,
                            uint32_t c, bool either_direction,
                            std::vector<SlotMatch>* out) const {
  const double t = options.threshold - kEpsilon;
  const uint32_t* other = SignatureOf(c);
  uint32_t equal = 0;
  for (uint32_t i = 0; i < k; ++i) equal += (signature[i] == other[i]);
  const double estimate = static_cast<double>(equal) / k;
  switch (options.verification) {
    case Verification::kEstimatedJaccard:
      if (estimate >= t) out->push_back({c, estimate, estimate});
      break;
    case Verification::kExactJaccard: {
      const double slack =
          4.0 * std::sqrt(options.threshold * (1.0 - options.threshold) / k) + 2.0 / k;
      if (estimate < t - slack) break;
      const double j = ExactJaccard(query_shingles, shingles[c]);
      if (j >= t) out->push_back({c, j, estimate});
      break;
    }
    case Verification::kContainment: {
      // Containment of the query in c; with either_direction, of the smaller set in the larger
      // (the larger of the two directions).
      const absl::Span<const uint64_t> other_shingles = shingles[c];
      const double containment =
          either_direction && other_shingles.size() < query_shingles.size()
              ? Containment(other_shingles, query_shingles)
              : Containment(query_shingles, other_shingles);
      if (containment >= t) out->push_back({c, containment, estimate});
      break;
    }
  }
}

void LshIndex::Impl::VerifyPair(uint32_t a, uint32_t b, std::vector<SlotMatch>* out) const {
  absl::Span<const uint64_t> a_shingles;
  if (NeedsShingles()) a_shingles = shingles[a];
  Verify(SignatureOf(a), a_shingles, b, /*either_direction=*/true, out);
}

void LshIndex::Impl::QueryLocked(const uint32_t* signature,
                                 absl::Span<const uint64_t> query_shingles, uint32_t exclude,
                                 std::vector<uint32_t>* scratch,
                                 std::vector<SlotMatch>* out) const {
  GatherCandidates(signature, exclude, scratch);
  for (uint32_t c : *scratch) Verify(signature, query_shingles, c, /*either_direction=*/false, out);
}

// ---- LshIndex ---------------------------------------------------------------------------------

LshIndex::LshIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LshIndex::LshIndex(LshIndex&&) noexcept = default;
LshIndex& LshIndex::operator=(LshIndex&&) noexcept = default;
LshIndex::~LshIndex() = default;

absl::StatusOr<LshIndex> LshIndex::Create(IndexOptions options) {
  if (!(options.threshold > 0.0 && options.threshold <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("IndexOptions.threshold = ", options.threshold, " is outside (0, 1]"));
  }
  if (absl::Status s = ValidateMinHashOptions(options.minhash); !s.ok()) return s;
  if (static_cast<uint8_t>(options.verification) > 2) {
    return absl::InvalidArgumentError("IndexOptions.verification is not a known mode");
  }
  const uint32_t k = options.minhash.num_hashes;
  if (options.bands == 0 && options.rows == 0) {
    absl::StatusOr<LshParameters> p = DeriveLshParameters(options.threshold, k);
    if (!p.ok()) return p.status();
    options.bands = p->bands;
    options.rows = p->rows;
  } else if (options.bands == 0 || options.rows == 0 ||
             uint64_t{options.bands} * options.rows > k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "IndexOptions bands = ", options.bands, ", rows = ", options.rows,
        ": both must be positive with bands * rows <= num_hashes = ", k));
  }
  return LshIndex(std::make_unique<Impl>(options));
}

const IndexOptions& LshIndex::options() const { return impl_->options; }
const MinHasher& LshIndex::hasher() const { return impl_->hasher; }

DocumentSketch LshIndex::SketchTokenHashes(std::string id, absl::Span<const uint64_t> token_hashes,
                                           std::optional<Timestamp> published) const {
  DocumentSketch s;
  s.id = std::move(id);
  s.published = published;
  impl_->hasher.FromTokenHashes(token_hashes, &s.signature);
  if (impl_->NeedsShingles()) {
    s.shingles =
        ShingleSet(token_hashes, impl_->options.minhash.shingle_size, impl_->options.minhash.seed);
  }
  return s;
}

DocumentSketch LshIndex::Sketch(std::string id, const AnalyzedText& text,
                                std::optional<Timestamp> published) const {
  std::vector<uint64_t> hashes;
  HashTextTokens(text, impl_->options.minhash.seed, &hashes);
  return SketchTokenHashes(std::move(id), hashes, published);
}

DocumentSketch LshIndex::SketchTokens(std::string id, absl::Span<const std::string_view> tokens,
                                      std::optional<Timestamp> published) const {
  // A per-thread buffer: no allocation per document (released after a huge one).
  thread_local std::vector<uint64_t> hashes;
  HashTokens(tokens, impl_->options.minhash.seed, &hashes);
  DocumentSketch sketch = SketchTokenHashes(std::move(id), hashes, published);
  if (hashes.capacity() > (size_t{1} << 20)) std::vector<uint64_t>().swap(hashes);
  return sketch;
}

absl::Status LshIndex::Add(DocumentSketch sketch) {
  if (absl::Status s = impl_->ValidateSketch(sketch); !s.ok()) return s;
  absl::MutexLock lock(&impl_->mu);
  if (impl_->by_id.contains(sketch.id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("document id '", sketch.id, "' is already in the index"));
  }
  if (impl_->slots.size() >= Impl::kOverflow && impl_->free_slots.empty()) {
    return absl::ResourceExhaustedError("the index holds 2^31 documents already");
  }
  impl_->InsertLocked(std::move(sketch));
  return absl::OkStatus();
}

absl::Status LshIndex::AddBatch(std::vector<DocumentSketch> sketches) {
  for (size_t i = 0; i < sketches.size(); ++i) {
    if (absl::Status s = impl_->ValidateSketch(sketches[i]); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("batch item ", i, ": ", s.message()));
    }
  }
  absl::MutexLock lock(&impl_->mu);
  absl::flat_hash_set<std::string_view> seen;
  seen.reserve(sketches.size());
  for (size_t i = 0; i < sketches.size(); ++i) {
    const std::string& id = sketches[i].id;
    if (impl_->by_id.contains(ToAbsl(id))) {
      return absl::AlreadyExistsError(
          absl::StrCat("batch item ", i, ": document id '", id, "' is already in the index"));
    }
    if (!seen.insert(id).second) {
      return absl::AlreadyExistsError(
          absl::StrCat("batch item ", i, ": document id '", id, "' appears twice in the batch"));
    }
  }
  if (impl_->slots.size() - impl_->free_slots.size() + sketches.size() >= Impl::kOverflow) {
    return absl::ResourceExhaustedError("the batch would take the index past 2^31 documents");
  }
  seen.clear();  // its views point into the sketches about to be moved
  impl_->slots.reserve(impl_->slots.size() + sketches.size());
  for (DocumentSketch& s : sketches) impl_->InsertLocked(std::move(s));
  return absl::OkStatus();
}

absl::Status LshIndex::AddParallel(
    size_t count, const std::function<absl::StatusOr<DocumentSketch>(size_t)>& make,
    int threads) {
  std::vector<std::optional<absl::StatusOr<DocumentSketch>>> made(count);
  ParallelFor(count, threads, [&](size_t i) { made[i] = make(i); });
  std::vector<DocumentSketch> sketches;
  sketches.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (!made[i]->ok()) return made[i]->status();
    sketches.push_back(std::move(**made[i]));
  }
  return AddBatch(std::move(sketches));
}

absl::Status LshIndex::AddDocuments(absl::Span<const Document> documents,
                                    const Analyzer& analyzer, int threads) {
  return AddParallel(
      documents.size(),
      [&](size_t i) -> absl::StatusOr<DocumentSketch> {
        const Document& d = documents[i];
        absl::StatusOr<AnalyzedText> text = analyzer.Analyze(d.text);
        if (!text.ok()) {
          return absl::Status(text.status().code(),
                              absl::StrCat("document ", i, " (id '", d.id,
                                           "'): ", text.status().message()));
        }
        return Sketch(d.id, *text, d.published);
      },
      threads);
}

absl::Status LshIndex::Remove(std::string_view id) {
  absl::MutexLock lock(&impl_->mu);
  auto it = impl_->by_id.find(ToAbsl(id));
  if (it == impl_->by_id.end()) {
    return absl::NotFoundError(absl::StrCat("document id '", ToAbsl(id), "' is not in the index"));
  }
  impl_->RemoveSlotLocked(it->second);
  return absl::OkStatus();
}

std::vector<Match> LshIndex::Impl::ToMatches(const std::vector<SlotMatch>& found) const {
  std::vector<Match> out;
  out.reserve(found.size());
  for (const auto& m : found) out.push_back(Match{slots[m.slot].id, m.similarity, m.estimate});
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.id < b.id;
  });
  return out;
}

absl::StatusOr<std::vector<Match>> LshIndex::Query(const MinHashSignature& signature,
                                                   absl::Span<const uint64_t> shingles) const {
  if (signature.empty()) return std::vector<Match>{};
  if (signature.size() != impl_->k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "query signature has ", signature.size(), " values, the index expects ", impl_->k));
  }
  if (impl_->NeedsShingles()) {
    if (shingles.empty()) {
      return absl::InvalidArgumentError(
          "the index verifies exact similarity and needs the query's shingles");
    }
    if (!IsSortedUnique(shingles)) {
      return absl::InvalidArgumentError("query shingles are not sorted and unique");
    }
  }
  std::vector<uint32_t> scratch;
  std::vector<Impl::SlotMatch> found;
  absl::ReaderMutexLock lock(&impl_->mu);
  impl_->QueryLocked(signature.values.data(), shingles, UINT32_MAX, &scratch, &found);
  return impl_->ToMatches(found);
}

absl::StatusOr<std::vector<Match>> LshIndex::QueryId(std::string_view id) const {
  std::vector<uint32_t> scratch;
  std::vector<Impl::SlotMatch> found;
  absl::ReaderMutexLock lock(&impl_->mu);
  auto it = impl_->by_id.find(ToAbsl(id));
  if (it == impl_->by_id.end()) {
    return absl::NotFoundError(absl::StrCat("document id '", ToAbsl(id), "' is not in the index"));
  }
  const uint32_t slot = it->second;
  if (!impl_->slots[slot].has_signature) return std::vector<Match>{};
  absl::Span<const uint64_t> shingles;
  if (impl_->NeedsShingles()) shingles = impl_->shingles[slot];
  impl_->QueryLocked(impl_->SignatureOf(slot), shingles, slot, &scratch, &found);
  return impl_->ToMatches(found);
}

absl::StatusOr<DocumentSketch> LshIndex::Get(std::string_view id) const {
  absl::ReaderMutexLock lock(&impl_->mu);
  auto it = impl_->by_id.find(ToAbsl(id));
  if (it == impl_->by_id.end()) {
    return absl::NotFoundError(absl::StrCat("document id '", ToAbsl(id), "' is not in the index"));
  }
  const uint32_t slot = it->second;
  const Impl::Slot& s = impl_->slots[slot];
  DocumentSketch out;
  out.id = s.id;
  if (s.has_signature) {
    const uint32_t* sig = impl_->SignatureOf(slot);
    out.signature.values.assign(sig, sig + impl_->k);
  }
  if (impl_->NeedsShingles()) out.shingles = impl_->shingles[slot];
  if (s.has_published) out.published = Timestamp{s.published_seconds, s.utc_offset_minutes};
  return out;
}

bool LshIndex::Contains(std::string_view id) const {
  absl::ReaderMutexLock lock(&impl_->mu);
  return impl_->by_id.contains(ToAbsl(id));
}

size_t LshIndex::size() const {
  absl::ReaderMutexLock lock(&impl_->mu);
  return impl_->by_id.size();
}

DedupResult LshIndex::FindDuplicates(int threads, bool include_singletons,
                                     size_t max_pairs) const {
  absl::ReaderMutexLock lock(&impl_->mu);
  const Impl& impl = *impl_;
  // Live slots in the order they were added, and each slot's position in that order.
  std::vector<uint32_t> order;
  order.reserve(impl.by_id.size());
  for (uint32_t s = 0; s < impl.slots.size(); ++s) {
    if (impl.slots[s].live) order.push_back(s);
  }
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return impl.slots[a].seq < impl.slots[b].seq; });
  std::vector<uint32_t> rank(impl.slots.size(), UINT32_MAX);
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;

  // Documents are taken in added order, a block at a time. Each document is verified against the
  // earlier documents among its candidates only, so every unordered pair is verified once; the
  // block's matches are then merged into the union-find serially. Once `max_pairs` pairs are
  // kept, a candidate already in the querying document's component can change no cluster and is
  // skipped unverified: a cluster of n near-identical documents then costs about n candidate
  // lookups per document instead of n verifications, and memory stays bounded by max_pairs.
  DisjointSets sets(impl.slots.size());
  struct RawPair {
    uint32_t a, b;  // a added before b
    double similarity;
  };
  std::vector<RawPair> pairs;
  bool truncated = false;
  constexpr size_t kBlock = 1024;
  std::vector<std::vector<Impl::SlotMatch>> found(std::min(kBlock, order.size()));
  // Per worker, the query that last saw each slot: candidates are deduplicated (and their
  // component looked up) once per query without sorting the band postings.
  const size_t workers = WorkerCount(kBlock, threads);
  std::vector<std::vector<uint32_t>> seen_by(workers,
                                             std::vector<uint32_t>(impl.slots.size(), UINT32_MAX));
  for (size_t block = 0; block < order.size(); block += kBlock) {
    const size_t count = std::min(kBlock, order.size() - block);
    const bool skip_same_component = truncated || max_pairs == 0;
    RunWorkers(std::min(workers, count), [&](size_t w) {
      std::vector<uint32_t>& seen = seen_by[w];
      for (size_t j = w; j < count; j += std::min(workers, count)) {
        const uint32_t i = static_cast<uint32_t>(block + j);
        const uint32_t slot = order[i];
        found[j].clear();
        if (!impl.slots[slot].has_signature) continue;
        const uint32_t* signature = impl.SignatureOf(slot);
        const uint32_t own_root = skip_same_component ? sets.FindConst(slot) : UINT32_MAX;
        auto consider = [&](uint32_t c) {
          if (seen[c] == i) return;
          seen[c] = i;
          if (rank[c] >= i) return;  // later documents verify this pair themselves
          if (skip_same_component && sets.FindConst(c) == own_root) return;
          impl.VerifyPair(slot, c, &found[j]);
        };
        Impl::KeyBuffer keys;
        impl.BandKeysOf(signature, &keys);
        for (uint64_t key : keys) impl.ForEachInBucket(key, consider);
      }
    });
    for (size_t j = 0; j < count; ++j) {
      const uint32_t b = order[block + j];
      for (const Impl::SlotMatch& m : found[j]) {
        sets.Union(m.slot, b);
        if (pairs.size() < max_pairs) {
          pairs.push_back({m.slot, b, m.similarity});
        } else {
          truncated = true;
        }
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [&](const RawPair& x, const RawPair& y) {
    if (x.a != y.a) return rank[x.a] < rank[y.a];
    return rank[x.b] < rank[y.b];
  });

  DedupResult result;
  result.pairs_truncated = truncated;
  result.pairs.reserve(pairs.size());
  for (const RawPair& p : pairs) {
    result.pairs.push_back({impl.slots[p.a].id, impl.slots[p.b].id, p.similarity});
  }
  std::vector<RawPair>().swap(pairs);
  // Members gathered in added order, so each cluster's list and the cluster order follow it.
  absl::flat_hash_map<uint32_t, size_t> cluster_of_root;
  std::vector<std::vector<uint32_t>> groups;
  for (uint32_t slot : order) {
    const uint32_t root = sets.Find(slot);
    auto [it, inserted] = cluster_of_root.try_emplace(root, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(slot);
  }
  for (const auto& g : groups) {
    if (g.size() < 2 && !include_singletons) continue;
    // Earliest published wins; documents with a time beat those without; then first added
    // (g is in added order, so the first best stays).
    uint32_t best = g.front();
    for (uint32_t s : g) {
      const Impl::Slot& c = impl.slots[s];
      const Impl::Slot& b = impl.slots[best];
      if (c.has_published && (!b.has_published || c.published_seconds < b.published_seconds)) {
        best = s;
      }
    }
    DuplicateCluster cluster;
    cluster.representative = impl.slots[best].id;
    cluster.members.reserve(g.size());
    for (uint32_t s : g) cluster.members.push_back(impl.slots[s].id);
    result.clusters.push_back(std::move(cluster));
  }
  return result;
}

absl::StatusOr<DedupResult> Deduplicate(absl::Span<const Document> corpus,
                                        const Analyzer& analyzer, const DedupOptions& options) {
  absl::StatusOr<LshIndex> index = LshIndex::Create(options.index);
  if (!index.ok()) return index.status();
  if (absl::Status s = index->AddDocuments(corpus, analyzer, options.threads); !s.ok()) return s;
  return index->FindDuplicates(options.threads, options.include_singletons, options.max_pairs);
}

}  // namespace crossdoc
