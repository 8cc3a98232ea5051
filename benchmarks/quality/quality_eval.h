// Quality evaluation of facts + reconcile: plants contradictions and meaning-preserving rewrites
// into copies of real articles, runs the pipeline on each (original, copy) pair and scores what
// it reports against the planted truth.
//
// Header-only so that the Catch2 test (tests/quality_test.cc) and anyone else can use it directly.
//
// Generator. For each source article A and each kind below, the copy B differs from A by exactly
// one planted change at a known byte span of B (the truth):
//   conflicts  entity    a country the gazetteer links, swapped for a neighbour in the same
//                        script (India <-> Pakistan, भारत <-> पाकिस्तान, ...)
//              number    a number fact written in ASCII digits, changed by 5-30% (at least 1)
//              date      the day of an absolute date shifted by 1-3 (else its month by 1-3)
//              negation  a negation inserted ("was" -> "was not"; "नहीं" before the verb group
//                        of a Hindi sentence) or, in about a third of the cases, removed
//   rewrites   digits    one number in ASCII digits -> Devanagari digits (or back); Hindi only
//              ordinal   ordinal word <-> numeral ("छठी" -> "6ठी"... "sixth" -> "6th")
//              weekday   an absolute date in A, its weekday in B, given the reference time
//              acronym   an acronym in the other script ("WHO" <-> "डब्ल्यूएचओ")
// Eligibility (documented, nothing else is filtered): a plant needs something to change (a
// linked country with a neighbour in the table, a number fact of confidence >= 0.6 in ASCII
// digits, a non-relative date fact with a day or month we can find, a sentence of at least 6
// tokens with a verb form we know); ordinal, weekday and acronym rewrites use the article's own
// words when it has them, and otherwise INSERT a short sentence we wrote into both A and B
// (A one form, B the other), which the truth records (`inserted`).
// Articles without publication metadata (the BBC corpus) get a dateline line at the top of both
// A and B ("Updated 10 April 2024 09:00 IST") so that weekday rewrites have a reference time.
//
// Scorer. Reconcile() runs on [A, B] with within-document comparison off (A and B are copies, so
// self-contradictions of the source article would only be counted twice). A planted conflict is
// recalled when a conflict finding of the planted kind has its B side overlapping the planted
// span; precision = such findings / all conflict findings on all pairs (conflict pairs and
// rewrite pairs); a rewrite pair with any conflict is "flagged".
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"

namespace crossdoc::quality {

// Deterministic on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(Next() % uint64_t(hi - lo + 1)); }
  double Unit() { return double(Next() >> 11) / double(uint64_t{1} << 53); }

 private:
  uint64_t state_;
};

enum class PlantKind : uint8_t { kEntity, kNumber, kDate, kNegation, kDigits, kOrdinal, kWeekday, kAcronym };
inline constexpr PlantKind kAllKinds[] = {PlantKind::kEntity,  PlantKind::kNumber,
                                          PlantKind::kDate,    PlantKind::kNegation,
                                          PlantKind::kDigits,  PlantKind::kOrdinal,
                                          PlantKind::kWeekday, PlantKind::kAcronym};

inline std::string_view PlantKindName(PlantKind k) {
  switch (k) {
    case PlantKind::kEntity: return "entity";
    case PlantKind::kNumber: return "number";
    case PlantKind::kDate: return "date";
    case PlantKind::kNegation: return "negation";
    case PlantKind::kDigits: return "digits";
    case PlantKind::kOrdinal: return "ordinal";
    case PlantKind::kWeekday: return "weekday";
    case PlantKind::kAcronym: return "acronym";
  }
  return "?";
}
inline bool IsConflictKind(PlantKind k) { return static_cast<int>(k) <= 3; }
inline FactKind FactKindOf(PlantKind k) {
  switch (k) {
    case PlantKind::kEntity: return FactKind::kEntity;
    case PlantKind::kNumber: return FactKind::kNumber;
    case PlantKind::kDate: return FactKind::kDate;
    default: return FactKind::kNegation;
  }
}

struct SourceArticle {
  std::string id;
  std::string text;
  std::optional<Timestamp> published;
  bool hindi = false;
};

// One generated pair and its truth.
struct PlantedPair {
  std::string source_id;
  PlantKind kind = PlantKind::kEntity;
  bool conflict = false;
  bool inserted = false;      // a sentence we wrote was added to both A and B
  bool removal = false;       // negation: a cue was removed (else added)
  std::string a_text;
  std::string b_text;
  ByteSpan b_span;            // the planted change in B
  std::string before, after;  // the changed words in A and B, for people
};

// ------------------------------------------------------------------------------------------------
// Tables.

struct CountryNames {
  const char* code;
  const char* partner;
  std::vector<std::string_view> en;
  std::vector<std::string_view> hi;
};

