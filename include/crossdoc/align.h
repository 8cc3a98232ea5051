// Stage 4, align: which passages of two documents (or of one document) say the same thing.
//
// Align() pairs sentences of two analyzed documents by weighted overlap of their cross-script
// equivalence keys (AnalyzedText::Key, so "SCO" meets "एससीओ" and "2024" meets "२०२४") plus a
// character-shingle similarity that tolerates inflection. Pairs need not be in the same order in
// both documents (outlets reorder paragraphs), one sentence may match two consecutive sentences of
// the other side (outlets split and merge sentences), and inside every aligned pair a token-level
// diff separates what both sides say from what differs; words that only changed place show as
// kMoved, not as a difference. Runs of consecutive aligned pairs form passages.
//
// Sentences made only of stop words, numbers and dateline words ("Updated 12 March 2025 09:10
// IST", "पब्लिश्ड ...") are metadata, not statements, and are never aligned.
//
// Every span is a ByteSpan into the ORIGINAL text of its document; token and sentence indices are
// indices into AnalyzedText::tokens() / sentences() of that document.
//
// Work is bounded by AlignOptions: pathological input (one sentence repeated 100,000 times, a
// 10 MB document) costs at most the configured limits, and the result says when it was cut short.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossdoc/text.h"

namespace crossdoc {

struct AlignOptions {
  // A sentence pair (or a 1-to-2 group) is aligned when its similarity in [0, 1] reaches this.
  // Similarity = 0.6 * weighted key overlap (rare words weigh more, stop words little) +
  // 0.4 * character-trigram Dice over the word keys (stop words left out). A pair must also
  // share three keys that are not stop words. 0.35 keeps paraphrases and restatements and rejects
  // sentences that merely share a name or two. Must be in (0, 1].
  double min_similarity = 0.35;

  // Allow one sentence of one side to align with two consecutive sentences of the other
  // (a split or merged sentence). The group must score higher than either half alone.
  bool allow_merges = true;

  // Sentences of a document beyond this many are ignored (result is truncated).
  uint32_t max_sentences = 20000;

  // Word-like tokens per sentence used for scoring and diffing; a longer sentence is scored on
  // its first max_sentence_tokens tokens (result is truncated). At most 30000.
  uint32_t max_sentence_tokens = 512;

  // Candidate sentence pairs come from an inverted index over keys. A key that occurs in more
  // sentences than this (per document) is too common to propose candidates (it still counts
  // in the score; the result is marked truncated). This is what keeps "one sentence repeated
  // 100,000 times" linear.
  uint32_t max_key_postings = 64;

  // At most this many distinct candidate sentence pairs are collected per Align() call, and at
  // most this many pairs and 1-to-2 groups are scored; beyond it candidates are dropped (result
  // is truncated). A cheap lower bound dismisses most candidates; a full score costs about 1 µs.
  uint64_t max_candidate_pairs = 1'000'000;

  // Budget for the token diffs of one Align() call, in dynamic-programming cells (a pair of
  // sentences with n and m word tokens costs a few times n·m). Pairs beyond the budget get no
  // diff (result is truncated). Memory: 4 bytes per cell of the largest single pair.
  uint64_t max_diff_cells = 200'000'000;

