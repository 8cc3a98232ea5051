// ExtractFacts(): numbers, dates, entities and negations of an analyzed text, read token by
// token from left to right; dates first (they contain numbers), then numbers, entities, negation.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/facts.h"
#include "facts/gazetteer.h"
#include "facts/lexicon.h"

namespace crossdoc {

using facts_internal::CivilFromDays;
using facts_internal::DaysFromCivil;
using facts_internal::FormatDay;
using facts_internal::FormatYmd;
using facts_internal::Gazetteer;
using facts_internal::GazetteerEntry;
using facts_internal::Lexicon;
using facts_internal::NumberWord;
using facts_internal::RelativeUnit;
using facts_internal::ValidDate;
using facts_internal::WeekdayOfDays;

std::string_view FactKindName(FactKind kind) {
  switch (kind) {
    case FactKind::kEntity: return "entity";
    case FactKind::kNumber: return "number";
    case FactKind::kDate: return "date";
    case FactKind::kNegation: return "negation";
  }
  return "unknown";
}

std::string_view FactTypeName(FactType type) {
  switch (type) {
    case FactType::kPlace: return "place";
    case FactType::kOrganization: return "organization";
    case FactType::kName: return "name";
    case FactType::kCardinal: return "cardinal";
    case FactType::kOrdinal: return "ordinal";
    case FactType::kPercent: return "percent";
    case FactType::kQuantity: return "quantity";
    case FactType::kDay: return "day";
    case FactType::kMonth: return "month";
    case FactType::kYear: return "year";
    case FactType::kDateRange: return "date_range";
    case FactType::kNegation: return "negation";
  }
  return "unknown";
}

std::string_view ReferenceSourceName(ReferenceSource source) {
  switch (source) {
    case ReferenceSource::kNone: return "none";
    case ReferenceSource::kMetadata: return "metadata";
    case ReferenceSource::kDateline: return "dateline";
  }
  return "none";
}

namespace {

constexpr const char* kWeekdayNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

int64_t LocalDays(const Timestamp& t) {
  const int64_t local = t.unix_seconds + int64_t{t.utc_offset_minutes} * 60;
  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

// A number written with digits: "1,20,000", "3.5", "6वीं", "45%", "12km".
struct DigitNumber {
  double value = 0;
  int int_digits = 0;
  bool grouped = false;
  bool decimal = false;
  std::string_view suffix;
};

std::optional<DigitNumber> ParseDigits(std::string_view s) {
  DigitNumber n;
  size_t i = 0;
  double v = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      ++n.int_digits;
      ++i;
    } else if (c == ',' && n.int_digits > 0 && i + 1 < s.size() && s[i + 1] >= '0' &&
               s[i + 1] <= '9') {
      n.grouped = true;
      ++i;
    } else {
      break;
    }
  }
  if (n.int_digits == 0) return std::nullopt;
  if (i + 1 < s.size() && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
    ++i;
    double scale = 0.1;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    n.decimal = true;
  }
  n.value = v;
  n.suffix = s.substr(i);
  return n;
}

std::string FormatNumber(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(std::llround(v)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string OrdinalValue(double v) {
  const int64_t n = std::llround(v);
  const int64_t last2 = n % 100;
  const int64_t last = n % 10;
  const char* suffix = "th";
  if (last2 < 11 || last2 > 13) {
    if (last == 1) suffix = "st";
    if (last == 2) suffix = "nd";
    if (last == 3) suffix = "rd";
  }
  return absl::StrCat(n, suffix);
}

bool IsOrdinalSuffix(std::string_view suffix) {
  static const std::string* const kHindi = [] {
    static std::string s[] = {Normalize("वां"), Normalize("वीं"), Normalize("वें"), Normalize("वा"),
                              Normalize("वी"),  Normalize("वे"),  Normalize("ठी"),  Normalize("ठा"),
                              Normalize("ठे"),  Normalize("था"),  Normalize("थी"),  Normalize("रा"),
                              Normalize("री"),  Normalize("ला"),  Normalize("ली")};
    return s;
  }();
  if (suffix == "th" || suffix == "st" || suffix == "nd" || suffix == "rd") return true;
  for (int i = 0; i < 15; ++i) {
    if (suffix == kHindi[i]) return true;
  }
  return false;
}

struct Tense {
  bool past = false;         // any past marker: "said", "-ed", "ने", "किया"
  bool strong_past = false;  // an unambiguous past auxiliary: "was", "had", "था", "थी"
  bool future = false;       // "will", "होगी", "करेगा"
  // Future when a future marker is present and no past auxiliary; past when a past marker is
  // present and no future one; otherwise unknown ("said it will" is future, which is right for
  // the reported event).
  bool IsFuture() const { return future && !strong_past; }
  bool IsPast() const { return past && !future; }
};

struct DatePoint {
  int year = 0;  // 0 = not given
  int month = 0;
  int day = 0;   // 0 = not given
  size_t last = 0;  // index into words of the last word used
};

class SentenceExtractor {
 public:
  SentenceExtractor(const AnalyzedText& text, uint32_t sentence_index, const FactOptions& options,
                    const std::optional<Timestamp>& reference, std::string_view reference_label,
                    std::vector<Fact>* out)
      : text_(text),
        tokens_(text.tokens()),
        lex_(Lexicon::Get()),
        gaz_(Gazetteer::Get()),
        options_(options),
        reference_label_(reference_label),
        sentence_(sentence_index),
        out_(out) {
    if (reference) ref_day_ = LocalDays(*reference);
    const Sentence& s = text.sentences()[sentence_index];
    for (uint32_t i = s.first_token; i < s.first_token + s.token_count; ++i) {
      if (tokens_[i].IsWordLike()) words_.push_back(i);
    }
    used_.assign(words_.size(), false);
  }

  void Run() {
    if (words_.empty()) return;
    for (size_t k = 0; k < words_.size(); ++k) {
      if (!used_[k]) TryDate(k);
    }
    for (size_t k = 0; k < words_.size(); ++k) {
      if (!used_[k]) TryNumber(k);
    }
    for (size_t k = 0; k < words_.size(); ++k) {
      if (!used_[k]) TryEntity(k);
    }
    if (options_.negation) {
      for (size_t k = 0; k < words_.size(); ++k) {
        if (!used_[k]) TryNegation(k);
      }
    }
  }

 private:
  // ---- token helpers -------------------------------------------------------------------------
  const Token& W(size_t k) const { return tokens_[words_[k]]; }
  std::string_view N(size_t k) const { return text_.Normalized(W(k)); }
  std::string_view O(size_t k) const { return text_.Original(W(k)); }
  bool Has(size_t k) const { return k < words_.size(); }
  bool Capitalized(size_t k) const {
    const std::string_view o = O(k);
    return !o.empty() && o[0] >= 'A' && o[0] <= 'Z';
  }
  bool IsLatin(size_t k) const { return W(k).Has(kLatin); }
  // Original bytes between word k and word k+1.
  std::string_view Gap(size_t k) const {
    const uint32_t e = W(k).span.end;
    const uint32_t b = W(k + 1).span.begin;
    return b > e ? text_.text().substr(e, b - e) : std::string_view();
  }
  // Normalized punctuation tokens between word k and word k+1, concatenated, white space dropped.
  std::string PunctBetween(size_t k) const {
    std::string p;
    for (uint32_t i = words_[k] + 1; i < words_[k + 1]; ++i) p.append(text_.Normalized(tokens_[i]));
    return p;
  }
  // Previous token (any kind) is a word joined to this one by a hyphen ("KAZIND-2023").
  bool JoinedFromWord(size_t k) const {
    const uint32_t i = words_[k];
    if (i == 0) return false;
    // The joining hyphen may be a token of its own or not; look back past it.
    uint32_t j = i - 1;
    if (!tokens_[j].IsWordLike() && text_.Normalized(tokens_[j]) == "-" && j > 0 &&
        tokens_[j].span.begin == tokens_[j - 1].span.end && tokens_[j].span.end == W(k).span.begin) {
      --j;
    }
    return tokens_[j].Has(kJoinedToNext) && tokens_[j].kind == TokenKind::kWord;
  }
  bool JoinedToNext(size_t k) const { return W(k).Has(kJoinedToNext); }

  ByteSpan SpanOf(size_t first, size_t last) const {
    return ByteSpan{W(first).span.begin, W(last).span.end};
  }

  void Emit(FactKind kind, FactType type, size_t first, size_t last, std::string value,
            float confidence, bool relative = false, std::string note = {}) {
    Fact f;
    f.kind = kind;
    f.type = type;
    f.span = SpanOf(first, last);
    f.sentence = sentence_;
    f.first_token = words_[first];
    f.token_count = words_[last] - words_[first] + 1;
    f.value = std::move(value);
    f.confidence = confidence;
    f.relative = relative;
    f.note = std::move(note);
    out_->push_back(std::move(f));
    for (size_t k = first; k <= last; ++k) used_[k] = true;
  }
  // Extends a fact's span over a following token (a "%" sign) that is not a word.
  void ExtendLastTo(uint32_t token_index) {
    Fact& f = out_->back();
    f.span.end = tokens_[token_index].span.end;
    f.token_count = token_index - f.first_token + 1;
  }

  const Tense& SentenceTense() {
    if (!tense_) {
      Tense t;
      for (size_t k = 0; k < words_.size(); ++k) {
        t.past = t.past || lex_.PastMarker(N(k));
        t.strong_past = t.strong_past || lex_.StrongPastMarker(N(k));
        t.future = t.future || lex_.FutureMarker(N(k));
      }
      tense_ = t;
    }
    return *tense_;
  }

  // ---- dates ---------------------------------------------------------------------------------
  std::optional<int> DayAt(size_t k) const {
    if (!Has(k) || W(k).kind != TokenKind::kNumber || used_[k]) return std::nullopt;
    auto d = ParseDigits(N(k));
    if (!d || d->grouped || d->decimal || d->int_digits > 2) return std::nullopt;
    if (!(d->suffix.empty() || d->suffix == "th" || d->suffix == "st" || d->suffix == "nd" ||
          d->suffix == "rd")) {
      return std::nullopt;
    }
    if (d->value < 1 || d->value > 31) return std::nullopt;
    return static_cast<int>(d->value);
  }
  int MonthAt(size_t k) const {
    if (!Has(k) || used_[k]) return 0;
    bool english = false;
    const int m = lex_.Month(N(k), &english);
    if (m == 0) return 0;
    if (english && !Capitalized(k)) return 0;  // "may", "march" as verbs
    return m;
  }
  std::optional<int> YearAt(size_t k) const {
    if (!Has(k) || W(k).kind != TokenKind::kNumber || used_[k]) return std::nullopt;
    auto d = ParseDigits(N(k));
    if (!d || d->grouped || d->decimal || d->int_digits != 4 || !d->suffix.empty()) {
      return std::nullopt;
    }
    if (d->value < 1000 || d->value > 2999) return std::nullopt;
    return static_cast<int>(d->value);
  }
  // Only white space or a comma (or a period after an abbreviation) between k and k+1.
  bool LooseGap(size_t k) const {
    const std::string p = PunctBetween(k);
    return p.empty() || p == "," || p == ".";
  }

  // "8 अप्रैल 2024", "17 अक्टूबर, 2023", "10 April", "April 10, 2024", "अप्रैल 2024".
  std::optional<DatePoint> PointAt(size_t k) const {
    DatePoint p;
    if (auto day = DayAt(k); day && Has(k + 1) && LooseGap(k) && PunctBetween(k) != ",") {
      if (const int m = MonthAt(k + 1)) {
        p.day = *day;
        p.month = m;
        p.last = k + 1;
        if (Has(k + 2) && LooseGap(k + 1)) {
          if (auto y = YearAt(k + 2)) {
            p.year = *y;
            p.last = k + 2;
          }
        }
        return p;
      }
    }
    if (const int m = MonthAt(k)) {
      if (Has(k + 1) && LooseGap(k)) {
        if (auto day = DayAt(k + 1); day && !YearAt(k + 1)) {
          p.month = m;
          p.day = *day;
          p.last = k + 1;
          if (Has(k + 2) && LooseGap(k + 1)) {
            if (auto y = YearAt(k + 2)) {
              p.year = *y;
              p.last = k + 2;
            }
          }
          return p;
        }
        if (auto y = YearAt(k + 1)) {
          p.month = m;
          p.year = *y;
          p.last = k + 1;
          return p;
        }
      }
    }
    return std::nullopt;
  }

  // A range connector after word k: a word ("से", "to") -> returns the index of the word after
  // it; a dash between k and k+1 -> k+1. 0 when none.
  size_t ConnectorAfter(size_t k) const {
    if (!Has(k + 1)) return 0;
    const std::string p = PunctBetween(k);
    if (p == "-" || p == "–" || p == "—") return k + 1;
    if (p.empty() && lex_.RangeWord(N(k + 1)) && Has(k + 2)) return k + 2;
    return 0;
  }

  // Year for a day and month written without one: the reference year, or the year before when
  // that would put the date more than 45 days after the reference.
  std::optional<int> InferYear(int month, int day) const {
    if (!ref_day_) return std::nullopt;
    int64_t y;
    int m, d;
    CivilFromDays(*ref_day_, &y, &m, &d);
    int year = static_cast<int>(y);
    if (ValidDate(year, month, day) && DaysFromCivil(year, month, day) > *ref_day_ + 45) --year;
    return year;
  }

  void TryDate(size_t k) {
    if (TryNumericDate(k)) return;
    if (auto p = PointAt(k)) {
      // Range: "30 अक्टूबर से 11 नवम्बर, 2023", "30 October - 11 November 2023".
      if (p->day != 0) {
        if (size_t n = ConnectorAfter(p->last)) {
          if (auto q = PointAt(n); q && q->day != 0) {
            EmitRange(k, *p, *q);
            return;
          }
        }
      }
      EmitPoint(k, *p);
      return;
    }
    // "30 से 31 अक्टूबर 2023", "30-31 October".
    if (auto d1 = DayAt(k)) {
      if (size_t n = ConnectorAfter(k)) {
        if (auto q = PointAt(n); q && q->day != 0 && q->day > *d1) {
          DatePoint p;
          p.day = *d1;
          p.month = q->month;
          p.year = q->year;
          p.last = k;
          EmitRange(k, p, *q);
          return;
        }
      }
    }
    if (TryRelativeDate(k)) return;
    // A year on its own: "2023 में", "in 2023". Not "KAZIND-2023", "2023-24", "2023 km".
    if (auto y = YearAt(k); y && !JoinedFromWord(k) && !JoinedToNext(k)) {
      if (Has(k + 1) && (lex_.PercentWord(N(k + 1)) || !lex_.UnitWord(N(k + 1)).empty() ||
                         lex_.Number(N(k + 1)) != nullptr)) {
        return;
      }
      if (Has(k + 1) && PunctBetween(k) == "%") return;
      if (*y < 1900 || *y > 2099) return;
      Emit(FactKind::kDate, FactType::kYear, k, k, absl::StrCat(*y), 0.7f);
    }
  }

  void EmitPoint(size_t k, const DatePoint& p) {
    if (p.day == 0) {
      Emit(FactKind::kDate, FactType::kMonth, k, p.last,
           absl::StrCat(p.year, "-", p.month < 10 ? "0" : "", p.month), 1.0f);
      return;
    }
    if (p.year != 0) {
      if (!ValidDate(p.year, p.month, p.day)) return;
      Emit(FactKind::kDate, FactType::kDay, k, p.last, FormatYmd(p.year, p.month, p.day), 1.0f);
      return;
    }
    if (!ValidDate(2000, p.month, p.day)) return;  // 2000 is a leap year: 29 February passes
    if (auto y = InferYear(p.month, p.day); y && ValidDate(*y, p.month, p.day)) {
      Emit(FactKind::kDate, FactType::kDay, k, p.last, FormatYmd(*y, p.month, p.day), 0.75f,
           false, absl::StrCat("year ", *y, " taken from the ", facts_internal::AV(reference_label_)));
      return;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "--%02d-%02d", p.month, p.day);
    Emit(FactKind::kDate, FactType::kDay, k, p.last, buf, 0.9f, false, "year not given");
  }

  void EmitRange(size_t k, DatePoint p, DatePoint q) {
    float confidence = 1.0f;
    std::string note;
    if (q.year == 0) {
      auto y = InferYear(q.month, q.day);
      if (!y) return;  // a range without any year and no reference: too vague to compare
      q.year = *y;
      confidence = 0.75f;
      note = absl::StrCat("year ", *y, " taken from the ", facts_internal::AV(reference_label_));
    }
    if (p.year == 0) p.year = p.month > q.month ? q.year - 1 : q.year;
    if (!ValidDate(p.year, p.month, p.day) || !ValidDate(q.year, q.month, q.day)) return;
    const int64_t a = DaysFromCivil(p.year, p.month, p.day);
    const int64_t b = DaysFromCivil(q.year, q.month, q.day);
    if (b <= a || b - a > 400) return;
    Emit(FactKind::kDate, FactType::kDateRange, k, q.last,
         absl::StrCat(FormatDay(a), "/", FormatDay(b)), confidence, false, std::move(note));
  }

  // "2024-04-08", "08/04/2024", "08.04.2024", as one token or as three touching ones.
  bool TryNumericDate(size_t k) {
    if (W(k).kind != TokenKind::kNumber || JoinedFromWord(k)) return false;
    int f[3];
    int digits[3];
    size_t last = k;
    auto parse_field = [](std::string_view s, int* value, int* n) {
      if (s.empty() || s.size() > 4) return false;
      int v = 0;
      for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
      }
      *value = v;
      *n = static_cast<int>(s.size());
      return true;
    };
    const std::string_view n0 = N(k);
    const size_t sep1 = n0.find_first_of("/-.");
    if (sep1 != std::string_view::npos) {
      const char sep = n0[sep1];
      const size_t sep2 = n0.find(sep, sep1 + 1);
      if (sep2 == std::string_view::npos) return false;
      if (!parse_field(n0.substr(0, sep1), &f[0], &digits[0]) ||
          !parse_field(n0.substr(sep1 + 1, sep2 - sep1 - 1), &f[1], &digits[1]) ||
          !parse_field(n0.substr(sep2 + 1), &f[2], &digits[2])) {
        return false;
      }
    } else {
      if (!Has(k + 2)) return false;
      const std::string_view g1 = Gap(k), g2 = Gap(k + 1);
      if (g1.size() != 1 || g1 != g2 || (g1 != "/" && g1 != "-" && g1 != ".")) return false;
      if (W(k + 1).kind != TokenKind::kNumber || W(k + 2).kind != TokenKind::kNumber) return false;
      if (!parse_field(N(k), &f[0], &digits[0]) || !parse_field(N(k + 1), &f[1], &digits[1]) ||
          !parse_field(N(k + 2), &f[2], &digits[2])) {
        return false;
      }
      last = k + 2;
    }
    int year, month, day;
    float confidence = 1.0f;
    if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2) {
      year = f[0];
      month = f[1];
      day = f[2];
    } else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2) {
      year = f[2];
      const int a = f[0], b = f[1];
      if (a > 12 && b <= 12) {
        day = a;
        month = b;
      } else if (a <= 12 && b > 12) {
        month = a;
        day = b;
      } else if (options_.numeric_month_first) {
        month = a;
        day = b;
        confidence = a == b ? 1.0f : 0.8f;
      } else {
        day = a;
        month = b;
        confidence = a == b ? 1.0f : 0.8f;
      }
    } else {
      return false;
    }
    if (year < 1000 || !ValidDate(year, month, day)) return false;
    Emit(FactKind::kDate, FactType::kDay, k, last, FormatYmd(year, month, day), confidence, false,
         confidence < 1.0f ? (options_.numeric_month_first ? "numeric date read month first"
                                                           : "numeric date read day first")
                           : "");
    return true;
  }