inline const std::vector<CountryNames>& Countries() {
  static const auto* table = new std::vector<CountryNames>{
      {"IN", "PK", {"India"}, {"भारत"}},
      {"PK", "IN", {"Pakistan"}, {"पाकिस्तान"}},
      {"CN", "JP", {"China"}, {"चीन"}},
      {"JP", "CN", {"Japan"}, {"जापान"}},
      {"US", "CA", {"US", "USA", "America"}, {"अमेरिका", "अमरीका"}},
      {"CA", "US", {"Canada"}, {"कनाडा"}},
      {"GB", "IE", {"UK", "Britain"}, {"ब्रिटेन"}},
      {"IE", "GB", {"Ireland"}, {"आयरलैंड"}},
      {"FR", "DE", {"France"}, {"फ्रांस"}},
      {"DE", "FR", {"Germany"}, {"जर्मनी"}},
      {"IT", "ES", {"Italy"}, {"इटली"}},
      {"ES", "IT", {"Spain"}, {"स्पेन"}},
      {"RU", "UA", {"Russia"}, {"रूस"}},
      {"UA", "RU", {"Ukraine"}, {"यूक्रेन"}},
      {"KZ", "TJ", {"Kazakhstan"}, {"कजाकिस्तान", "कज़ाखस्तान"}},
      {"TJ", "KZ", {"Tajikistan"}, {"ताजिकिस्तान"}},
      {"NP", "BT", {"Nepal"}, {"नेपाल"}},
      {"BT", "NP", {"Bhutan"}, {"भूटान"}},
      {"BD", "MM", {"Bangladesh"}, {"बांग्लादेश", "बांगलादेश"}},
      {"MM", "BD", {"Myanmar"}, {"म्यांमार"}},
      {"IR", "IQ", {"Iran"}, {"ईरान"}},
      {"IQ", "IR", {"Iraq"}, {"इराक"}},
      {"AU", "ID", {"Australia"}, {"ऑस्ट्रेलिया", "आस्ट्रेलिया"}},
      {"ID", "AU", {"Indonesia"}, {"इंडोनेशिया"}},
      {"BR", "AR", {"Brazil"}, {"ब्राजील", "ब्राज़ील"}},
      {"AR", "BR", {"Argentina"}, {"अर्जेंटीना"}},
      {"EG", "LY", {"Egypt"}, {"मिस्र"}},
      {"LY", "EG", {"Libya"}, {"लीबिया"}},
      {"SE", "NO", {"Sweden"}, {"स्वीडन"}},
      {"NO", "SE", {"Norway"}, {"नॉर्वे"}},
      {"MX", "CO", {"Mexico"}, {"मेक्सिको"}},
      {"CO", "MX", {"Colombia"}, {"कोलंबिया"}},
      {"TR", "GR", {"Turkey"}, {"तुर्की"}},
      {"GR", "TR", {"Greece"}, {"ग्रीस"}},
      {"IL", "SY", {"Israel"}, {"इजरायल", "इज़राइल"}},
      {"SY", "IL", {"Syria"}, {"सीरिया"}},
      {"NL", "BE", {"Netherlands"}, {"नीदरलैंड"}},
      {"BE", "NL", {"Belgium"}, {"बेल्जियम"}},
      {"CH", "AT", {"Switzerland"}, {"स्विट्जरलैंड"}},
      {"AT", "CH", {"Austria"}, {"ऑस्ट्रिया"}},
      {"AF", "IR", {"Afghanistan"}, {"अफगानिस्तान"}},
      {"ZA", "NG", {}, {"दक्षिण अफ्रीका"}},
      {"NG", "GH", {"Nigeria"}, {"नाइजीरिया"}},
      {"GH", "NG", {"Ghana"}, {"घाना"}},
      {"KE", "UG", {"Kenya"}, {"केन्या"}},
      {"UG", "KE", {"Uganda"}, {"युगांडा"}},
      {"PL", "CZ", {"Poland"}, {"पोलैंड"}},
      {"CZ", "PL", {}, {}},
      {"PT", "ES", {"Portugal"}, {"पुर्तगाल"}},
      {"SG", "MY", {"Singapore"}, {"सिंगापुर"}},
      {"MY", "SG", {"Malaysia"}, {"मलेशिया"}},
      {"TH", "VN", {"Thailand"}, {"थाईलैंड"}},
      {"VN", "TH", {"Vietnam"}, {"वियतनाम"}},
  };
  return *table;
}

inline const CountryNames* FindCountry(std::string_view code) {
  for (const auto& c : Countries()) {
    if (code == c.code) return &c;
  }
  return nullptr;
}

inline constexpr std::string_view kEnMonths[] = {"January", "February", "March",     "April",
                                                 "May",     "June",     "July",      "August",
                                                 "September", "October", "November", "December"};
inline constexpr std::string_view kEnMonthsShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
inline constexpr std::string_view kHiMonths[] = {"जनवरी", "फरवरी",  "मार्च",    "अप्रैल",
                                                 "मई",    "जून",    "जुलाई",   "अगस्त",
                                                 "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"};
inline constexpr std::string_view kHiMonthsAlt[] = {"जनवरी", "फ़रवरी", "मार्च",    "अप्रेल",
                                                    "मई",    "जून",   "जुलाई",   "अगस्त",
                                                    "सितम्बर", "अक्तूबर", "नवम्बर", "दिसम्बर"};
inline constexpr std::string_view kEnWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};
inline constexpr std::string_view kHiWeekdays[] = {"सोमवार", "मंगलवार", "बुधवार", "गुरुवार",
                                                   "शुक्रवार", "शनिवार", "रविवार"};

// Ordinal words 3..10 (1 and 2 are ambiguous: "first", "second", "दूसरे" = "other").
struct OrdinalWord {
  int n;
  std::string_view word;
  std::string_view numeral;
};
inline const std::vector<OrdinalWord>& HindiOrdinals() {
  static const auto* table = new std::vector<OrdinalWord>{
      {3, "तीसरी", "3री"},    {3, "तीसरा", "3रा"},    {3, "तीसरे", "3रे"},
      {4, "चौथी", "4थी"},     {4, "चौथा", "4था"},     {4, "चौथे", "4थे"},
      {5, "पांचवीं", "5वीं"},  {5, "पांचवां", "5वां"},  {5, "पांचवें", "5वें"},
      {5, "पाँचवीं", "5वीं"},  {6, "छठी", "6ठी"},      {6, "छठा", "6ठा"},
      {6, "छठे", "6ठे"},      {7, "सातवीं", "7वीं"},   {7, "सातवां", "7वां"},
      {7, "सातवें", "7वें"},   {8, "आठवीं", "8वीं"},    {8, "आठवां", "8वां"},
      {8, "आठवें", "8वें"},    {9, "नौवीं", "9वीं"},    {9, "नौवां", "9वां"},
      {9, "नौवें", "9वें"},    {10, "दसवीं", "10वीं"},  {10, "दसवां", "10वां"},
      {10, "दसवें", "10वें"},
  };
  return *table;
}
inline const std::vector<OrdinalWord>& EnglishOrdinals() {
  static const auto* table = new std::vector<OrdinalWord>{
      {3, "third", "3rd"},   {4, "fourth", "4th"}, {5, "fifth", "5th"},   {6, "sixth", "6th"},
      {7, "seventh", "7th"}, {8, "eighth", "8th"}, {9, "ninth", "9th"},   {10, "tenth", "10th"},
      {11, "eleventh", "11th"}, {12, "twelfth", "12th"},
  };
  return *table;
}

