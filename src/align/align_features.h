// Internal: per-document features the sentence aligner scores with (interned keys, trigram sets).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "crossdoc/align.h"
#include "crossdoc/text.h"

namespace crossdoc::align_internal {

// Interns equivalence keys (views into the AnalyzedText arenas, which must outlive it) and
// remembers per key whether it is a stop word and its character-trigram hashes.
class KeyDictionary {
 public:
  uint32_t Intern(std::string_view key);
  uint32_t size() const { return static_cast<uint32_t>(stop_.size()); }
  bool IsStop(uint32_t id) const { return stop_[id] != 0; }
  // A dateline or metadata word ("updated", "ist", month names) or a pure number.
  bool IsMeta(uint32_t id) const { return meta_[id] != 0; }
  // Sorted unique code-point trigram hashes of "^key$".
  const uint32_t* TrigramsBegin(uint32_t id) const { return trigrams_.data() + tri_offset_[id]; }
  const uint32_t* TrigramsEnd(uint32_t id) const {
    return trigrams_.data() + tri_offset_[id + 1];
  }

 private:
  absl::flat_hash_map<std::string_view, uint32_t> ids_;
  std::vector<uint8_t> stop_;
  std::vector<uint8_t> meta_;
  std::vector<uint32_t> tri_offset_ = {0};
  std::vector<uint32_t> trigrams_;
};

struct SentenceFeatures {
  uint32_t sentence = 0;                // index into AnalyzedText::sentences()
  uint32_t word_begin = 0, word_end = 0;  // into DocFeatures::word_tokens / word_keys
  uint32_t key_begin = 0, key_end = 0;    // sorted unique key ids, into DocFeatures::keys
  uint32_t tri_begin = 0, tri_end = 0;    // sorted unique trigram hashes, into ::trigrams
  uint32_t content_keys = 0;              // keys that are neither stop nor meta words
  bool boilerplate = false;               // nothing but stop words, numbers and dateline words
};

// Features of one analyzed document. Sentences are kept in document order; a document longer
// than AlignOptions::max_sentences keeps its first max_sentences.
struct DocFeatures {
  const AnalyzedText* text = nullptr;
  std::vector<SentenceFeatures> sentences;
  std::vector<uint32_t> word_tokens;  // global token index of each word-like token kept
  std::vector<uint32_t> word_keys;    // key id of each, parallel to word_tokens
  std::vector<uint32_t> keys;
  std::vector<uint32_t> trigrams;
  // Sorted (key id, number of sentences holding it) for IDF weighting.
  std::vector<std::pair<uint32_t, uint32_t>> key_df;
  bool truncated = false;
  std::string truncation_reason;
};

DocFeatures BuildFeatures(const AnalyzedText& text, const AlignOptions& options,
                          KeyDictionary& dict);

// Aligns two documents whose features share one dictionary. `same` = a and b are one document
// (self-alignment: pairs i < j only, sentences may take part in several pairs).
Alignment AlignFeatures(const DocFeatures& a, const DocFeatures& b, bool same,
                        const KeyDictionary& dict, const AlignOptions& options);

// Fills pair.diff. `budget` is the number of DP cells still allowed; returns false when the pair
// was too large for it (diff left empty).
bool DiffSentencePair(const DocFeatures& a, const DocFeatures& b, const KeyDictionary& dict,
                      SentencePair& pair, uint64_t& budget);

absl::Status ValidateOptions(const AlignOptions& options);

}  // namespace crossdoc::align_internal
