// Internal: the place and organisation gazetteer of the facts stage. Country names come from
// ICU's localized region names (every ISO 3166 country in ~45 display languages); a small table
// of our own adds common news spellings and organisations. Keys are normalized words joined by
// one space, exactly as AnalyzedText::Normalized() gives them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "crossdoc/facts.h"

namespace crossdoc::facts_internal {

struct GazetteerEntry {
  std::string id;                     // "KZ", "SCO"
  FactType type = FactType::kPlace;   // kPlace or kOrganization
  bool from_alias = false;            // our own table, not ICU
};

class Gazetteer {
 public:
  // Built on first use (~200 ms, mostly ICU); thread-safe afterwards (read only).
  static const Gazetteer& Get();

  // Exact lookup of normalized words joined by ' '. nullptr when unknown or ambiguous.
  const GazetteerEntry* FindName(std::string_view key) const;
  // Acronym by lower-case key ("sco", "uae", "us"): nullptr when not in our table.
  const GazetteerEntry* FindAcronym(std::string_view key) const;
  // A single normalized word whose consonant skeleton belongs to exactly one country
  // ("कजाकिस्तान" -> KZ) and whose letters are within a small edit distance (at most 3 code
  // points and 30% of the word) of one of that country's names, so that an unrelated word that
  // happens to share a skeleton ("गवर्नेंस") is not a place. `matched` receives the closest name.
  const GazetteerEntry* FindBySkeleton(std::string_view normalized_word,
                                       std::string* matched) const;
  // Whether some name of two or more words starts with this normalized word.
  bool StartsLongName(std::string_view word) const;
  // Longest name, in words.
  int max_words() const { return max_words_; }
  // English display name ("Kazakhstan") of a country code; "" when unknown.
  std::string EnglishName(std::string_view id) const;
  size_t size() const { return names_.size(); }

 private:
  Gazetteer();
  void AddName(std::string_view utf8_name, const GazetteerEntry& entry, bool override_existing);

  absl::flat_hash_map<std::string, GazetteerEntry> names_;
  absl::flat_hash_map<std::string, bool> ambiguous_;  // keys seen with two different ids
  absl::flat_hash_map<std::string, GazetteerEntry> acronyms_;
  // skeleton -> entry and the names it came from; skeleton_ambiguous_ marks skeletons of 2+ ids.
  absl::flat_hash_map<std::string, std::pair<GazetteerEntry, std::vector<std::string>>> skeletons_;
  absl::flat_hash_map<std::string, bool> skeleton_ambiguous_;
  absl::flat_hash_map<std::string, std::string> english_;
  absl::flat_hash_map<std::string, bool> first_words_;
  int max_words_ = 1;
};

// Consonant skeleton of a normalized word: Devanagari consonants with vowel signs, nukta,
// virama, anusvara and independent vowels dropped and aspirates folded to their plain partner
// (ख -> क, झ -> ज, थ -> त...), doubled consonants collapsed; Latin letters with vowels, 'h', 'y'
// and 'w' dropped, doubled letters collapsed. Other scripts give "".
std::string ConsonantSkeleton(std::string_view normalized_word);

}  // namespace crossdoc::facts_internal