// Latin letter -> its Devanagari letter name, as Hindi papers spell acronyms.
inline std::string DevanagariAcronym(std::string_view latin) {
  static constexpr std::string_view kNames[26] = {
      "ए", "बी", "सी", "डी", "ई", "एफ", "जी", "एच", "आई", "जे", "के", "एल", "एम",
      "एन", "ओ", "पी", "क्यू", "आर", "एस", "टी", "यू", "वी", "डब्ल्यू", "एक्स", "वाई", "जेड"};
  std::string out;
  for (char c : latin) {
    if (c < 'A' || c > 'Z') return "";
    out += kNames[c - 'A'];
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Small helpers.

inline bool AllAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline std::string ToDevanagariDigits(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    const int d = c - '0';  // U+0966 + d = E0 A5 A6+d
    out += '\xE0';
    out += '\xA5';
    out += static_cast<char>(0xA6 + d);
  }
  return out;
}

// "३०" -> "30"; "" when not all Devanagari digits.
inline std::string FromDevanagariDigits(std::string_view s) {
  if (s.empty() || s.size() % 3 != 0) return "";
  std::string out;
  for (size_t i = 0; i < s.size(); i += 3) {
    const auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
               b2 = static_cast<unsigned char>(s[i + 2]);
    if (b0 != 0xE0 || b1 != 0xA5 || b2 < 0xA6 || b2 > 0xAF) return "";
    out += static_cast<char>('0' + (b2 - 0xA6));
  }
  return out;
}

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
inline int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
inline Timestamp::Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}
// 0 = Monday .. 6 = Sunday.
inline int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

inline PlantedPair Replace(const std::string& text, ByteSpan span, std::string_view replacement) {
  PlantedPair p;
  p.a_text = text;
  p.b_text = text.substr(0, span.begin);
  p.b_text += replacement;
  p.b_text += text.substr(span.end);
  p.b_span = {span.begin, static_cast<uint32_t>(span.begin + replacement.size())};
  p.before = std::string(span.In(text));
  p.after = std::string(replacement);
  return p;
}

// Token indices of a fact, in order.
inline std::vector<uint32_t> FactTokens(const Fact& f) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < f.token_count; ++i) out.push_back(f.first_token + i);
  return out;
}

// Indices 0..n-1 in a seeded order, so each kind picks a random candidate.
inline std::vector<size_t> Shuffled(size_t n, Rng& rng) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.Next() % i]);
  return order;
}

// ------------------------------------------------------------------------------------------------
// The generator.

class Generator {
 public:
  // `base` is the article text both A and B start from (the dateline already added when needed);
  // `a`, `facts` its analysis; `reference` the date relative words are resolved against.
  Generator(const SourceArticle& article, const std::string& base, const AnalyzedText& a,
            const DocumentFacts& facts, Timestamp::Date reference)
      : article_(article), base_(base), a_(a), facts_(facts), reference_(reference) {}

  std::optional<PlantedPair> Plant(PlantKind kind, Rng& rng) const {
    std::optional<PlantedPair> p;
    switch (kind) {
      case PlantKind::kEntity: p = PlantEntity(rng); break;
      case PlantKind::kNumber: p = PlantNumber(rng); break;
      case PlantKind::kDate: p = PlantDate(rng); break;
      case PlantKind::kNegation: p = PlantNegation(rng); break;
      case PlantKind::kDigits: p = PlantDigits(rng); break;
      case PlantKind::kOrdinal: p = PlantOrdinal(rng); break;
      case PlantKind::kWeekday: p = PlantWeekday(rng); break;
      case PlantKind::kAcronym: p = PlantAcronym(rng); break;
    }
    if (p) {
      p->source_id = article_.id;
      p->kind = kind;
      p->conflict = IsConflictKind(kind);
    }
    return p;
  }

 private:
  std::string_view Tok(uint32_t i) const { return a_.Original(a_.tokens()[i]); }
  ByteSpan TokSpan(uint32_t i) const { return a_.tokens()[i].span; }

  // Not thread-safe: the evaluation runs on one thread.
  static const std::optional<EntityLink>& CachedLink(const std::string& name) {
    static auto* cache = new std::map<std::string, std::optional<EntityLink>>();
    auto it = cache->find(name);
    if (it == cache->end()) it = cache->emplace(name, LinkEntity(name)).first;
    return it->second;
  }

  std::optional<PlantedPair> PlantEntity(Rng& rng) const {
    const auto& facts = facts_.facts;
    for (size_t i : Shuffled(facts.size(), rng)) {
      const Fact& f = facts[i];
      if (f.kind != FactKind::kEntity || f.type != FactType::kPlace || f.confidence < 0.6f) continue;
      const CountryNames* from = FindCountry(f.value);
      if (!from) continue;
      const CountryNames* to = FindCountry(from->partner);
      if (!to) continue;
      const auto& from_names = article_.hindi ? from->hi : from->en;
      const auto& to_names = article_.hindi ? to->hi : to->en;
      if (to_names.empty()) continue;
      const std::string replacement(to_names.front());
      const auto& link = CachedLink(replacement);
      if (!link || link->id != to->code) continue;
      for (uint32_t t : FactTokens(f)) {
        if (std::find(from_names.begin(), from_names.end(), Tok(t)) == from_names.end()) continue;
        return Replace(base_, TokSpan(t), replacement);
      }
    }
    return std::nullopt;
  }

