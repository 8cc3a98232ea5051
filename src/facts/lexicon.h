// Internal: the word tables of the facts stage (number words, months, weekdays, relative-time
// words, negation cues, tense markers), keyed by normalized form (crossdoc::Normalize), so they
// match AnalyzedText::Normalized() of a token whatever spelling variant the author used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace crossdoc::facts_internal {

// Abseil here is built with its own string_view type: hash lookups and StrCat need this.
inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

struct NumberWord {
  enum class Role : uint8_t {
    kUnit,      // 0..99 in Hindi, 0..19 and tens in English
    kHundred,   // सौ, hundred: multiplies what came before
    kScale,     // हजार, लाख, करोड़, thousand, million, lakh, crore: closes a group
    kFraction,  // डेढ़ (1.5), ढाई (2.5): a whole value that a scale may follow
    kAddHalf,   // साढ़े N = N + 0.5, सवा N = N + 0.25, पौने N = N - 0.25 (value = the offset)
  };
  double value = 0;
  Role role = Role::kUnit;
  bool ordinal = false;     // पांचवीं, sixth
  float confidence = 1.0f;  // एक/one (an article too), first, दूसरे (= other) are low
  bool english = false;
};

enum class RelativeUnit : uint8_t { kDay, kWeek, kMonth, kYear };

class Lexicon {
 public:
  // Built on first use; thread-safe.
  static const Lexicon& Get();

  const NumberWord* Number(std::string_view normalized) const;
  // Ordinal by suffix on a cardinal word: "सातवीं" -> 7 ("सात" + "वीं"). nullopt otherwise.
  std::optional<double> HindiSuffixOrdinal(std::string_view normalized) const;
  // 1..12, or 0. `english_abbrev` says the form is an English abbreviation ("apr", "sept").
  int Month(std::string_view normalized, bool* english) const;
  // 0 = Monday .. 6 = Sunday, or -1.
  int Weekday(std::string_view normalized, bool* english) const;
  // "कल" = 0 (tense decides), "yesterday" = -1, "today"/"आज" = 0 with *fixed = true, ...
  // Returns false when the word is none of them.
  bool DayWord(std::string_view normalized, int* offset, bool* tense_decides) const;
  // पिछले/last = -1, इस/this = 0, अगले/next = +1.
  std::optional<int> RelativeModifier(std::string_view normalized) const;
  std::optional<RelativeUnit> RelativeUnitWord(std::string_view normalized) const;
  // Unit after a number: "km", "kg", "rupees", "dollars", "tonnes", or "".
  std::string_view UnitWord(std::string_view normalized) const;
  bool PercentWord(std::string_view normalized) const;
  bool NegationCue(std::string_view normalized) const;
  // Words after "न"/"not" that make it something other than a negation ("न केवल", "not only").
  bool NegationBreaker(std::string_view normalized) const;
  bool FutureMarker(std::string_view normalized) const;
  bool PastMarker(std::string_view normalized) const;
  bool StrongPastMarker(std::string_view normalized) const;
  // "published", "पब्लिश्ड", "updated", "अपडेटेड"...: 1 = publication, 2 = update, 0 = none.
  int DatelineLabel(std::string_view normalized) const;
  // "ist" -> 330. nullopt for unknown zones.
  std::optional<int> TimeZoneOffset(std::string_view normalized) const;
  // Range connectors: "से", "to", "until", "till", "-", "–".
  bool RangeWord(std::string_view normalized) const;

 private:
  Lexicon();
  absl::flat_hash_map<std::string, NumberWord> numbers_;
  absl::flat_hash_map<std::string, std::pair<int, bool>> months_;
  absl::flat_hash_map<std::string, std::pair<int, bool>> weekdays_;
  absl::flat_hash_map<std::string, std::pair<int, bool>> day_words_;
  absl::flat_hash_map<std::string, int> modifiers_;
  absl::flat_hash_map<std::string, RelativeUnit> units_relative_;
  absl::flat_hash_map<std::string, std::string> units_;
  absl::flat_hash_set<std::string> percent_;
  absl::flat_hash_set<std::string> negation_;
  absl::flat_hash_set<std::string> negation_breakers_;
  absl::flat_hash_set<std::string> future_;
  absl::flat_hash_set<std::string> past_;
  absl::flat_hash_set<std::string> strong_past_;
  absl::flat_hash_map<std::string, int> dateline_;
  absl::flat_hash_map<std::string, int> zones_;
  absl::flat_hash_set<std::string> range_;
  std::string ordinal_suffixes_[6];
};

// Calendar arithmetic on proleptic Gregorian days (0 = 1970-01-01).
int64_t DaysFromCivil(int64_t year, int month, int day);
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day);
bool ValidDate(int64_t year, int month, int day);
// 0 = Monday .. 6 = Sunday.
int WeekdayOfDays(int64_t days);
// "2024-04-08"; year outside 0..9999 is clamped in the text.
std::string FormatDay(int64_t days);
std::string FormatYmd(int64_t year, int month, int day);

}  // namespace crossdoc::facts_internal
