// Sentence alignment of two documents: candidates from an inverted index over keys, weighted
// key + trigram similarity, 1-to-2 groups, greedy non-monotone selection, passages.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "align/align_features.h"

namespace crossdoc::align_internal {
namespace {

constexpr double kKeyShare = 0.6;         // score = 0.6 * weighted key Dice + 0.4 * trigram Dice
constexpr double kStopWeight = 0.1;       // stop words weigh a tenth of their IDF
constexpr double kGroupMargin = 0.01;     // a 1-to-2 group must beat both singles by this
constexpr double kHalfContainment = 0.4;  // each half of a group must be this much in the single
// A pair must share three keys that are not stop words: two ("नई दिल्ली") is a place line or a
// stock phrase, not a statement.
constexpr uint32_t kMinSharedContent = 3;
constexpr double kKeyFloorShare = 0.5;    // key Dice under half the threshold: not worth scoring
constexpr double kPrefilterSlack = 0.8;   // margin on the cheap lower bounds before scoring

// A bag of keys to score: sorted unique key ids with weights, and sorted unique trigrams.
struct KeyBag {
  const uint32_t* keys = nullptr;
  const double* weights = nullptr;
  uint32_t key_count = 0;
  const uint32_t* tris = nullptr;
  uint32_t tri_count = 0;
  double total = 0;
};

// Per-document weights under the IDF of the document pair.
struct Weighted {
  const DocFeatures* f = nullptr;
  std::vector<double> key_weight;   // parallel to f->keys
  std::vector<double> total;        // per sentence
  std::vector<uint32_t> words;      // word tokens per sentence