  std::optional<PlantedPair> PlantNumber(Rng& rng) const {
    const auto& facts = facts_.facts;
    for (size_t i : Shuffled(facts.size(), rng)) {
      const Fact& f = facts[i];
      if (f.kind != FactKind::kNumber || f.type == FactType::kOrdinal || f.confidence < 0.6f) continue;
      for (uint32_t t : FactTokens(f)) {
        const std::string_view s = Tok(t);
        if (!AllAsciiDigits(s) || s.size() > 9 || (s.size() > 1 && s[0] == '0')) continue;
        const long long n = std::stoll(std::string(s));
        long long delta =
            std::max<long long>(1, static_cast<long long>(double(n) * (0.05 + 0.25 * rng.Unit())));
        // Do not turn a count into something read as a year ("1700 GMT" -> "2019 GMT").
        const auto year_like = [](long long v) { return v >= 1800 && v <= 2100; };
        if (!year_like(n) && year_like(n + delta)) delta = 1;
        if (!year_like(n) && year_like(n + delta)) continue;
        // Nor into a figure the sentence already states ("2% to 3%" -> "3% to 3%"): which of
        // the two B tokens is "the" change would be ambiguous. Step on until it is new.
        while (SentenceHasToken(f.sentence, std::to_string(n + delta))) ++delta;
        return Replace(base_, TokSpan(t), std::to_string(n + delta));
      }
    }
    return std::nullopt;
  }

  bool SentenceHasToken(uint32_t sentence, std::string_view word) const {
    for (const Token& t : a_.TokensOf(a_.sentences()[sentence])) {
      const std::string_view o = a_.Original(t);
      if (o.substr(0, word.size()) != word) continue;
      if (o.size() == word.size()) return true;
      const char next = o[word.size()];
      if ((next < '0' || next > '9') && next != '.' && next != ',') return true;  // "3%", "3rd"
    }
    return false;
  }

  // Index of a month name in a token (0-11), or -1; `names` gets the table it came from.
  static int MonthIndex(std::string_view tok, const std::string_view** names) {
    for (const auto* table : {kEnMonths, kEnMonthsShort, kHiMonths, kHiMonthsAlt}) {
      for (int m = 0; m < 12; ++m) {
        if (tok == table[m]) {
          *names = table;
          return m;
        }
      }
    }
    return -1;
  }

  std::optional<PlantedPair> PlantDate(Rng& rng) const {
    const auto& facts = facts_.facts;
    for (size_t i : Shuffled(facts.size(), rng)) {
      const Fact& f = facts[i];
      if (f.kind != FactKind::kDate || f.relative || f.confidence < 0.6f) continue;
      if (f.type != FactType::kDay && f.type != FactType::kMonth) continue;
      const int shift = rng.Between(1, 3);
      if (f.type == FactType::kDay && f.value.size() >= 5) {
        const int day = std::atoi(f.value.substr(f.value.size() - 2).c_str());
        for (uint32_t t : FactTokens(f)) {
          const std::string_view s = Tok(t);
          if (!AllAsciiDigits(s) || s.size() > 2 || std::atoi(std::string(s).c_str()) != day) continue;
          // As for numbers: not onto a day the sentence already names (lists of dates).
          for (int k = 0; k < 3; ++k) {
            const int step = (shift - 1 + k) % 3 + 1;
            const int shifted = day + step <= 28 ? day + step : day - step;
            if (SentenceHasToken(f.sentence, std::to_string(shifted))) continue;
            return Replace(base_, TokSpan(t), std::to_string(shifted));
          }
          break;
        }
      }
      for (uint32_t t : FactTokens(f)) {
        const std::string_view* names = nullptr;
        const int m = MonthIndex(Tok(t), &names);
        if (m < 0) continue;
        const int shifted = m + shift <= 11 ? m + shift : m - shift;
        return Replace(base_, TokSpan(t), names[shifted]);
      }
    }
    return std::nullopt;
  }

  bool SentenceHasNegation(uint32_t sentence) const {
    for (const Fact& f : facts_.facts) {
      if (f.kind == FactKind::kNegation && f.sentence == sentence) return true;
    }
    return false;
  }
  int SentenceNegations(uint32_t sentence) const {
    int n = 0;
    for (const Fact& f : facts_.facts) n += f.kind == FactKind::kNegation && f.sentence == sentence;
    return n;
  }

  std::optional<PlantedPair> PlantNegation(Rng& rng) const {
    const bool prefer_removal = rng.Unit() < 0.35;
    std::optional<PlantedPair> insertion, removal;
    const auto sentences = a_.sentences();
    for (size_t si : Shuffled(sentences.size(), rng)) {
      const Sentence& s = sentences[si];
      if (s.headline || s.token_count < 6) continue;
      if (!removal) removal = RemoveNegation(static_cast<uint32_t>(si));
      if (!insertion) insertion = InsertNegation(static_cast<uint32_t>(si));
      if (insertion && removal) break;
    }
    if (prefer_removal && removal) return removal;
    return insertion ? insertion : removal;
  }

  std::optional<PlantedPair> InsertNegation(uint32_t si) const {
    const Sentence& s = a_.sentences()[si];
    if (SentenceHasNegation(si)) return std::nullopt;
    const uint32_t first = s.first_token, last = s.first_token + s.token_count;  // [first, last)
    const auto& tokens = a_.tokens();
    if (article_.hindi) {
      static const std::vector<std::string_view> kAux = {
          "है", "हैं", "था", "थी", "थे", "गया", "गई", "गए", "गयी", "रहा", "रही", "रहे", "हो",
          "हुआ", "हुई", "हुए", "किया", "की", "किए", "कर", "दिया", "दी", "दिए", "लिया", "ली",
          "जा", "जाएगा", "जाएगी", "सकता", "सकती", "सकते", "चुका", "चुकी", "चुके", "होगा", "होगी"};
      // The sentence ends with "।" (or "."), possibly after a space.
      uint32_t end = last;
      if (end > first && tokens[end - 1].kind == TokenKind::kPunctuation) --end;
      if (end == last) return std::nullopt;
      uint32_t start = end;
      while (start > first + 2 && tokens[start - 1].kind == TokenKind::kWord &&
             std::find(kAux.begin(), kAux.end(), Tok(start - 1)) != kAux.end()) {
        --start;
      }
      if (start == end || tokens[start - 1].kind != TokenKind::kWord) return std::nullopt;
      const uint32_t at = TokSpan(start).begin;
      PlantedPair p;
      p.a_text = base_;
      p.b_text = base_.substr(0, at) + "नहीं " + base_.substr(at);
      p.b_span = {at, static_cast<uint32_t>(at + std::string_view("नहीं").size())};
      p.before = std::string(a_.Original(s));
      p.after = "+नहीं before \"" + std::string(Tok(start)) + "\"";
      return p;
    }
    static const std::vector<std::string_view> kAux = {"is", "was", "are", "were", "will",
                                                       "would", "could", "should", "can"};
    static const std::vector<std::string_view> kPerfect = {"has", "have", "had"};
    for (uint32_t t = first; t + 1 < last; ++t) {
      if (tokens[t + 1].kind != TokenKind::kWord) continue;
      if (std::find(kAux.begin(), kAux.end(), Tok(t)) == kAux.end()) {
        // "has" only as an auxiliary: "has been", "had agreed" (not "had to", "has a").
        if (std::find(kPerfect.begin(), kPerfect.end(), Tok(t)) == kPerfect.end()) continue;
        const std::string_view next = Tok(t + 1);
        const bool participle = next == "been" || (next.size() > 3 && (next.ends_with("ed") ||
                                                                       next.ends_with("en")));
        if (!participle) continue;
      }
      const uint32_t at = TokSpan(t).end;
      PlantedPair p;
      p.a_text = base_;
      p.b_text = base_.substr(0, at) + " not" + base_.substr(at);
      p.b_span = {at + 1, at + 4};
      p.before = std::string(a_.Original(s));
      p.after = "+not after \"" + std::string(Tok(t)) + "\"";
      return p;
    }
    return std::nullopt;
  }