  bool TryRelativeDate(size_t k) {
    const std::string_view n = N(k);
    // Weekday, with an optional modifier before it: "सोमवार को", "on Monday", "last Friday".
    bool english = false;
    if (const int wd = lex_.Weekday(n, &english); wd >= 0) {
      if (english && !Capitalized(k)) return false;
      used_[k] = true;  // resolved or not, the weekday is no name or number
      if (!ref_day_) return true;  // unresolvable: not a fact
      std::optional<int> modifier;
      size_t first = k;
      if (k > 0 && !used_[k - 1]) {
        modifier = lex_.RelativeModifier(N(k - 1));
        if (modifier) first = k - 1;
      }
      const Tense& tense = SentenceTense();
      const int ref_wd = WeekdayOfDays(*ref_day_);
      bool future;
      float confidence;
      if (modifier && *modifier != 0) {
        future = *modifier > 0;
        confidence = 0.85f;
      } else if (tense.future && !tense.IsFuture()) {
        return true;  // "was to ... will": the tense does not decide
      } else {
        future = tense.IsFuture();
        confidence = tense.past || tense.future ? 0.9f : 0.7f;
      }
      int64_t day;
      if (future) {
        int ahead = (wd - ref_wd + 7) % 7;
        if (ahead == 0) ahead = 7;
        day = *ref_day_ + ahead;
      } else {
        int back = (ref_wd - wd + 7) % 7;
        if (back == 0 && modifier && *modifier < 0) back = 7;
        day = *ref_day_ - back;
      }
      Emit(FactKind::kDate, FactType::kDay, first, k, FormatDay(day), confidence, true,
           absl::StrCat(kWeekdayNames[wd], future ? " after the " : " on or before the ",
                        facts_internal::AV(reference_label_), " (", kWeekdayNames[ref_wd], " ", FormatDay(*ref_day_),
                        ")"));
      return true;
    }
    int offset = 0;
    bool tense_decides = false;
    if (lex_.DayWord(n, &offset, &tense_decides)) {
      if (JoinedFromWord(k) || JoinedToNext(k)) return false;  // "कल-कारखाने"
      if (!ref_day_) return true;
      float confidence = 0.9f;
      if (tense_decides) {
        const Tense& tense = SentenceTense();
        used_[k] = true;
        if (tense.IsFuture() == tense.IsPast()) return true;  // कल: yesterday or tomorrow?
        if (tense.IsPast()) offset = -offset;
        confidence = 0.8f;
      } else if (offset == 0) {
        confidence = IsLatin(k) ? 0.6f : 0.7f;  // "today" is also "nowadays"
      }
      Emit(FactKind::kDate, FactType::kDay, k, k, FormatDay(*ref_day_ + offset), confidence, true,
           absl::StrCat(offset == 0 ? "the day of the " : offset < 0 ? "days before the "
                                                                     : "days after the ",
                        facts_internal::AV(reference_label_), " (", FormatDay(*ref_day_), ")"));
      return true;
    }
    // "पिछले साल", "last year", "इस महीने", "next month".
    if (auto modifier = lex_.RelativeModifier(n); modifier && Has(k + 1) && PunctBetween(k).empty()) {
      std::string_view unit_word = N(k + 1);
      if (unit_word.ends_with("'s")) unit_word.remove_suffix(2);
      auto unit = lex_.RelativeUnitWord(unit_word);
      if (!unit || *unit == RelativeUnit::kDay || *unit == RelativeUnit::kWeek) return false;
      if (english && !IsLatin(k)) return false;
      if (!ref_day_) return true;
      int64_t y;
      int m, d;
      CivilFromDays(*ref_day_, &y, &m, &d);
      const char* which = *modifier < 0 ? "before" : *modifier > 0 ? "after" : "of";
      if (*unit == RelativeUnit::kYear) {
        Emit(FactKind::kDate, FactType::kYear, k, k + 1, absl::StrCat(y + *modifier), 0.9f, true,
             absl::StrCat("the year ", which, " the ", facts_internal::AV(reference_label_), " (",
                          FormatDay(*ref_day_), ")"));
      } else {
        int64_t total = y * 12 + (m - 1) + *modifier;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(total / 12),
                      static_cast<int>(total % 12) + 1);
        Emit(FactKind::kDate, FactType::kMonth, k, k + 1, buf, 0.9f, true,
             absl::StrCat("the month ", which, " the ", facts_internal::AV(reference_label_), " (",
                          FormatDay(*ref_day_), ")"));
      }
      return true;
    }
    return false;
  }

  // ---- numbers -------------------------------------------------------------------------------
  void TryNumber(size_t k) {
    if (W(k).kind == TokenKind::kNumber) {
      TryDigitNumber(k);
    } else {
      TryNumberWords(k);
    }
  }

  // Scale words, then a percent sign or word or a unit, after the number ending at word *last.
  // Returns the final value and type; *last and *extra_token (a trailing "%" token) are updated.
  void ReadTail(size_t* last, double* value, FactType* type, std::string* unit,
                int64_t* percent_token) {
    size_t j = *last;
    while (Has(j + 1) && !used_[j + 1] && PunctBetween(j).empty()) {
      const NumberWord* w = lex_.Number(N(j + 1));
      if (w == nullptr || w->role != NumberWord::Role::kScale || w->ordinal) break;
      *value *= w->value;
      ++j;
    }
    *last = j;
    *percent_token = -1;
    // "45%" written with a separate sign, or "45 %".
    for (uint32_t i = words_[j] + 1; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (t.IsWordLike() || t.sentence != sentence_) break;
      const std::string_view tn = text_.Normalized(t);
      if (tn == "%") {
        *type = FactType::kPercent;
        *percent_token = i;
        return;
      }
      if (tn != " ") break;
    }
    if (Has(j + 1) && !used_[j + 1] && PunctBetween(j).empty()) {
      const std::string_view next = N(j + 1);
      if (lex_.PercentWord(next)) {
        *type = FactType::kPercent;
        *last = j + 1;
        return;
      }
      if (next == "per" && Has(j + 2) && N(j + 2) == "cent") {
        *type = FactType::kPercent;
        *last = j + 2;
        return;
      }
      const std::string_view u = lex_.UnitWord(next);
      if (!u.empty() && u != "rupees" && u != "dollars") {
        *type = FactType::kQuantity;
        *unit = std::string(u);
        *last = j + 1;
        return;
      }
      if (u == "rupees" || u == "dollars") {
        *type = FactType::kQuantity;
        *unit = std::string(u);
        *last = j + 1;
        return;
      }
    }
  }

  void EmitNumber(size_t first, size_t last, double value, FactType type, const std::string& unit,
                  float confidence, int64_t percent_token) {
    std::string v;
    switch (type) {
      case FactType::kOrdinal: v = OrdinalValue(value); break;
      case FactType::kPercent: v = FormatNumber(value) + "%"; break;
      case FactType::kQuantity: v = absl::StrCat(FormatNumber(value), " ", unit); break;
      default: v = FormatNumber(value); break;
    }
    Emit(FactKind::kNumber, type, first, last, std::move(v), confidence);
    if (percent_token >= 0) ExtendLastTo(static_cast<uint32_t>(percent_token));
  }

  // A currency sign or word right before the number: "₹ 500", "Rs 500", "$5".
  std::string CurrencyBefore(size_t k) const {
    const uint32_t i = words_[k];
    if (i > 0) {
      const std::string_view prev = text_.Normalized(tokens_[i - 1]);
      if (prev == "₹") return "rupees";
      if (prev == "$") return "dollars";
    }
    if (k > 0 && !used_[k - 1] && (N(k - 1) == "rs" || N(k - 1) == "inr")) return "rupees";
    return "";
  }

  void TryDigitNumber(size_t k) {
    if (JoinedFromWord(k)) return;  // "COVID-19", "KAZIND-2023"
    // A clock time "08:22": neither number is a count.
    if (Has(k + 1) && Gap(k) == ":" && W(k + 1).kind == TokenKind::kNumber) {
      used_[k] = used_[k + 1] = true;
      return;
    }
    if (k > 0 && Gap(k - 1) == ":" && W(k - 1).kind == TokenKind::kNumber) return;
    auto d = ParseDigits(N(k));
    if (!d) return;
    FactType type = FactType::kCardinal;
    std::string unit;
    double value = d->value;
    size_t last = k;
    int64_t percent_token = -1;
    if (!d->suffix.empty()) {
      if (IsOrdinalSuffix(d->suffix) && !d->decimal && !d->grouped) {
        EmitNumber(k, k, value, FactType::kOrdinal, "", 1.0f, -1);
        return;
      }
      if (d->suffix == "%") {
        EmitNumber(k, k, value, FactType::kPercent, "", 1.0f, -1);
        return;
      }
      const std::string_view u = lex_.UnitWord(d->suffix);
      if (u.empty()) return;  // "2g", "4x4": not a plain number
      EmitNumber(k, k, value, FactType::kQuantity, std::string(u), 1.0f, -1);
      return;
    }
    // "6 वीं" with a space: an ordinal suffix as its own word.
    if (Has(k + 1) && IsOrdinalSuffix(N(k + 1)) && !IsLatin(k + 1) && PunctBetween(k).empty() &&
        !d->decimal && !d->grouped) {
      EmitNumber(k, k + 1, value, FactType::kOrdinal, "", 1.0f, -1);
      return;
    }
    ReadTail(&last, &value, &type, &unit, &percent_token);
    if (type == FactType::kCardinal) {
      const std::string currency = CurrencyBefore(k);
      if (!currency.empty()) {
        type = FactType::kQuantity;
        unit = currency;
      }
    }
    EmitNumber(k, last, value, type, unit, 1.0f, percent_token);
  }

  void TryNumberWords(size_t k) {
    const std::string_view n = N(k);
    if (auto ord = lex_.HindiSuffixOrdinal(n)) {
      EmitNumber(k, k, *ord, FactType::kOrdinal, "", 1.0f, -1);
      return;
    }
    const NumberWord* w = lex_.Number(n);
    if (w == nullptr) return;
    if (w->english && !IsLatin(k)) return;
    if (w->ordinal) {
      EmitNumber(k, k, w->value, FactType::kOrdinal, "", w->confidence, -1);
      return;
    }
    // A run of number words: "एक सौ बीस", "डेढ़ लाख", "twenty-five thousand", "साढ़े तीन करोड़".
    double total = 0, current = 0, pending_offset = 0;
    bool have_current = false, have_any = false, last_was_tens = false, last_was_hundred = false;
    bool vague = false;
    float confidence = 1.0f;
    size_t j = k;
    size_t last = k;
    int words = 0;
    for (; Has(j) && !used_[j]; ++j) {
      if (j > k) {
        const std::string p = PunctBetween(j - 1);
        if (!p.empty() && !(p == "-" && JoinedToNext(j - 1))) break;
      }
      std::string_view nj = N(j);
      if (j > k && w->english && nj == "and" && Has(j + 1) && lex_.Number(N(j + 1)) != nullptr) {
        continue;
      }
      const NumberWord* x = lex_.Number(nj);
      if (x == nullptr || x->ordinal || x->english != w->english) {
        // "twenty-first": tens joined to an ordinal unit.
        if (x != nullptr && x->ordinal && last_was_tens && x->value < 10 && have_current) {
          EmitNumber(k, j, total + current + x->value, FactType::kOrdinal, "", 1.0f, -1);
          return;
        }
        break;
      }
      switch (x->role) {
        case NumberWord::Role::kUnit:
          // "दो तीन" (= two or three) is no number; "एक सौ बीस", "twenty five" are.
          if (have_current && !(last_was_tens && x->value < 10) && !last_was_hundred) {
            vague = true;
            goto done;
          }
          last_was_hundred = false;
          current += x->value + pending_offset;
          pending_offset = 0;
          have_current = true;
          last_was_tens = x->english && x->value >= 20 && x->value < 100 &&
                          static_cast<int>(x->value) % 10 == 0;
          if (words == 0) confidence = x->confidence;
          break;
        case NumberWord::Role::kFraction:
          if (have_current) goto done;
          current = x->value;
          have_current = true;
          break;
        case NumberWord::Role::kAddHalf:
          if (have_current) goto done;
          pending_offset = x->value;
          break;
        case NumberWord::Role::kHundred:
          if (pending_offset != 0) goto done;
          current = (have_current ? current : 1) * 100;
          have_current = true;
          last_was_tens = false;
          last_was_hundred = true;
          break;
        case NumberWord::Role::kScale:
          if (!have_current || pending_offset != 0) goto done;
          total += current * x->value;
          current = 0;
          have_current = false;
          last_was_tens = false;
          last_was_hundred = false;
          break;
      }
      have_any = true;
      last = j;
      ++words;
      if (words > 1) confidence = 1.0f;
    }
  done:
    if (vague) {
      for (size_t i = k; i <= j && Has(i); ++i) used_[i] = true;
      return;
    }
    if (!have_any || pending_offset != 0) return;
    const NumberWord* first = lex_.Number(N(k));
    if (words == 1 && first->role != NumberWord::Role::kUnit &&
        first->role != NumberWord::Role::kFraction) {
      return;  // a lone "हजार", "hundred"
    }
    double value = total + current;
    FactType type = FactType::kCardinal;
    std::string unit;
    int64_t percent_token = -1;
    ReadTail(&last, &value, &type, &unit, &percent_token);
    EmitNumber(k, last, value, type, unit, confidence, percent_token);
  }

  // ---- entities ------------------------------------------------------------------------------
  static bool NotAnAcronym(std::string_view o) {
    static constexpr std::string_view kNot[] = {"IST", "GMT", "UTC", "AM", "PM", "BST", "EST",
                                                "EDT", "PST", "PDT", "CET", "OK", "TV", "II",
                                                "III", "IV", "VI", "VII", "VIII", "IX", "XI",
                                                "XII", "A", "I"};
    for (std::string_view x : kNot) {
      if (o == x) return true;
    }
    return false;
  }

  bool AllCapsAcronym(size_t k) const {
    const Token& t = W(k);
    if (!t.Has(kAllCaps) || !t.Has(kLatin)) return false;
    const std::string_view o = O(k);
    if (o.size() < 2 || o.size() > 7) return false;
    for (char c : o) {
      if (c < 'A' || c > 'Z') return false;
    }
    return !NotAnAcronym(o);
  }

  void EmitEntity(size_t first, size_t last, const GazetteerEntry& e, float confidence,
                  std::string note) {
    Emit(FactKind::kEntity, e.type, first, last, e.id, confidence, false, std::move(note));
  }

  void TryEntity(size_t k) {
    // Multi-word names first: "संयुक्त अरब अमीरात", "United Nations", "विदेश मंत्रालय".
    const int max_words = gaz_.StartsLongName(N(k)) ? gaz_.max_words() : 1;
    for (int n = std::min<int>(max_words, static_cast<int>(words_.size() - k)); n >= 2; --n) {
      std::string key(N(k));
      bool ok = true;
      for (int i = 1; i < n; ++i) {
        if (used_[k + i] || !(PunctBetween(k + i - 1).empty() || JoinedToNext(k + i - 1))) {
          ok = false;
          break;
        }
        key.push_back(' ');
        key.append(N(k + i));
      }
      if (!ok) continue;
      if (const GazetteerEntry* e = gaz_.FindName(key)) {
        if (IsLatin(k) && !Capitalized(k)) continue;
        EmitEntity(k, k + n - 1, *e, 0.95f, "");
        return;
      }
    }
    std::string_view n = N(k);
    const bool latin = IsLatin(k);
    if (latin && NotAnAcronym(O(k))) return;
    if (latin && n.size() > 2 && n.ends_with("'s")) n.remove_suffix(2);
    if (!latin || Capitalized(k)) {
      if (const GazetteerEntry* e = gaz_.FindName(n)) {
        EmitEntity(k, k, *e, 0.95f, "");
        return;
      }
    }
    // Acronyms: "SCO" and "एससीओ" share the key "sco".
    const bool devanagari_acronym = W(k).Has(kAcronymKey);
    if (devanagari_acronym || AllCapsAcronym(k)) {
      const std::string_view key = text_.Key(W(k));
      if (const GazetteerEntry* e = gaz_.FindAcronym(key)) {
        EmitEntity(k, k, *e, devanagari_acronym ? 0.85f : 0.95f, "");
        return;
      }
      // Initials before a name: "KD Dewal".
      if (!devanagari_acronym && O(k).size() <= 3 && Has(k + 1) && !used_[k + 1] &&
          IsLatin(k + 1) && Capitalized(k + 1) && !W(k + 1).Has(kAllCaps) &&
          PunctBetween(k).empty()) {
        TryLatinName(k);
        return;
      }
      GazetteerEntry e{absl::AsciiStrToUpper(facts_internal::AV(key)), FactType::kOrganization, false};
      EmitEntity(k, k, e, devanagari_acronym ? 0.75f : 0.85f,
                 devanagari_acronym ? absl::StrCat("acronym spelled out in Devanagari") : "");
      return;
    }
    // Spelling variants no table lists: a unique consonant skeleton.
    if (!latin || Capitalized(k)) {
      std::string matched;
      if (const GazetteerEntry* e = gaz_.FindBySkeleton(n, &matched)) {
        const std::string english = gaz_.EnglishName(e->id);
        EmitEntity(k, k, *e, 0.8f,
                   absl::StrCat("spelling variant of ", matched,
                                english.empty() ? "" : absl::StrCat(" (", english, ")")));
        return;
      }
    }
    if (latin && Capitalized(k)) TryLatinName(k);
  }

  static bool NameStopWord(std::string_view n) {
    static constexpr std::string_view kStop[] = {
        "the", "a", "an", "in", "on", "at", "of", "and", "for", "to", "by", "with", "from",
        "as", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these", "but", "or",
        "mr", "mrs", "ms", "dr", "image", "photo", "read", "also", "published", "updated",
        "both", "while", "after", "before", "during", "his", "her", "their", "our", "if",
        // Titles before a name are not part of it: "Joint Secretary Reena Malhotra".
        "joint", "secretary", "minister", "prime", "president", "chief", "deputy", "head",
        "ambassador", "spokesperson", "general", "director", "foreign", "home", "said", "says"};
    for (std::string_view s : kStop) {
      if (n == s) return true;
    }
    return false;
  }

  // Capitalized Latin words in a row that no table knows: "Talgat Kaliyev", "KD Dewal".
  void TryLatinName(size_t k) {
    if (NameStopWord(N(k))) return;
    size_t last = k;
    while (Has(last + 1) && !used_[last + 1] && IsLatin(last + 1) && Capitalized(last + 1) &&
           PunctBetween(last).empty() && !NameStopWord(N(last + 1))) {
      ++last;
    }
    const bool sentence_start = k == 0;
    if (last == k && (sentence_start || O(k).size() < 3)) return;
    std::string value = "name:";
    for (size_t i = k; i <= last; ++i) {
      if (i > k) value.push_back(' ');
      value.append(N(i));
    }
    Emit(FactKind::kEntity, FactType::kName, k, last, std::move(value), last > k ? 0.6f : 0.5f);
  }

  // ---- negation ------------------------------------------------------------------------------
  void TryNegation(size_t k) {
    const std::string_view n = N(k);
    if (!lex_.NegationCue(n)) return;
    if (Has(k + 1) && lex_.NegationBreaker(N(k + 1))) return;  // "न केवल", "not only"
    const bool weak = n == Normalize("न");
    Emit(FactKind::kNegation, FactType::kNegation, k, k, "negated", weak ? 0.7f : 0.9f);
  }

  const AnalyzedText& text_;
  absl::Span<const Token> tokens_;
  const Lexicon& lex_;
  const Gazetteer& gaz_;
  const FactOptions& options_;
  std::string_view reference_label_;
  uint32_t sentence_;
  std::vector<Fact>* out_;
  std::optional<int64_t> ref_day_;
  std::vector<uint32_t> words_;
  std::vector<bool> used_;
  std::optional<Tense> tense_;
};

}  // namespace

