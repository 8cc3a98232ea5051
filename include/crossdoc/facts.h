// Stage 5, facts: what a sentence asserts that can be compared across documents.
//
// ExtractFacts() reads an AnalyzedText (stage 1) and returns, in text order, the numbers, dates,
// entities and negations it asserts, each with the ORIGINAL bytes it was read from (a ByteSpan
// into AnalyzedText::text()) and a normalized value that is equal across scripts and languages:
//
//   kind     surface (examples)                          value
//   number   "पांचवीं", "5th", "fifth", "5वीं"            "5th"        (type kOrdinal)
//            "1.2 lakh", "1,20,000", "एक लाख बीस हजार"    "120000"     (type kCardinal)
//            "45%", "45 प्रतिशत"                          "45%"        (type kPercent)
//            "12 km", "3 करोड़ रुपये"                     "12 km", "30000000 rupees" (kQuantity)
//   date     "8 अप्रैल 2024", "2024-04-08", "08/04/2024"  "2024-04-08" (type kDay)
//            "सोमवार को" in a paper of Wed 2024-04-10      "2024-04-08" (kDay, relative)
//            "अप्रैल 2024", "last month"                  "2024-04"    (type kMonth)
//            "2023", "पिछले साल" (paper of 2024)           "2023"       (type kYear)
//            "30 अक्टूबर से 11 नवम्बर, 2023"               "2023-10-30/2023-11-11" (kDateRange)
//            "17 अक्टूबर" with no year and no reference    "--10-17"    (kDay, year unknown)
//   entity   "कजाकिस्तान", "Kazakhstan", "Казахстан"     "KZ"         (type kPlace)
//            "SCO", "एससीओ", "शंघाई सहयोग संगठन"          "SCO"        (type kOrganization)
//            "Talgat Kaliyev" (a name nobody knows)       "name:talgat kaliyev" (type kName)
//   negation "नहीं", "not", "never", "इनकार"              "negated"    (type kNegation)
//
// Numeric dates: day first (08/04/2024 is 8 April, the Indian and British order) unless the
// first field cannot be a day's partner (a first field <= 12 with a second field > 12 is read
// month first, 04/18/2024 = 18 April); FactOptions::numeric_month_first flips the default.
//
// Relative dates are resolved against a reference time: FactOptions::published (the document's
// metadata) or, when absent, a dateline found in the text ("पब्लिश्ड 10 April 2024 at 08:22 IST",
// "Updated: ...", "अपडेटेड ..."); DocumentFacts::reference_source says which. A weekday is the
// most recent such day on or before the reference ("सोमवार को" in a Wednesday paper = two days
// before) unless the sentence is in the future tense; "कल" is yesterday in a past-tense sentence,
// tomorrow in a future-tense one, and no fact at all when the tense is unclear. A relative date
// with no reference time is not a fact.
//
// Places are linked to ISO 3166 country codes with a gazetteer built (once, lazily, thread-safe)
// from ICU's localized country names in 51 display languages, plus a small table of common news
// spellings and organisations; Devanagari spellings no table knows are linked by a consonant
// skeleton (vowel signs, nukta and aspiration dropped: "कजाकिस्तान" -> KZ, "तजाकिस्तान" -> TJ)
// when exactly one country has that skeleton.
//
// Precision comes first: ambiguous readings get a low confidence (the Hindi article "एक", the
// English "one", "first", "दूसरे" = "other") and reconcile ignores facts below its threshold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossdoc/document.h"
#include "crossdoc/text.h"