  // Compute the token diff of every aligned pair (SentencePair::diff). Off = spans and scores only.
  bool diff_tokens = true;
};

// One segment of the token diff of an aligned sentence pair.
enum class DiffOp : uint8_t {
  kEqual,    // same keys, in the same relative order on both sides
  kMoved,    // same keys on both sides, but the run changed place within the sentence
  kChanged,  // differs: tokens replaced, or only on one side (then that side's count is 0).
             // A single word spelled much like a word elsewhere in the other sentence
             // ("कजाकिस्तान" / "तजाकिस्तान") is paired with it in a one-word kChanged segment.
};

struct DiffSegment {
  DiffOp op = DiffOp::kEqual;
  // Tokens [first, first + count) of each document's tokens(): from the first to the last
  // word-like token of the segment, punctuation between them included. Only word-like tokens are
  // compared (by AnalyzedText::Key); punctuation and symbols are never a difference.
  uint32_t a_first_token = 0;
  uint32_t a_token_count = 0;
  uint32_t b_first_token = 0;
  uint32_t b_token_count = 0;
  // Original bytes from the first to the last token of the side. When a side has no tokens the
  // span is empty (begin == end) and sits where the text would be inserted on that side.
  ByteSpan a_span;
  ByteSpan b_span;
};

// Aligned sentences: one or two consecutive sentences of A with one or two of B (never 2-to-2).
struct SentencePair {
  uint32_t a_first_sentence = 0;
  uint32_t a_sentence_count = 1;
  uint32_t b_first_sentence = 0;
  uint32_t b_sentence_count = 1;
  ByteSpan a_span;  // from the start of the first to the end of the last sentence, original bytes
  ByteSpan b_span;
  double similarity = 0;  // in [0, 1]
  // Segments ordered by position in A; kChanged segments with a_token_count == 0 (B-only words)
  // come at the end of the stretch between two kEqual segments where they occur in B. Every
  // word-like token of the pair (within max_sentence_tokens per sentence) appears in exactly one
  // segment on its side. Empty when
  // AlignOptions::diff_tokens is false or the diff budget ran out.
  std::vector<DiffSegment> diff;
};

// A run of aligned sentence pairs that are consecutive in both documents.
struct Passage {
  ByteSpan a_span;  // from the first to the last aligned sentence, original bytes
  ByteSpan b_span;
  double similarity = 0;          // token-weighted mean of the pairs' similarities
  std::vector<SentencePair> pairs;  // in order of A
};

struct Alignment {
  // Ordered by a_span.begin. Across two documents every sentence takes part in at most one
  // SentencePair (the best-scoring one wins). For AlignWithin, "b" is the same document, a
  // sentence may take part in several pairs (a headline restated twice), and every pair has
  // a_first_sentence + a_sentence_count <= b_first_sentence.
  std::vector<Passage> passages;
  // True when a limit in AlignOptions cut the work short; the passages found are still valid.
  bool truncated = false;
  std::string truncation_reason;  // e.g. "max_candidate_pairs (1000000) reached"; "" otherwise
  uint64_t candidate_pairs_scored = 0;  // sentence pairs and 1-to-2 groups scored in full
};

// Aligns two analyzed documents. Cost: linear in tokens for indexing, plus about 1 µs per
// candidate pair scored (bounded by max_candidate_pairs) and O(n·m) per aligned pair's diff on
// its word tokens (bounded by max_diff_cells); two 600-word articles take about 0.4 ms.
// A pure function of its inputs: safe to call from many threads at once.
// Errors: InvalidArgument when options are out of range. Never fails on content.
absl::StatusOr<Alignment> Align(const AnalyzedText& a, const AnalyzedText& b,
                                const AlignOptions& options = {});

// Aligns a document with itself: sentences that say the same thing twice (a headline and a body
// sentence, a quote and its paraphrase). A sentence is never paired with itself or with a
// sentence it overlaps; each pair is reported once, earlier sentence as "a".
absl::StatusOr<Alignment> AlignWithin(const AnalyzedText& doc, const AlignOptions& options = {});

struct ClusterAlignOptions {
  AlignOptions pair;  // used for every document pair
  // Two documents are a candidate pair when they share at least this many sentence-level
  // signatures: pairs of consecutive content keys (stop words skipped) within a sentence.
  uint32_t min_shared_keys = 3;
  // ... and when the shared signatures are at least this fraction of the smaller document's
  // signatures (two articles on one topic share stock phrases; two versions of one story share
  // much more). In [0, 1].
  double min_shared_fraction = 0.1;
  // A signature found in more documents than this proposes candidate pairs only among its first
  // max_document_postings documents (lowest indices), which bounds the cost at about
  // max_document_postings^2 / 2 pairs per such signature; the result is then marked truncated.
  // At least 2.
  uint32_t max_document_postings = 200;
  // At most this many document pairs are aligned, the most promising first (result truncated).
  uint32_t max_document_pairs = 5000;
  // Also run AlignWithin on every document (reported with a == b).
  bool include_self = true;
};

struct DocumentPairAlignment {
  uint32_t a = 0;  // indices into the span given to AlignCluster; a < b, or a == b for self
  uint32_t b = 0;
  Alignment alignment;  // pairs with no passage are omitted from the result
};

struct ClusterAlignment {
  std::vector<DocumentPairAlignment> pairs;  // ordered by (a, b)
  bool truncated = false;  // a document-pair limit or any pair's limit was hit
  std::string truncation_reason;
  uint64_t candidate_document_pairs = 0;  // pairs proposed by the index (before the limit)
};

// Aligns every candidate pair of a set of documents (a story cluster) without comparing all
// pairs blindly: an inverted index over sentence-level signatures (consecutive content-key
// pairs) proposes the document pairs. Cost: linear in total tokens for indexing plus Align()
// per candidate pair and AlignWithin() per document; 50 articles take about 20 ms.
// Errors: InvalidArgument when options are out of range or a pointer is null.
absl::StatusOr<ClusterAlignment> AlignCluster(absl::Span<const AnalyzedText* const> documents,
                                              const ClusterAlignOptions& options = {});

}  // namespace crossdoc