std::vector<Dateline> FindDatelines(const AnalyzedText& text) {
  const Lexicon& lex = Lexicon::Get();
  std::vector<Dateline> out;
  const auto sentences = text.sentences();
  const auto tokens = text.tokens();
  for (uint32_t si = 0; si < sentences.size(); ++si) {
    std::vector<uint32_t> w;
    for (const Token& t : text.TokensOf(sentences[si])) {
      if (t.IsWordLike()) w.push_back(static_cast<uint32_t>(&t - tokens.data()));
    }
    if (w.size() < 4) continue;
    size_t k = 0;
    auto n = [&](size_t i) { return text.Normalized(tokens[w[i]]); };
    if (n(0) == "last" || n(0) == "first") k = 1;
    const int label = lex.DatelineLabel(n(k));
    if (label == 0) continue;
    ++k;
    while (k < w.size() && (n(k) == "on" || n(k) == "at")) ++k;
    // Date: "10 April 2024", "April 10, 2024", "10 Apr 2024".
    auto number = [&](size_t i, int max_digits) -> std::optional<int> {
      if (i >= w.size() || tokens[w[i]].kind != TokenKind::kNumber) return std::nullopt;
      std::string_view s = n(i);
      if (s.empty() || s.size() > static_cast<size_t>(max_digits)) return std::nullopt;
      int v = 0;
      for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
      }
      return v;
    };
    int day = 0, month = 0, year = 0;
    if (auto d = number(k, 2); d && k + 2 < w.size()) {
      month = k + 1 < w.size() ? lex.Month(n(k + 1), nullptr) : 0;
      auto y = number(k + 2, 4);
      if (month == 0 || !y) continue;
      day = *d;
      year = *y;
      k += 3;
    } else if (k + 2 < w.size() && (month = lex.Month(n(k), nullptr)) != 0) {
      auto d2 = number(k + 1, 2);
      auto y = number(k + 2, 4);
      if (!d2 || !y) continue;
      day = *d2;
      year = *y;
      k += 3;
    } else {
      continue;
    }
    if (year < 1900 || !facts_internal::ValidDate(year, month, day)) continue;
    Dateline dl;
    dl.sentence = si;
    dl.span = sentences[si].span;
    dl.is_update = label == 2;
    int hour = 0, minute = 0, offset = 0;
    while (k < w.size() && n(k) == "at") ++k;
    if (auto h = number(k, 2); h && k + 1 < w.size()) {
      const Token& th = tokens[w[k]];
      const Token& tm = tokens[w[k + 1]];
      const std::string_view gap =
          text.text().substr(th.span.end, tm.span.begin > th.span.end ? tm.span.begin - th.span.end : 0);
      if (auto m = number(k + 1, 2); m && (gap == ":" || gap == ".") && *h < 24 && *m < 60) {
        hour = *h;
        minute = *m;
        dl.has_time = true;
        k += 2;
        if (k < w.size() && (n(k) == "pm" || n(k) == "am")) {
          if (n(k) == "pm" && hour < 12) hour += 12;
          if (n(k) == "am" && hour == 12) hour = 0;
          ++k;
        }
        if (k < w.size()) {
          if (auto z = lex.TimeZoneOffset(n(k))) offset = *z;
        }
      }
    }
    dl.time.unix_seconds = facts_internal::DaysFromCivil(year, month, day) * 86400 +
                           hour * 3600 + minute * 60 - int64_t{offset} * 60;
    dl.time.utc_offset_minutes = offset;
    out.push_back(dl);
  }
  return out;
}