  KeyBag Bag(uint32_t s) const {
    const SentenceFeatures& sf = f->sentences[s];
    KeyBag bag;
    bag.keys = f->keys.data() + sf.key_begin;
    bag.weights = key_weight.data() + sf.key_begin;
    bag.key_count = sf.key_end - sf.key_begin;
    bag.tris = f->trigrams.data() + sf.tri_begin;
    bag.tri_count = sf.tri_end - sf.tri_begin;
    bag.total = total[s];
    return bag;
  }
};

uint32_t LookupDf(const std::vector<std::pair<uint32_t, uint32_t>>& key_df, uint32_t key) {
  auto it = std::lower_bound(key_df.begin(), key_df.end(), std::make_pair(key, uint32_t{0}));
  return (it != key_df.end() && it->first == key) ? it->second : 0;
}

Weighted Weigh(const DocFeatures& f, const DocFeatures& other, bool same,
               const KeyDictionary& dict) {
  Weighted w;
  w.f = &f;
  const double n = static_cast<double>(f.sentences.size() + (same ? 0 : other.sentences.size()));
  w.key_weight.resize(f.keys.size());
  // Weights per distinct key, cached: documents repeat keys across sentences.
  absl::flat_hash_map<uint32_t, double> cache;
  for (size_t i = 0; i < f.keys.size(); ++i) {
    const uint32_t k = f.keys[i];
    auto [it, inserted] = cache.try_emplace(k, 0.0);
    if (inserted) {
      const uint32_t df = LookupDf(f.key_df, k) + (same ? 0 : LookupDf(other.key_df, k));
      double weight = std::log(1.0 + n / std::max<double>(1.0, df));
      if (dict.IsStop(k)) weight *= kStopWeight;
      it->second = weight;
    }
    w.key_weight[i] = it->second;
  }
  w.total.resize(f.sentences.size());
  w.words.resize(f.sentences.size());
  for (size_t s = 0; s < f.sentences.size(); ++s) {
    const SentenceFeatures& sf = f.sentences[s];
    double t = 0;
    for (uint32_t i = sf.key_begin; i < sf.key_end; ++i) t += w.key_weight[i];
    w.total[s] = t;
    w.words[s] = sf.word_end - sf.word_begin;
  }
  return w;
}

struct Overlap {
  double shared_weight = 0;   // weight of keys on both sides
  uint32_t shared_content = 0;  // shared keys that are not stop words
  uint32_t shared_tris = 0;
};

// Trigrams are compared only when at least `min_content` content keys are shared and the
// weighted key Dice reaches `min_key_dice`: most candidates share a rare key or two and little
// else, and the key merge costs a tenth of the trigram merge. Otherwise shared_tris stays 0.
Overlap Intersect(const KeyBag& x, const KeyBag& y, const KeyDictionary& dict,
                  uint32_t min_content = 0, double min_key_dice = 0.0) {
  Overlap o;
  uint32_t i = 0, j = 0;
  while (i < x.key_count && j < y.key_count) {
    if (x.keys[i] < y.keys[j]) {
      ++i;
    } else if (y.keys[j] < x.keys[i]) {
      ++j;
    } else {
      o.shared_weight += x.weights[i];
      if (!dict.IsStop(x.keys[i])) ++o.shared_content;
      ++i;
      ++j;
    }
  }
  if (o.shared_content < min_content) return o;
  if (min_key_dice > 0 && 2.0 * o.shared_weight < min_key_dice * (x.total + y.total)) return o;
  i = 0;
  j = 0;
  while (i < x.tri_count && j < y.tri_count) {
    if (x.tris[i] < y.tris[j]) {
      ++i;
    } else if (y.tris[j] < x.tris[i]) {
      ++j;
    } else {
      ++o.shared_tris;
      ++i;
      ++j;
    }
  }
  return o;
}

double Similarity(const KeyBag& x, const KeyBag& y, const Overlap& o) {
  const double key_denominator = x.total + y.total;
  const double key_dice = key_denominator > 0 ? 2.0 * o.shared_weight / key_denominator : 0.0;
  const double tri_denominator = static_cast<double>(x.tri_count) + y.tri_count;
  const double tri_dice = tri_denominator > 0 ? 2.0 * o.shared_tris / tri_denominator : 0.0;
  return kKeyShare * key_dice + (1.0 - kKeyShare) * tri_dice;
}

// The union of two consecutive sentences' bags, in caller-owned buffers.
struct BagBuffers {
  std::vector<uint32_t> keys;
  std::vector<double> weights;
  std::vector<uint32_t> tris;
};

KeyBag Union(const KeyBag& x, const KeyBag& y, BagBuffers& buf) {
  buf.keys.clear();
  buf.weights.clear();
  buf.tris.clear();
  KeyBag out;
  uint32_t i = 0, j = 0;
  while (i < x.key_count || j < y.key_count) {
    if (j == y.key_count || (i < x.key_count && x.keys[i] < y.keys[j])) {
      buf.keys.push_back(x.keys[i]);
      buf.weights.push_back(x.weights[i]);
      ++i;
    } else if (i == x.key_count || y.keys[j] < x.keys[i]) {
      buf.keys.push_back(y.keys[j]);
      buf.weights.push_back(y.weights[j]);
      ++j;
    } else {
      buf.keys.push_back(x.keys[i]);
      buf.weights.push_back(x.weights[i]);
      ++i;
      ++j;
    }
  }
  for (double w : buf.weights) out.total += w;
  std::set_union(x.tris, x.tris + x.tri_count, y.tris, y.tris + y.tri_count,
                 std::back_inserter(buf.tris));
  out.keys = buf.keys.data();
  out.weights = buf.weights.data();
  out.key_count = static_cast<uint32_t>(buf.keys.size());
  out.tris = buf.tris.data();
  out.tri_count = static_cast<uint32_t>(buf.tris.size());
  return out;
}

// A scored alignment unit: A sentences [a, a + a_count) with B sentences [b, b + b_count).
struct Unit {
  uint32_t a = 0, b = 0;
  uint8_t a_count = 1, b_count = 1;
  double score = 0;
};

uint64_t CellKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

// Collects candidate sentence pairs that share a key rare enough to be informative, with the
// weight and number of such keys they share (a cheap lower bound of their key overlap).
class CandidateCollector {
 public:
  struct Cell {
    float shared_weight = 0;
    uint32_t shared_keys = 0;
  };
  CandidateCollector(size_t na, size_t nb, uint64_t limit) : nb_(nb), limit_(limit) {
    if (na * nb <= (size_t{1} << 20)) dense_.assign(na * nb, Cell{});
  }
  // False when the limit of distinct pairs is reached.
  bool Add(uint32_t a, uint32_t b, float weight) {
    Cell* cell;
    if (!dense_.empty()) {
      cell = &dense_[size_t{a} * nb_ + b];
    } else {
      cell = &sparse_[CellKey(a, b)];
    }
    if (cell->shared_keys == 0) {
      if (pairs_.size() >= limit_) return false;
      pairs_.push_back({a, b});
    }
    cell->shared_weight += weight;
    ++cell->shared_keys;
    return true;
  }
  const Cell& At(uint32_t a, uint32_t b) const {
    static const Cell kEmpty;
    if (!dense_.empty()) return dense_[size_t{a} * nb_ + b];
    auto it = sparse_.find(CellKey(a, b));
    return it == sparse_.end() ? kEmpty : it->second;
  }
  const std::vector<std::pair<uint32_t, uint32_t>>& pairs() const { return pairs_; }

