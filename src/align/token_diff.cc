// Token-level diff of an aligned sentence pair: LCS over equivalence keys, then moved blocks,
// then the remaining differences as hunks with original byte spans on both sides.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "align/align_features.h"

namespace crossdoc::align_internal {
namespace {

constexpr int kMaxMoveRounds = 32;
constexpr int32_t kNone = -1;

// kFuzzy: a changed word paired across the sentence with a similar spelling of it
// ("कजाकिस्तान" / "तजाकिस्तान"), so the difference shows as one hunk wherever the words stand.
enum class Mark : uint8_t { kUnmatched, kEqual, kMoved, kFuzzy };

constexpr double kFuzzyDice = 0.5;

double TrigramDice(const KeyDictionary& dict, uint32_t x, uint32_t y) {
  const uint32_t *a = dict.TrigramsBegin(x), *a_end = dict.TrigramsEnd(x);
  const uint32_t *b = dict.TrigramsBegin(y), *b_end = dict.TrigramsEnd(y);
  const double total = static_cast<double>(a_end - a) + static_cast<double>(b_end - b);
  uint32_t shared = 0;
  while (a != a_end && b != b_end) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      ++shared;
      ++a;
      ++b;
    }
  }
  return total > 0 ? 2.0 * shared / total : 0.0;
}

// One side of the pair: its word tokens (indices into the document's word arrays).
struct Side {
  const DocFeatures* f = nullptr;
  uint32_t word_begin = 0;  // into f->word_tokens
  uint32_t size = 0;
  uint32_t Key(uint32_t i) const { return f->word_keys[word_begin + i]; }
  uint32_t TokenIndex(uint32_t i) const { return f->word_tokens[word_begin + i]; }
  const crossdoc::Token& Tok(uint32_t i) const { return f->text->tokens()[TokenIndex(i)]; }
};

// Fills a segment's token range and span for side words [first, last); an empty range sits
// just after word first-1 (or at `fallback` when there is no word before).
void FillSide(const Side& side, uint32_t first, uint32_t last, uint32_t fallback_byte,
              uint32_t* first_token, uint32_t* token_count, ByteSpan* span) {
  if (first < last) {
    *first_token = side.TokenIndex(first);
    *token_count = side.TokenIndex(last - 1) - side.TokenIndex(first) + 1;
    *span = {side.Tok(first).span.begin, side.Tok(last - 1).span.end};
    return;
  }
  *token_count = 0;
  if (first > 0) {
    *first_token = side.TokenIndex(first - 1) + 1;
    const uint32_t at = side.Tok(first - 1).span.end;
    *span = {at, at};
  } else if (side.size > 0) {
    *first_token = side.TokenIndex(0);
    const uint32_t at = side.Tok(0).span.begin;
    *span = {at, at};
  } else {
    *first_token = 0;
    *span = {fallback_byte, fallback_byte};
  }
}

}  // namespace