  std::optional<PlantedPair> RemoveNegation(uint32_t si) const {
    const Sentence& s = a_.sentences()[si];
    if (SentenceNegations(si) != 1) return std::nullopt;
    const uint32_t first = s.first_token, last = s.first_token + s.token_count;
    const auto& tokens = a_.tokens();
    const std::string_view cue = article_.hindi ? "नहीं" : "not";
    for (uint32_t t = first + 1; t + 1 < last; ++t) {
      if (Tok(t) != cue || tokens[t + 1].kind != TokenKind::kWord ||
          tokens[t - 1].kind != TokenKind::kWord) {
        continue;
      }
      if (!article_.hindi) {
        static const std::vector<std::string_view> kAux = {
            "is", "was", "are", "were", "will", "has", "have", "had", "would", "could",
            "should", "can", "did", "does", "do", "must", "may", "might"};
        if (std::find(kAux.begin(), kAux.end(), Tok(t - 1)) == kAux.end()) continue;
      }
      // Remove the cue and the space after it.
      const ByteSpan cut{TokSpan(t).begin, TokSpan(t + 1).begin};
      PlantedPair p;
      p.a_text = base_;
      p.b_text = base_.substr(0, cut.begin) + base_.substr(cut.end);
      const uint32_t removed = cut.size();
      p.b_span = {TokSpan(t - 1).begin, TokSpan(t + 1).end - removed};
      p.before = std::string(a_.Original(s));
      p.after = "-" + std::string(cue);
      p.removal = true;
      return p;
    }
    return std::nullopt;
  }

  std::optional<PlantedPair> PlantDigits(Rng& rng) const {
    if (!article_.hindi) return std::nullopt;
    const auto& facts = facts_.facts;
    for (size_t i : Shuffled(facts.size(), rng)) {
      const Fact& f = facts[i];
      if (f.kind != FactKind::kNumber || f.confidence < 0.6f) continue;
      for (uint32_t t : FactTokens(f)) {
        const std::string_view s = Tok(t);
        if (AllAsciiDigits(s)) return Replace(base_, TokSpan(t), ToDevanagariDigits(s));
        if (std::string ascii = FromDevanagariDigits(s); !ascii.empty()) {
          return Replace(base_, TokSpan(t), ascii);
        }
      }
    }
    return std::nullopt;
  }

  // Appends a sentence: `a_sentence` to A, `b_sentence` to B; the span covers `b_part` in B.
  PlantedPair Insert(const std::string& a_sentence, const std::string& b_sentence,
                     size_t b_part_offset, size_t b_part_size) const {
    PlantedPair p;
    p.inserted = true;
    std::string joined = base_;
    while (!joined.empty() && (joined.back() == '\n' || joined.back() == ' ')) joined.pop_back();
    joined += "\n\n";
    p.a_text = joined + a_sentence + "\n";
    p.b_text = joined + b_sentence + "\n";
    const auto at = static_cast<uint32_t>(joined.size() + b_part_offset);
    p.b_span = {at, static_cast<uint32_t>(at + b_part_size)};
    return p;
  }

  std::optional<PlantedPair> PlantOrdinal(Rng& rng) const {
    const auto& table = article_.hindi ? HindiOrdinals() : EnglishOrdinals();
    const auto tokens = a_.tokens();
    for (size_t i : Shuffled(tokens.size(), rng)) {
      const auto t = static_cast<uint32_t>(i);
      for (const OrdinalWord& o : table) {
        if (Tok(t) == o.word) {
          auto p = Replace(base_, TokSpan(t), o.numeral);
          return p;
        }
        if (Tok(t) == o.numeral) return Replace(base_, TokSpan(t), o.word);
      }
    }
    // None in the article: insert one of our sentences ("बैठक" is feminine: "छठी", not "छठे").
    std::vector<const OrdinalWord*> usable;
    for (const OrdinalWord& o : table) {
      if (!article_.hindi || o.word.ends_with("ी") || o.word.ends_with("ीं")) usable.push_back(&o);
    }
    const OrdinalWord& o = *usable[rng.Next() % usable.size()];
    const std::string word(o.word), numeral(o.numeral);
    std::string prefix, suffix;
    if (article_.hindi) {
      prefix = "अधिकारियों ने बताया कि इस विषय पर यह उनकी ";
      suffix = " बैठक थी।";
    } else {
      prefix = "Officials said it was the ";
      suffix = " meeting on the subject this year.";
    }
    auto p = Insert(prefix + word + suffix, prefix + numeral + suffix, prefix.size(), numeral.size());
    p.before = word;
    p.after = numeral;
    return p;
  }

