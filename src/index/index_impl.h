// The private state of LshIndex, shared by its query/update code and its file code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/synchronization/mutex.h"
#include "crossdoc/index.h"

namespace crossdoc {

struct LshIndex::Impl {
  struct Slot {
    std::string id;
    uint64_t seq = 0;  // order of addition ("first seen"), kept across Save/Load
    bool live = false;
    bool has_signature = false;
    bool has_published = false;
    int32_t utc_offset_minutes = 0;
    int64_t published_seconds = 0;
  };

  // A band-table value is a slot number, or kOverflow | position in `overflow` when the key is
  // shared by more than one document.
  static constexpr uint32_t kOverflow = 0x80000000u;

  IndexOptions options;
  MinHasher hasher;
  uint32_t k = 0;

  mutable absl::Mutex mu;
  std::vector<Slot> slots;
  std::vector<uint32_t> signatures;            // slots.size() * k values
  std::vector<std::vector<uint64_t>> shingles;  // per slot, only when verification is exact
  std::vector<uint32_t> free_slots;
  absl::flat_hash_map<std::string, uint32_t> by_id;
  absl::flat_hash_map<uint64_t, uint32_t> buckets;
  std::vector<std::vector<uint32_t>> overflow;
  std::vector<uint32_t> free_overflow;
  uint64_t next_seq = 0;

  explicit Impl(const IndexOptions& o) : options(o), hasher(o.minhash), k(o.minhash.num_hashes) {}

  bool NeedsShingles() const { return options.verification != Verification::kEstimatedJaccard; }
  const uint32_t* SignatureOf(uint32_t slot) const { return signatures.data() + size_t{slot} * k; }

  // Checks a sketch against the options (not against the ids present).
  absl::Status ValidateSketch(const DocumentSketch& sketch) const;
  // Inserts a validated sketch whose id is absent. Requires the write lock.
  void InsertLocked(DocumentSketch sketch);
  void RemoveSlotLocked(uint32_t slot);
  struct SlotMatch {
    uint32_t slot;
    double similarity;
    double estimate;
  };
  // The band keys of a signature, with the band-table memory of each prefetched.
  using KeyBuffer = absl::InlinedVector<uint64_t, 64>;
  void BandKeysOf(const uint32_t* signature, KeyBuffer* keys) const;
  // Calls fn(slot) for every slot filed under a band key. Read lock.
  template <typename Fn>
  void ForEachInBucket(uint64_t band_key, Fn&& fn) const {
    auto it = buckets.find(band_key);
    if (it == buckets.end()) return;
    if (it->second & kOverflow) {
      for (uint32_t slot : overflow[it->second & ~kOverflow]) fn(slot);
    } else {
      fn(it->second);
    }
  }
  // The distinct slots other than `exclude` sharing at least one band key with `signature`,
  // ascending. Read lock.
  void GatherCandidates(const uint32_t* signature, uint32_t exclude,
                        std::vector<uint32_t>* out) const;
  // Verifies slot c against a query signature (and shingles when verification needs them);
  // appends a match when it passes. For containment, either_direction measures the smaller set
  // in the larger instead of the query in c. Read lock.
  void Verify(const uint32_t* signature, absl::Span<const uint64_t> query_shingles, uint32_t c,
              bool either_direction, std::vector<SlotMatch>* out) const;
  // Verify for two indexed slots, in either direction. Read lock.
  void VerifyPair(uint32_t a, uint32_t b, std::vector<SlotMatch>* out) const;
  // Verified matches of a signature (and shingles); `exclude` is a slot to skip or UINT32_MAX.
  // Requires the read lock. Appends (slot, similarity, estimate) to *out.
  void QueryLocked(const uint32_t* signature, absl::Span<const uint64_t> query_shingles,
                   uint32_t exclude, std::vector<uint32_t>* scratch,
                   std::vector<SlotMatch>* out) const;
  // Matches with ids, most similar first, ties by id. Requires the read lock.
  std::vector<Match> ToMatches(const std::vector<SlotMatch>& found) const;
};

// Debian's Abseil keeps its own string_view type; this bridges std::string_view into it.
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Runs fn(i) for i in [0, n) on up to `threads` threads (0 = hardware concurrency).
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn);
// The number of threads ParallelFor uses for n items.
size_t WorkerCount(size_t n, int threads);
// Runs fn(w) for w in [0, workers) on `workers` threads (the caller's being one of them).
void RunWorkers(size_t workers, const std::function<void(size_t)>& fn);

}  // namespace crossdoc