 private:
  size_t nb_;
  uint64_t limit_;
  std::vector<Cell> dense_;
  absl::flat_hash_map<uint64_t, Cell> sparse_;
  std::vector<std::pair<uint32_t, uint32_t>> pairs_;
};

struct Posting {
  uint32_t key;
  uint32_t sentence;
  float weight;
  bool operator<(const Posting& o) const {
    return key != o.key ? key < o.key : sentence < o.sentence;
  }
};

// Postings of the non-stop keys of the sentences that may be aligned, sorted by key.
std::vector<Posting> Postings(const Weighted& w, const KeyDictionary& dict) {
  const DocFeatures& f = *w.f;
  std::vector<Posting> out;
  for (uint32_t s = 0; s < f.sentences.size(); ++s) {
    const SentenceFeatures& sf = f.sentences[s];
    if (sf.boilerplate) continue;
    for (uint32_t i = sf.key_begin; i < sf.key_end; ++i) {
      if (!dict.IsStop(f.keys[i])) {
        out.push_back({f.keys[i], s, static_cast<float>(w.key_weight[i])});
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void MarkTruncated(Alignment& result, std::string reason) {
  if (result.truncated) return;
  result.truncated = true;
  result.truncation_reason = std::move(reason);
}

}  // namespace

Alignment AlignFeatures(const DocFeatures& a, const DocFeatures& b, bool same,
                        const KeyDictionary& dict, const AlignOptions& options) {
  Alignment result;
  if (a.truncated) MarkTruncated(result, a.truncation_reason);
  if (b.truncated) MarkTruncated(result, b.truncation_reason);

  const Weighted wa = Weigh(a, b, same, dict);
  const Weighted wb = same ? Weighted{} : Weigh(b, a, same, dict);
  const Weighted& wbr = same ? wa : wb;
  const size_t na = a.sentences.size();
  const size_t nb = b.sentences.size();

  // 1. Candidates: sentence pairs sharing a non-stop key that is not too common on either side.
  CandidateCollector collector(na, nb, options.max_candidate_pairs);
  {
    const std::vector<Posting> pa = Postings(wa, dict);
    const std::vector<Posting> pb_owned = same ? std::vector<Posting>{} : Postings(wbr, dict);
    const std::vector<Posting>& pb = same ? pa : pb_owned;
    size_t i = 0, j = 0;
    bool full = false;
    uint64_t skipped_keys = 0;
    while (i < pa.size() && j < pb.size() && !full) {
      const uint32_t ka = pa[i].key, kb = pb[j].key;
      if (ka < kb) {
        ++i;
        continue;
      }
      if (kb < ka) {
        ++j;
        continue;
      }
      size_t ie = i, je = j;
      while (ie < pa.size() && pa[ie].key == ka) ++ie;
      while (je < pb.size() && pb[je].key == ka) ++je;
      if (ie - i > options.max_key_postings || je - j > options.max_key_postings) {
        ++skipped_keys;
      } else {
        for (size_t x = i; x < ie && !full; ++x) {
          for (size_t y = j; y < je; ++y) {
            if (same && pa[x].sentence >= pb[y].sentence) continue;
            if (!collector.Add(pa[x].sentence, pb[y].sentence, pa[x].weight)) {
              full = true;
              break;
            }
          }
        }
      }
      i = ie;
      j = je;
    }
    if (full) {
      MarkTruncated(result, absl::StrCat("max_candidate_pairs (", options.max_candidate_pairs,
                                         ") reached"));
    }
    if (skipped_keys > 0) {
      MarkTruncated(result, absl::StrCat("max_key_postings (", options.max_key_postings, "): ",
                                         skipped_keys, " keys too common to propose candidates"));
    }
  }

  // 2. Score singles. Keep every score (groups compare against them).
  const double threshold = options.min_similarity;
  // Below half the threshold in weighted key overlap, a pair is not worth its trigram merge (in
  // the hand-marked data no aligned pair has key overlap under 0.27 at threshold 0.35).
  const double key_floor = kKeyFloorShare * threshold;
  absl::flat_hash_map<uint64_t, double> single_score;
  std::vector<Unit> units;
  const auto& pairs = collector.pairs();
  single_score.reserve(pairs.size());
  for (const auto& [sa, sb] : pairs) {
    // The rare keys shared already bound the key overlap from below; stop words add at most a
    // little. Pairs far below the floor are not worth a merge of their key lists.
    const CandidateCollector::Cell& cell = collector.At(sa, sb);
    if (cell.shared_keys < kMinSharedContent) continue;
    if (2.0 * cell.shared_weight < kPrefilterSlack * key_floor * (wa.total[sa] + wbr.total[sb])) {
      continue;
    }
    const KeyBag x = wa.Bag(sa), y = wbr.Bag(sb);
    const Overlap o = Intersect(x, y, dict, kMinSharedContent, key_floor);
    ++result.candidate_pairs_scored;
    if (o.shared_content < kMinSharedContent) continue;
    const double score = Similarity(x, y, o);
    single_score[CellKey(sa, sb)] = score;
    if (score >= threshold) units.push_back({sa, sb, 1, 1, score});
  }

  // 3. 1-to-2 groups around every promising single.
  if (options.allow_merges) {
    BagBuffers buf;
    // Groups already scored, by their first cell: one A with two B, or two A with one B.
    absl::flat_hash_set<uint64_t> tried_split_b, tried_split_a;
    auto score_of = [&](uint32_t sa, uint32_t sb) {
      auto it = single_score.find(CellKey(sa, sb));
      if (it != single_score.end()) return it->second;
      const KeyBag x = wa.Bag(sa), y = wbr.Bag(sb);
      return Similarity(x, y, Intersect(x, y, dict));
    };
    // Weighted share of `half` that also occurs in `whole`.
    auto containment = [&](const KeyBag& half, const KeyBag& whole) {
      if (half.total <= 0) return 0.0;
      return Intersect(half, whole, dict, UINT32_MAX).shared_weight / half.total;
    };
    const double seed_floor = 0.5 * threshold;
    std::vector<std::pair<uint32_t, uint32_t>> seeds;
    for (const auto& [cell, score] : single_score) {
      if (score >= seed_floor) seeds.emplace_back(static_cast<uint32_t>(cell >> 32),
                                                  static_cast<uint32_t>(cell));
    }
    std::sort(seeds.begin(), seeds.end());
    for (const auto& [sa, sb] : seeds) {
      // Shapes: B pair starting at sb or sb-1; A pair starting at sa or sa-1.
      for (int shape = 0; shape < 4; ++shape) {
        const bool split_b = shape < 2;
        uint32_t a0 = sa, b0 = sb;
        if (split_b) {
          if (shape == 1) {
            if (sb == 0) continue;
            b0 = sb - 1;
          }
          if (b0 + 1 >= nb) continue;
          if (same && sa >= b0) continue;
          if (b.sentences[b0].boilerplate || b.sentences[b0 + 1].boilerplate) continue;
        } else {
          if (shape == 3) {
            if (sa == 0) continue;
            a0 = sa - 1;
          }
          if (a0 + 1 >= na) continue;
          if (same && a0 + 1 >= sb) continue;
          if (a.sentences[a0].boilerplate || a.sentences[a0 + 1].boilerplate) continue;
        }
        // The half the seed does not hold must share rare keys with the single sentence, or it
        // cannot be contained in it enough (kHalfContainment).
        {
          const uint32_t other_a = split_b ? a0 : (a0 == sa ? a0 + 1 : a0);
          const uint32_t other_b = split_b ? (b0 == sb ? b0 + 1 : b0) : b0;
          const CandidateCollector::Cell& cell = collector.At(other_a, other_b);
          const double half_total = split_b ? wbr.total[other_b] : wa.total[other_a];
          if (cell.shared_keys == 0 ||
              cell.shared_weight < kPrefilterSlack * kHalfContainment * half_total) {
            continue;
          }
        }
        if (!(split_b ? tried_split_b : tried_split_a).insert(CellKey(a0, b0)).second) continue;
        if (result.candidate_pairs_scored >= options.max_candidate_pairs) {
          MarkTruncated(result, absl::StrCat("max_candidate_pairs (", options.max_candidate_pairs,
                                             ") reached"));
          break;
        }
        ++result.candidate_pairs_scored;
        double score = 0, best_single = 0;
        bool halves_ok = false;
        if (split_b) {
          const KeyBag single = wa.Bag(a0);
          const KeyBag h1 = wbr.Bag(b0), h2 = wbr.Bag(b0 + 1);
          const KeyBag group = Union(h1, h2, buf);
          const Overlap o = Intersect(single, group, dict, kMinSharedContent, key_floor);
          if (o.shared_content < kMinSharedContent) continue;
          score = Similarity(single, group, o);
          best_single = std::max(score_of(a0, b0), score_of(a0, b0 + 1));
          halves_ok = containment(h1, single) >= kHalfContainment &&
                      containment(h2, single) >= kHalfContainment;
        } else {
          const KeyBag single = wbr.Bag(b0);
          const KeyBag h1 = wa.Bag(a0), h2 = wa.Bag(a0 + 1);
          const KeyBag group = Union(h1, h2, buf);
          const Overlap o = Intersect(group, single, dict, kMinSharedContent, key_floor);
          if (o.shared_content < kMinSharedContent) continue;
          score = Similarity(group, single, o);
          best_single = std::max(score_of(a0, b0), score_of(a0 + 1, b0));
          halves_ok = containment(h1, single) >= kHalfContainment &&
                      containment(h2, single) >= kHalfContainment;
        }
        if (score >= threshold && halves_ok && score > best_single + kGroupMargin) {
          units.push_back({a0, b0, static_cast<uint8_t>(split_b ? 1 : 2),
                           static_cast<uint8_t>(split_b ? 2 : 1), score});
        }
      }
    }
  }

  // 4. Greedy selection, best first. Across documents a sentence takes part in one unit; within
  // one document units only may not share a (sentence, sentence) cell.
  std::sort(units.begin(), units.end(), [](const Unit& x, const Unit& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    return x.a_count + x.b_count < y.a_count + y.b_count;
  });
  std::vector<uint8_t> used_a(same ? 0 : na, 0), used_b(same ? 0 : nb, 0);
  absl::flat_hash_set<uint64_t> used_cells;
  std::vector<Unit> chosen;
  for (const Unit& u : units) {
    bool free = true;
    if (same) {
      for (uint32_t i = u.a; i < u.a + u.a_count && free; ++i)
        for (uint32_t k = u.b; k < u.b + u.b_count; ++k)
          if (used_cells.contains(CellKey(i, k))) free = false;
    } else {
      for (uint32_t i = u.a; i < u.a + u.a_count; ++i) free = free && !used_a[i];
      for (uint32_t k = u.b; k < u.b + u.b_count; ++k) free = free && !used_b[k];
    }
    if (!free) continue;
    if (same) {
      for (uint32_t i = u.a; i < u.a + u.a_count; ++i)
        for (uint32_t k = u.b; k < u.b + u.b_count; ++k) used_cells.insert(CellKey(i, k));
    } else {
      for (uint32_t i = u.a; i < u.a + u.a_count; ++i) used_a[i] = 1;
      for (uint32_t k = u.b; k < u.b + u.b_count; ++k) used_b[k] = 1;
    }
    chosen.push_back(u);
  }
  std::sort(chosen.begin(), chosen.end(), [](const Unit& x, const Unit& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });

  // 5. Sentence pairs with spans and diffs.
  const auto a_sent = a.text->sentences();
  const auto b_sent = b.text->sentences();
  std::vector<SentencePair> sentence_pairs;
  sentence_pairs.reserve(chosen.size());
  uint64_t budget = options.max_diff_cells;
  bool diff_cut = false;
  for (const Unit& u : chosen) {
    SentencePair p;
    p.a_first_sentence = a.sentences[u.a].sentence;
    p.a_sentence_count = u.a_count;
    p.b_first_sentence = b.sentences[u.b].sentence;
    p.b_sentence_count = u.b_count;
    p.a_span = {a_sent[p.a_first_sentence].span.begin,
                a_sent[p.a_first_sentence + u.a_count - 1].span.end};
    p.b_span = {b_sent[p.b_first_sentence].span.begin,
                b_sent[p.b_first_sentence + u.b_count - 1].span.end};
    p.similarity = std::min(1.0, u.score);
    if (options.diff_tokens && !DiffSentencePair(a, b, dict, p, budget)) diff_cut = true;
    sentence_pairs.push_back(std::move(p));
  }
  if (diff_cut) {
    MarkTruncated(result,
                  absl::StrCat("max_diff_cells (", options.max_diff_cells, ") reached"));
  }

  // 6. Passages: chains of units that continue each other in both documents.
  absl::flat_hash_map<uint64_t, size_t> by_start;
  for (size_t i = 0; i < chosen.size(); ++i) by_start[CellKey(chosen[i].a, chosen[i].b)] = i;
  std::vector<uint8_t> continues(chosen.size(), 0);
  std::vector<size_t> next(chosen.size(), SIZE_MAX);
  for (size_t i = 0; i < chosen.size(); ++i) {
    auto it = by_start.find(CellKey(chosen[i].a + chosen[i].a_count,
                                    chosen[i].b + chosen[i].b_count));
    if (it != by_start.end()) {
      next[i] = it->second;
      continues[it->second] = 1;
    }
  }
  for (size_t i = 0; i < chosen.size(); ++i) {
    if (continues[i]) continue;
    Passage passage;
    double weighted = 0, weight = 0;
    for (size_t k = i; k != SIZE_MAX; k = next[k]) {
      const SentencePair& p = sentence_pairs[k];
      double words = 0;
      for (uint32_t s = chosen[k].a; s < chosen[k].a + chosen[k].a_count; ++s) words += wa.words[s];
      for (uint32_t s = chosen[k].b; s < chosen[k].b + chosen[k].b_count; ++s)
        words += wbr.words[s];
      words = std::max(1.0, words);
      weighted += p.similarity * words;
      weight += words;
      passage.pairs.push_back(p);
    }
    passage.a_span = {passage.pairs.front().a_span.begin, passage.pairs.back().a_span.end};
    passage.b_span = {passage.pairs.front().b_span.begin, passage.pairs.back().b_span.end};
    passage.similarity = weighted / weight;
    result.passages.push_back(std::move(passage));
  }
  std::sort(result.passages.begin(), result.passages.end(), [](const Passage& x, const Passage& y) {
    return x.a_span.begin != y.a_span.begin ? x.a_span.begin < y.a_span.begin
                                            : x.b_span.begin < y.b_span.begin;
  });
  return result;
}

}  // namespace crossdoc::align_internal