  std::optional<PlantedPair> PlantWeekday(Rng& rng) const {
    const int64_t ref = DaysFromCivil(reference_.year, reference_.month, reference_.day);
    const int64_t day = ref - rng.Between(1, 6);
    const Timestamp::Date d = CivilFromDays(day);
    const int wd = Weekday(day);
    std::string absolute, weekday, prefix, suffix;
    if (article_.hindi) {
      absolute = std::to_string(d.day) + " " + std::string(kHiMonths[d.month - 1]) + " " +
                 std::to_string(d.year);
      weekday = std::string(kHiWeekdays[wd]);
      prefix = "अधिकारियों ने बताया कि इस विषय पर पिछली बैठक ";
      suffix = " को हुई थी।";
    } else {
      absolute = std::to_string(d.day) + " " + std::string(kEnMonths[d.month - 1]) + " " +
                 std::to_string(d.year);
      weekday = std::string(kEnWeekdays[wd]);
      prefix = "Officials said the last meeting on the subject was held on ";
      suffix = ".";
    }
    auto p = Insert(prefix + absolute + suffix, prefix + weekday + suffix, prefix.size(),
                    weekday.size());
    p.before = absolute;
    p.after = weekday;
    return p;
  }

  std::optional<PlantedPair> PlantAcronym(Rng& rng) const {
    const auto tokens = a_.tokens();
    for (size_t i : Shuffled(tokens.size(), rng)) {
      const Token& t = tokens[i];
      const std::string_view s = Tok(static_cast<uint32_t>(i));
      std::string other;
      if (t.flags & kAllCaps) {
        if (s.size() < 2 || s.size() > 6) continue;
        other = DevanagariAcronym(s);
      } else if (t.flags & kAcronymKey) {
        for (char c : a_.Key(t)) other += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
      }
      if (other.empty()) continue;
      const auto& l1 = CachedLink(std::string(s));
      const auto& l2 = CachedLink(other);
      if (!l1 || !l2 || l1->id != l2->id || l1->type != FactType::kOrganization) continue;
      return Replace(base_, t.span, other);
    }
    static const std::vector<std::string_view> kAcronyms = {"WHO", "UN", "SCO", "IMF", "EU"};
    std::vector<std::string> usable;
    for (std::string_view acr : kAcronyms) {
      const auto& l1 = CachedLink(std::string(acr));
      const auto& l2 = CachedLink(DevanagariAcronym(acr));
      if (l1 && l2 && l1->id == l2->id) usable.emplace_back(acr);
    }
    if (usable.empty()) return std::nullopt;
    const std::string latin = usable[rng.Next() % usable.size()];
    const std::string deva = DevanagariAcronym(latin);
    std::string prefix, suffix, a_form, b_form;
    if (article_.hindi) {
      prefix = "इस विषय पर ";
      suffix = " ने भी एक बयान जारी किया।";
      a_form = deva;
      b_form = latin;
    } else {
      prefix = "The ";
      suffix = " also issued a statement on the subject.";
      a_form = latin;
      b_form = deva;
    }
    auto p = Insert(prefix + a_form + suffix, prefix + b_form + suffix, prefix.size(), b_form.size());
    p.before = a_form;
    p.after = b_form;
    return p;
  }

  const SourceArticle& article_;
  const std::string& base_;
  const AnalyzedText& a_;
  const DocumentFacts& facts_;
  Timestamp::Date reference_;
};

// ------------------------------------------------------------------------------------------------
// Scoring.

struct KindScore {
  int pairs = 0;            // pairs generated of this kind
  int recalled = 0;         // conflict pairs: planted conflict found
  int flagged = 0;          // rewrite pairs: any conflict reported
  int agreed = 0;           // rewrite pairs: an agreement whose B side overlaps the span
  int same_value = 0;       // rewrite pairs: the facts stage reads both forms to one value
  int reported = 0;         // conflict findings of this fact kind (all pairs)
  int correct = 0;          // ... that match a plant of this kind
  int inserted = 0;         // pairs whose change sits in a sentence we inserted
  int removals = 0;         // negation pairs where a cue was removed ...
  int removals_recalled = 0;  // ... and found
};

struct LanguageScore {
  std::map<PlantKind, KindScore> kinds;
  int articles = 0;
  int conflict_pairs() const { return Sum(&KindScore::pairs, true); }
  int rewrite_pairs() const { return Sum(&KindScore::pairs, false); }
  int recalled() const { return Sum(&KindScore::recalled, true); }
  int flagged() const { return Sum(&KindScore::flagged, false); }
  int reported_all() const {
    int n = 0;
    for (const auto& [k, s] : kinds) n += s.reported;
    return n;
  }
  int correct_all() const {
    int n = 0;
    for (const auto& [k, s] : kinds) n += s.correct;
    return n;
  }
  int Sum(int KindScore::*field, bool conflict) const {
    int n = 0;
    for (const auto& [k, s] : kinds) {
      if (IsConflictKind(k) == conflict) n += s.*field;
    }
    return n;
  }
};

inline double Ratio(int num, int den) { return den == 0 ? 1.0 : double(num) / double(den); }

struct Evaluation {
  LanguageScore hindi, english;
  std::vector<std::string> failures;  // one line per miss or false alarm, for people
  int pairs_checked = 0;
  int bad_pairs = 0;                  // generator self-check failures (must be 0)
  int reconcile_errors = 0;

  LanguageScore Combined() const {
    LanguageScore all = hindi;
    all.articles += english.articles;
    for (const auto& [k, s] : english.kinds) {
      KindScore& t = all.kinds[k];
      t.pairs += s.pairs;
      t.recalled += s.recalled;
      t.flagged += s.flagged;
      t.agreed += s.agreed;
      t.same_value += s.same_value;
      t.reported += s.reported;
      t.correct += s.correct;
      t.inserted += s.inserted;
      t.removals += s.removals;
      t.removals_recalled += s.removals_recalled;
    }
    return all;
  }
};

inline bool Overlaps(ByteSpan x, ByteSpan y) { return x.begin < y.end && y.begin < x.end; }