DocumentFacts ExtractFacts(const AnalyzedText& text, const FactOptions& options) {
  DocumentFacts result;
  result.datelines = FindDatelines(text);
  std::string label;
  if (options.published) {
    result.reference = options.published;
    result.reference_source = ReferenceSource::kMetadata;
    label = "publication time";
  } else if (options.use_dateline && !result.datelines.empty()) {
    const Dateline* chosen = nullptr;
    for (const Dateline& d : result.datelines) {
      if (!d.is_update) {
        chosen = &d;
        break;
      }
    }
    if (chosen == nullptr) chosen = &result.datelines.front();
    result.reference = chosen->time;
    result.reference_source = ReferenceSource::kDateline;
    label = "dateline";
  }
  std::vector<bool> skip(text.sentences().size(), false);
  for (const Dateline& d : result.datelines) skip[d.sentence] = true;
  for (uint32_t s = 0; s < text.sentences().size(); ++s) {
    if (skip[s]) continue;
    SentenceExtractor(text, s, options, result.reference, label, &result.facts).Run();
  }
  std::stable_sort(result.facts.begin(), result.facts.end(),
                   [](const Fact& a, const Fact& b) { return a.span.begin < b.span.begin; });
  return result;
}

std::optional<EntityLink> LinkEntity(std::string_view utf8_name) {
  static const Analyzer* const analyzer = new Analyzer();
  auto analyzed = analyzer->Analyze(utf8_name);
  if (!analyzed.ok()) return std::nullopt;
  const auto& gaz = Gazetteer::Get();
  std::string key;
  const Token* only = nullptr;
  int words = 0;
  for (const Token& t : analyzed->tokens()) {
    if (!t.IsWordLike()) continue;
    if (!key.empty()) key.push_back(' ');
    key.append(analyzed->Normalized(t));
    only = &t;
    ++words;
  }
  if (key.empty()) return std::nullopt;
  if (const GazetteerEntry* e = gaz.FindName(key)) return EntityLink{e->id, e->type, 0.95f, ""};
  if (words != 1) return std::nullopt;
  if (only->Has(kAcronymKey) || only->Has(kAllCaps)) {
    const std::string_view k = analyzed->Key(*only);
    if (const GazetteerEntry* e = gaz.FindAcronym(k)) return EntityLink{e->id, e->type, 0.9f, ""};
  }
  std::string matched;
  if (const GazetteerEntry* e = gaz.FindBySkeleton(key, &matched)) {
    return EntityLink{e->id, e->type, 0.8f, absl::StrCat("spelling variant of ", matched)};
  }
  return std::nullopt;
}

std::string EntityDisplayName(std::string_view id) {
  if (id.size() == 2 && absl::ascii_isupper(static_cast<unsigned char>(id[0])) &&
      absl::ascii_isupper(static_cast<unsigned char>(id[1]))) {
    std::string name = Gazetteer::Get().EnglishName(id);
    if (!name.empty()) return name;
  }
  return std::string(id);
}

}  // namespace crossdoc