bool DiffSentencePair(const DocFeatures& a, const DocFeatures& b, const KeyDictionary& dict,
                      SentencePair& pair, uint64_t& budget) {
  Side sa, sb;
  sa.f = &a;
  sb.f = &b;
  {
    const SentenceFeatures& first = a.sentences[pair.a_first_sentence];
    const SentenceFeatures& last = a.sentences[pair.a_first_sentence + pair.a_sentence_count - 1];
    sa.word_begin = first.word_begin;
    sa.size = last.word_end - first.word_begin;
  }
  {
    const SentenceFeatures& first = b.sentences[pair.b_first_sentence];
    const SentenceFeatures& last = b.sentences[pair.b_first_sentence + pair.b_sentence_count - 1];
    sb.word_begin = first.word_begin;
    sb.size = last.word_end - first.word_begin;
  }
  const size_t n = sa.size, m = sb.size;
  const uint64_t cells = uint64_t{n + 1} * (m + 1);
  if (cells > budget) return false;
  budget -= cells;

  // LCS lengths of suffixes: lcs[i][j] = LCS(a[i..], b[j..]). Lengths fit 16 bits: sentences
  // hold at most 2 * max_sentence_tokens words, and the caller bounds that far below 65536.
  std::vector<uint16_t> lcs(cells, 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = sa.Key(static_cast<uint32_t>(i)) == sb.Key(static_cast<uint32_t>(j))
                     ? static_cast<uint16_t>(at(i + 1, j + 1) + 1)
                     : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::vector<Mark> mark_a(n, Mark::kUnmatched), mark_b(m, Mark::kUnmatched);
  std::vector<int32_t> match_a(n, kNone), match_b(m, kNone);
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (sa.Key(static_cast<uint32_t>(i)) == sb.Key(static_cast<uint32_t>(j)) &&
        at(i, j) == at(i + 1, j + 1) + 1) {
      mark_a[i] = mark_b[j] = Mark::kEqual;
      match_a[i] = static_cast<int32_t>(j);
      match_b[j] = static_cast<int32_t>(i);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }

  // Moved blocks: repeatedly pair the longest common run of still-unmatched words. A single
  // word counts only when it is not a stop word.
  std::vector<uint16_t> run(cells, 0);
  for (int round = 0; round < kMaxMoveRounds; ++round) {
    if (cells > budget) break;
    budget -= cells;
    size_t best = 0, best_i = 0, best_j = 0;
    for (size_t i = 1; i <= n; ++i) {
      for (size_t j = 1; j <= m; ++j) {
        uint16_t& r = run[i * (m + 1) + j];
        if (mark_a[i - 1] == Mark::kUnmatched && mark_b[j - 1] == Mark::kUnmatched &&
            sa.Key(static_cast<uint32_t>(i - 1)) == sb.Key(static_cast<uint32_t>(j - 1))) {
          r = static_cast<uint16_t>(run[(i - 1) * (m + 1) + (j - 1)] + 1);
          if (r > best) {
            best = r;
            best_i = i;
            best_j = j;
          }
        } else {
          r = 0;
        }
      }
    }
    if (best == 0) break;
    if (best == 1 && dict.IsStop(sa.Key(static_cast<uint32_t>(best_i - 1)))) {
      // Only stop words remain in common; they are not worth calling moved.
      break;
    }
    for (size_t k = 0; k < best; ++k) {
      const size_t i = best_i - best + k, j = best_j - best + k;
      mark_a[i] = mark_b[j] = Mark::kMoved;
      match_a[i] = static_cast<int32_t>(j);
      match_b[j] = static_cast<int32_t>(i);
    }
  }

  // Similar spellings left unmatched in different gaps between equal runs: pair the most similar
  // first. Within one gap the hunk already puts them side by side.
  {
    std::vector<uint32_t> gap_a(n), gap_b(m);
    uint32_t g = 0;
    for (size_t i = 0; i < n; ++i) {
      if (mark_a[i] == Mark::kEqual) ++g;
      gap_a[i] = g;
    }
    g = 0;
    for (size_t j = 0; j < m; ++j) {
      if (mark_b[j] == Mark::kEqual) ++g;
      gap_b[j] = g;
    }
    struct Candidate {
      double dice;
      uint32_t i, j;
    };
    std::vector<Candidate> fuzzy;
    for (uint32_t i = 0; i < n; ++i) {
      if (mark_a[i] != Mark::kUnmatched || dict.IsStop(sa.Key(i))) continue;
      for (uint32_t j = 0; j < m; ++j) {
        if (mark_b[j] != Mark::kUnmatched || gap_a[i] == gap_b[j] || dict.IsStop(sb.Key(j))) {
          continue;
        }
        const double dice = TrigramDice(dict, sa.Key(i), sb.Key(j));
        if (dice >= kFuzzyDice) fuzzy.push_back({dice, i, j});
      }
    }
    std::sort(fuzzy.begin(), fuzzy.end(), [](const Candidate& x, const Candidate& y) {
      return x.dice != y.dice ? x.dice > y.dice : (x.i != y.i ? x.i < y.i : x.j < y.j);
    });
    for (const Candidate& c : fuzzy) {
      if (mark_a[c.i] != Mark::kUnmatched || mark_b[c.j] != Mark::kUnmatched) continue;
      mark_a[c.i] = mark_b[c.j] = Mark::kFuzzy;
      match_a[c.i] = static_cast<int32_t>(c.j);
      match_b[c.j] = static_cast<int32_t>(c.i);
    }
  }

  // Segments: walk equal runs; between two of them lies a gap of moved and unmatched words.
  std::vector<DiffSegment>& out = pair.diff;
  out.clear();
  auto emit = [&](DiffOp op, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) {
    DiffSegment seg;
    seg.op = op;
    FillSide(sa, a0, a1, pair.a_span.begin, &seg.a_first_token, &seg.a_token_count, &seg.a_span);
    FillSide(sb, b0, b1, pair.b_span.begin, &seg.b_first_token, &seg.b_token_count, &seg.b_span);
    out.push_back(seg);
  };
  struct Run {
    uint32_t begin, end;
  };
  std::vector<Run> a_runs, b_runs;
  uint32_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && mark_a[i] == Mark::kEqual && match_a[i] == static_cast<int32_t>(j)) {
      uint32_t k = 1;
      while (i + k < n && j + k < m && mark_a[i + k] == Mark::kEqual &&
             match_a[i + k] == static_cast<int32_t>(j + k)) {
        ++k;
      }
      emit(DiffOp::kEqual, i, i + k, j, j + k);
      i += k;
      j += k;
      continue;
    }
    uint32_t i2 = i, j2 = j;
    while (i2 < n && mark_a[i2] != Mark::kEqual) ++i2;
    while (j2 < m && mark_b[j2] != Mark::kEqual) ++j2;
    // Unmatched runs on each side of the gap.
    a_runs.clear();
    b_runs.clear();
    for (uint32_t x = i; x < i2;) {
      if (mark_a[x] != Mark::kUnmatched) {
        ++x;
        continue;
      }
      uint32_t e = x;
      while (e < i2 && mark_a[e] == Mark::kUnmatched) ++e;
      a_runs.push_back({x, e});
      x = e;
    }
    for (uint32_t y = j; y < j2;) {
      if (mark_b[y] != Mark::kUnmatched) {
        ++y;
        continue;
      }
      uint32_t e = y;
      while (e < j2 && mark_b[e] == Mark::kUnmatched) ++e;
      b_runs.push_back({y, e});
      y = e;
    }
    // A side of the gap in order: moved blocks and changed runs (paired with B runs in order).
    size_t next_a_run = 0;
    for (uint32_t x = i; x < i2;) {
      if (mark_a[x] == Mark::kFuzzy) {
        const uint32_t y = static_cast<uint32_t>(match_a[x]);
        emit(DiffOp::kChanged, x, x + 1, y, y + 1);
        ++x;
        continue;
      }
      if (mark_a[x] == Mark::kMoved) {
        uint32_t e = x + 1;
        while (e < i2 && mark_a[e] == Mark::kMoved && match_a[e] == match_a[e - 1] + 1) ++e;
        const uint32_t y = static_cast<uint32_t>(match_a[x]);
        emit(DiffOp::kMoved, x, e, y, y + (e - x));
        x = e;
        continue;
      }
      const Run ar = a_runs[next_a_run];
      if (next_a_run < b_runs.size()) {
        emit(DiffOp::kChanged, ar.begin, ar.end, b_runs[next_a_run].begin, b_runs[next_a_run].end);
      } else {
        // Nothing left on B in this gap: an A-only hunk, B side empty where the gap starts.
        emit(DiffOp::kChanged, ar.begin, ar.end, j, j);
      }
      ++next_a_run;
      x = ar.end;
    }
    for (size_t r = next_a_run; r < b_runs.size(); ++r) {
      emit(DiffOp::kChanged, i2, i2, b_runs[r].begin, b_runs[r].end);
    }
    i = i2;
    j = j2;
  }
  return true;
}

}  // namespace crossdoc::align_internal