inline std::string Excerpt(std::string_view text, ByteSpan span, size_t around = 60) {
  size_t b = span.begin > around ? span.begin - around : 0;
  size_t e = std::min(text.size(), size_t(span.end) + around);
  // Keep UTF-8 boundaries.
  while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
  while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  std::string out(text.substr(b, e - b));
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

inline std::string DescribeFinding(const Finding& f) {
  std::ostringstream out;
  out << FactKindName(f.kind) << " " << VerdictName(f.verdict) << " A[" << f.a.span.begin << ","
      << f.a.span.end << ")=\"" << (f.a.text.size() > 80 ? f.a.text.substr(0, 80) + "..." : f.a.text)
      << "\" (" << f.a.value << ") vs B[" << f.b.span.begin << "," << f.b.span.end << ")=\""
      << (f.b.text.size() > 80 ? f.b.text.substr(0, 80) + "..." : f.b.text) << "\" (" << f.b.value
      << ")";
  return out.str();
}

struct EvalOptions {
  size_t hindi_articles = 60;     // 0 = all
  size_t english_articles = 60;
  uint64_t seed = 20240410;
  size_t max_failures = 200;      // lines kept in Evaluation::failures
};

// Loads a corpus; empty when the file is missing or unreadable.
inline std::vector<SourceArticle> LoadArticles(const std::string& path, bool hindi) {
  std::vector<SourceArticle> out;
  JsonlOptions options;
  options.on_bad_line = OnBadLine::kSkip;
  auto result = ReadJsonlFile(path, options);
  if (!result.ok()) return out;
  for (auto& doc : result->documents) {
    out.push_back({std::move(doc.id), std::move(doc.text), doc.published, hindi});
  }
  return out;
}

// Evaluates one language: picks `count` articles in a seeded order and plants each kind in each.
inline void EvaluateLanguage(const std::vector<SourceArticle>& corpus, size_t count, Rng& rng,
                             const EvalOptions& options, LanguageScore& score, Evaluation& eval) {
  static const Analyzer analyzer;
  const auto order = Shuffled(corpus.size(), rng);
  const size_t n = count == 0 ? corpus.size() : std::min(count, corpus.size());
  ReconcileOptions rec;
  rec.within_documents = false;
  for (size_t oi = 0; oi < n; ++oi) {
    const SourceArticle& article = corpus[order[oi]];
    // Reference time: the metadata, else a dateline we add to both documents.
    std::string base = article.text;
    Timestamp::Date reference;
    if (article.published) {
      reference = article.published->LocalDate();
    } else {
      const int64_t days = DaysFromCivil(2024, 1, 1) + rng.Between(0, 365);
      reference = CivilFromDays(days);
      const std::string date = std::to_string(reference.day) + " " +
                               std::string(kEnMonths[reference.month - 1]) + " " +
                               std::to_string(reference.year);
      base = (article.hindi ? "अपडेटेड " + date + " at 09:00 IST" : "Updated " + date + " 09:00 IST") +
             "\n\n" + base;
    }
    auto analyzed_a = analyzer.Analyze(base);
    if (!analyzed_a.ok()) continue;
    FactOptions fact_options;
    fact_options.published = article.published;
    const DocumentFacts facts_a = ExtractFacts(*analyzed_a, fact_options);
    const Generator generator(article, base, *analyzed_a, facts_a, reference);
    ++score.articles;
    for (PlantKind kind : kAllKinds) {
      auto pair = generator.Plant(kind, rng);
      if (!pair) continue;
      ++eval.pairs_checked;
      // Self-check: B's change sits at the span; the rest is A's bytes (or A's inserted line).
      if (pair->b_span.end > pair->b_text.size() || pair->b_span.empty() ||
          pair->a_text == pair->b_text ||
          pair->b_text.compare(0, pair->b_span.begin, pair->a_text, 0, pair->b_span.begin) != 0) {
        ++eval.bad_pairs;
        continue;
      }
      KindScore& ks = score.kinds[kind];
      ++ks.pairs;
      ks.inserted += pair->inserted;
      // A changed in the insertion cases: analyze it again.
      std::optional<AnalyzedText> own_a;
      std::optional<DocumentFacts> own_facts_a;
      const AnalyzedText* text_a = &*analyzed_a;
      const DocumentFacts* facts_pa = &facts_a;
      if (pair->a_text != base) {
        auto r = analyzer.Analyze(pair->a_text);
        if (!r.ok()) continue;
        own_a = *std::move(r);
        own_facts_a = ExtractFacts(*own_a, fact_options);
        text_a = &*own_a;
        facts_pa = &*own_facts_a;
      }
      auto analyzed_b = analyzer.Analyze(pair->b_text);
      if (!analyzed_b.ok()) continue;
      const DocumentFacts facts_b = ExtractFacts(*analyzed_b, fact_options);
      const ReconcileDocument docs[] = {{article.id + "#A", text_a, facts_pa, "A"},
                                        {article.id + "#B", &*analyzed_b, &facts_b, "B"}};
      auto report = Reconcile(docs, rec);
      if (!report.ok()) {
        ++eval.reconcile_errors;
        continue;
      }
      bool recalled = false, any_conflict = false, agreed = false;
      std::vector<std::string> wrong;
      for (const Finding& f : report->findings) {
        if (f.verdict != Verdict::kConflict) {
          const FindingSide* b_side = f.b.doc == 1 ? &f.b : (f.a.doc == 1 ? &f.a : nullptr);
          agreed = agreed || (b_side && Overlaps(b_side->span, pair->b_span));
          continue;
        }
        any_conflict = true;
        const FindingSide* b_side = f.b.doc == 1 ? &f.b : (f.a.doc == 1 ? &f.a : nullptr);
        const bool hit = pair->conflict && f.kind == FactKindOf(kind) && b_side &&
                         Overlaps(b_side->span, pair->b_span);
        // Precision is per reported fact kind.
        PlantKind as_kind = PlantKind::kEntity;
        for (PlantKind k : kAllKinds) {
          if (IsConflictKind(k) && FactKindOf(k) == f.kind) as_kind = k;
        }
        KindScore& rk = score.kinds[as_kind];
        ++rk.reported;
        if (hit) {
          ++rk.correct;
          recalled = true;
        } else {
          wrong.push_back(DescribeFinding(f));
        }
      }
      if (pair->conflict) ks.recalled += recalled;
      ks.removals += pair->removal;
      ks.removals_recalled += pair->removal && recalled;
      if (!pair->conflict) ks.flagged += any_conflict;
      if (!pair->conflict) {
        ks.agreed += agreed;
        // Did the facts stage read the two forms at all, and to one value?
        const ByteSpan a_span{pair->b_span.begin,
                              static_cast<uint32_t>(pair->b_span.begin + pair->before.size())};
        bool same = false;
        for (const Fact& fa : facts_pa->facts) {
          if (!Overlaps(fa.span, a_span)) continue;
          for (const Fact& fb : facts_b.facts) {
            same = same || (Overlaps(fb.span, pair->b_span) && fb.kind == fa.kind &&
                            fb.value == fa.value);
          }
        }
        ks.same_value += same;
        if (!same && eval.failures.size() < options.max_failures) {
          eval.failures.push_back(std::string(article.hindi ? "[hi] " : "[en] ") + article.id +
                                  " " + std::string(PlantKindName(kind)) + ": \"" + pair->before +
                                  "\" -> \"" + pair->after +
                                  "\" | NOTE: the two forms are not read to one value");
        }
      }
      const bool missed = pair->conflict && !recalled;
      if ((missed || !wrong.empty()) && eval.failures.size() < options.max_failures) {
        std::ostringstream line;
        line << (article.hindi ? "[hi] " : "[en] ") << article.id << " " << PlantKindName(kind)
             << (pair->inserted ? " (inserted)" : "") << ": \"" << pair->before << "\" -> \""
             << pair->after << "\" at B[" << pair->b_span.begin << "," << pair->b_span.end
             << ") in \"" << Excerpt(pair->b_text, pair->b_span) << "\"";
        if (missed) line << " | MISSED";
        for (const auto& w : wrong) line << " | FALSE: " << w;
        if (missed) {
          int shown = 0;
          for (const Finding& f : report->findings) {
            if (f.verdict == Verdict::kAgreement && shown++ < 2) line << " | also: " << DescribeFinding(f);
          }
        }
        eval.failures.push_back(line.str());
      }
    }
  }
}

// Runs the whole evaluation on the corpora under `shared_dir`/data. Corpora that are missing
// contribute nothing (check LanguageScore::articles).
inline Evaluation Evaluate(const std::string& shared_dir, const EvalOptions& options) {
  Evaluation eval;
  Rng rng(options.seed);
  const auto hindi = LoadArticles(shared_dir + "/data/hindi-covid-news/articles.jsonl", true);
  const auto english = LoadArticles(shared_dir + "/data/bbc-news-en/articles.jsonl", false);
  EvaluateLanguage(hindi, options.hindi_articles, rng, options, eval.hindi, eval);
  EvaluateLanguage(english, options.english_articles, rng, options, eval.english, eval);
  return eval;
}

// A Markdown table of the figures, per kind and overall, Hindi and English separately.
inline std::string FormatTable(const Evaluation& eval) {
  std::ostringstream out;
  char buf[256];
  out << "| language | kind | pairs | inserted | recall | precision | flagged | agreement | same value |\n"
         "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  auto row = [&](const char* lang, const LanguageScore& s) {
    for (PlantKind k : kAllKinds) {
      auto it = s.kinds.find(k);
      if (it == s.kinds.end()) continue;
      const KindScore& ks = it->second;
      if (IsConflictKind(k)) {
        std::snprintf(buf, sizeof(buf), "| %s | %s | %d | %d | %.3f (%d/%d) | %.3f (%d/%d) | | | |\n",
                      lang, std::string(PlantKindName(k)).c_str(), ks.pairs, ks.inserted,
                      Ratio(ks.recalled, ks.pairs), ks.recalled, ks.pairs,
                      Ratio(ks.correct, ks.reported), ks.correct, ks.reported);
      } else {
        std::snprintf(buf, sizeof(buf),
                      "| %s | %s (rewrite) | %d | %d | | | %.3f (%d/%d) | %.3f (%d/%d) | %.3f (%d/%d) |\n",
                      lang, std::string(PlantKindName(k)).c_str(), ks.pairs, ks.inserted,
                      Ratio(ks.flagged, ks.pairs), ks.flagged, ks.pairs,
                      Ratio(ks.agreed, ks.pairs), ks.agreed, ks.pairs,
                      Ratio(ks.same_value, ks.pairs), ks.same_value, ks.pairs);
      }
      out << buf;
    }
    if (auto it = s.kinds.find(PlantKind::kNegation); it != s.kinds.end()) {
      const KindScore& ks = it->second;
      const int added = ks.pairs - ks.removals;
      std::snprintf(buf, sizeof(buf),
                    "| %s | negation: added / removed | %d / %d | | %.3f / %.3f | | | | |\n", lang,
                    added, ks.removals, Ratio(ks.recalled - ks.removals_recalled, added),
                    Ratio(ks.removals_recalled, ks.removals));
      out << buf;
    }
    std::snprintf(buf, sizeof(buf),
                  "| %s | **all** (%d articles) | %d + %d | | **%.3f** (%d/%d) | **%.3f** (%d/%d) | "
                  "**%.3f** (%d/%d) | | |\n",
                  lang, s.articles, s.conflict_pairs(), s.rewrite_pairs(),
                  Ratio(s.recalled(), s.conflict_pairs()), s.recalled(), s.conflict_pairs(),
                  Ratio(s.correct_all(), s.reported_all()), s.correct_all(), s.reported_all(),
                  Ratio(s.flagged(), s.rewrite_pairs()), s.flagged(), s.rewrite_pairs());
    out << buf;
  };
  row("hi", eval.hindi);
  row("en", eval.english);
  row("both", eval.Combined());
  return out.str();
}

}  // namespace crossdoc::quality