namespace crossdoc {

enum class FactKind : uint8_t { kEntity, kNumber, kDate, kNegation };

// Finer type inside a kind; facts of different types are never compared with each other
// (an ordinal is not a count), except the date types, which reconcile compares by overlap.
enum class FactType : uint8_t {
  kPlace,         // entity: a country (value = ISO 3166 alpha-2 code, "KZ")
  kOrganization,  // entity: an organisation or acronym (value = upper-case acronym, "SCO")
  kName,          // entity: capitalized Latin words no table knows (value = "name:" + lower
                  // case); Devanagari has no capitals, so Hindi personal names are not read
  kCardinal,      // number: a count (value = decimal, "120000", "1.5")
  kOrdinal,       // number: a rank (value = "6th")
  kPercent,       // number: a percentage (value = "45%")
  kQuantity,      // number: a count with a unit (value = "12 km", "30000000 rupees")
  kDay,           // date: one calendar day ("2024-04-08", or "--04-08" when the year is unknown)
  kMonth,         // date: a month ("2024-04")
  kYear,          // date: a year ("2023")
  kDateRange,     // date: an interval of days ("2023-10-30/2023-11-11")
  kNegation,      // negation: a negation cue (value = "negated")
};

// "entity", "number", "date", "negation" (the words of the JSON contract).
std::string_view FactKindName(FactKind kind);
// "place", "organization", "name", "cardinal", "ordinal", "percent", "quantity", "day", "month",
// "year", "date_range", "negation".
std::string_view FactTypeName(FactType type);

struct Fact {
  FactKind kind = FactKind::kNumber;
  FactType type = FactType::kCardinal;
  ByteSpan span;             // original bytes of the whole expression ("8 अप्रैल 2024 ")
  uint32_t sentence = 0;     // index into AnalyzedText::sentences()
  uint32_t first_token = 0;  // tokens [first_token, first_token + token_count) of tokens()
  uint32_t token_count = 0;
  std::string value;         // normalized value, see the table at the top of this file
  float confidence = 1.0f;   // in [0, 1]: how sure the reading is (not whether it is true)
  bool relative = false;     // a date resolved against the reference time ("सोमवार", "last year")
  // How the value was obtained, for people: "weekday before the dateline 2024-04-10",
  // "consonant skeleton of कज़ाखस्तान (Kazakhstan)", "" when read directly.
  std::string note;
};

enum class ReferenceSource : uint8_t {
  kNone,      // no reference time: relative dates were dropped
  kMetadata,  // FactOptions::published
  kDateline,  // a dateline in the text
};
// "none", "metadata", "dateline" (the words of the JSON contract's "published_from").
std::string_view ReferenceSourceName(ReferenceSource source);

// A publication or update line: "पब्लिश्ड 10 April 2024 at 08:22 IST", "Updated: 10 Apr 2024".
struct Dateline {
  Timestamp time;            // local time with its offset (IST = +05:30); 00:00 when no time given
  ByteSpan span;             // original bytes of the whole line
  uint32_t sentence = 0;
  bool is_update = false;    // "Updated", "अपडेटेड" (a "Published" line is preferred)
  bool has_time = false;     // a clock time was given
};

// Every dateline in the text, in text order. A line counts when it starts with a publication or
// update label (English or Hindi) followed by a date with a year. Cost: linear in tokens.
std::vector<Dateline> FindDatelines(const AnalyzedText& text);

struct FactOptions {
  // The document's publication time (metadata). When absent, the first "published" dateline is
  // used, else the first "updated" one, else relative dates are dropped.
  std::optional<Timestamp> published;
  // Read datelines when `published` is absent.
  bool use_dateline = true;
  // Numeric dates with both fields <= 12: false reads 08/04/2024 as 8 April (default).
  bool numeric_month_first = false;
  // Extract negation cues.
  bool negation = true;
};

struct DocumentFacts {
  std::vector<Fact> facts;                // in text order (by span.begin)
  std::optional<Timestamp> reference;     // what relative dates were resolved against
  ReferenceSource reference_source = ReferenceSource::kNone;
  std::vector<Dateline> datelines;        // facts are never read from these lines
};

// Extracts the facts of one analyzed text. Never fails: text it cannot read yields no fact.
// Cost: linear in tokens (a few hash lookups per token); the first call in a process builds the
// gazetteer (~200 ms, mostly ICU loading ~12,900 localized names). Thread-safe.
DocumentFacts ExtractFacts(const AnalyzedText& text, const FactOptions& options = {});

// How a place or organisation name was linked.
struct EntityLink {
  std::string id;          // "KZ", "SCO"
  FactType type = FactType::kPlace;
  float confidence = 1.0f;
  std::string note;        // "" for an exact name, else how (alias, skeleton)
};

// Links a name ("कजाकिस्तान", "Kazakhstan", "Казахстан", "एससीओ", "विदेश मंत्रालय") to its id, or
// nullopt when no table knows it. Tolerates spelling variants as ExtractFacts() does.
// Thread-safe; cost: one Analyze() of the name plus hash lookups.
std::optional<EntityLink> LinkEntity(std::string_view utf8_name);

// A readable name for an id: CountryName("KZ") = "Kazakhstan" (ICU, English); an organisation id
// is returned unchanged; "" for an unknown country code.
std::string EntityDisplayName(std::string_view id);

}  // namespace crossdoc
