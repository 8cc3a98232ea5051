// The facts stage's word tables, written for crossdoc (Hindi forms include the common news
// spellings; every key is normalized once, so nukta and chandrabindu variants match too).
#include "facts/lexicon.h"

#include <cstdio>
#include <initializer_list>

#include "crossdoc/text.h"

namespace crossdoc::facts_internal {
namespace {

struct HindiCardinal {
  int value;
  std::initializer_list<const char*> forms;
};

// 0..100. Several numbers have two common spellings (पंद्रह/पन्द्रह, इक्यानबे/इक्यानवे).
const HindiCardinal kHindiCardinals[] = {
    {0, {"शून्य"}},
    {1, {"एक"}},
    {2, {"दो"}},
    {3, {"तीन"}},
    {4, {"चार"}},
    {5, {"पांच", "पाँच"}},
    {6, {"छह", "छः", "छै"}},
    {7, {"सात"}},
    {8, {"आठ"}},
    {9, {"नौ"}},
    {10, {"दस"}},
    {11, {"ग्यारह"}},
    {12, {"बारह"}},
    {13, {"तेरह"}},
    {14, {"चौदह"}},
    {15, {"पंद्रह", "पन्द्रह"}},
    {16, {"सोलह"}},
    {17, {"सत्रह"}},
    {18, {"अठारह", "अट्ठारह"}},
    {19, {"उन्नीस"}},
    {20, {"बीस"}},
    {21, {"इक्कीस"}},
    {22, {"बाईस"}},
    {23, {"तेईस"}},
    {24, {"चौबीस"}},
    {25, {"पच्चीस"}},
    {26, {"छब्बीस"}},
    {27, {"सत्ताईस", "सत्ताइस"}},
    {28, {"अट्ठाईस", "अठ्ठाईस", "अठाईस"}},
    {29, {"उनतीस", "उन्तीस"}},
    {30, {"तीस"}},
    {31, {"इकतीस", "इकत्तीस"}},
    {32, {"बत्तीस"}},
    {33, {"तैंतीस", "तेंतीस"}},
    {34, {"चौंतीस"}},
    {35, {"पैंतीस"}},
    {36, {"छत्तीस"}},
    {37, {"सैंतीस"}},
    {38, {"अड़तीस"}},
    {39, {"उनतालीस", "उनचालीस"}},
    {40, {"चालीस"}},
    {41, {"इकतालीस"}},
    {42, {"बयालीस"}},
    {43, {"तैंतालीस"}},
    {44, {"चवालीस", "चौवालीस"}},
    {45, {"पैंतालीस"}},
    {46, {"छियालीस"}},
    {47, {"सैंतालीस"}},
    {48, {"अड़तालीस"}},
    {49, {"उनचास"}},
    {50, {"पचास"}},
    {51, {"इक्यावन"}},
    {52, {"बावन"}},
    {53, {"तिरेपन", "तिरपन"}},
    {54, {"चौवन", "चव्वन"}},
    {55, {"पचपन"}},
    {56, {"छप्पन"}},
    {57, {"सत्तावन"}},
    {58, {"अट्ठावन"}},
    {59, {"उनसठ"}},
    {60, {"साठ"}},
    {61, {"इकसठ"}},
    {62, {"बासठ"}},
    {63, {"तिरेसठ", "तिरसठ"}},
    {64, {"चौंसठ"}},
    {65, {"पैंसठ"}},
    {66, {"छियासठ"}},
    {67, {"सड़सठ", "सरसठ"}},
    {68, {"अड़सठ"}},
    {69, {"उनहत्तर"}},
    {70, {"सत्तर"}},
    {71, {"इकहत्तर"}},
    {72, {"बहत्तर"}},
    {73, {"तिहत्तर"}},
    {74, {"चौहत्तर"}},
    {75, {"पचहत्तर"}},
    {76, {"छिहत्तर"}},
    {77, {"सतहत्तर"}},
    {78, {"अठहत्तर"}},
    {79, {"उन्यासी", "उनासी"}},
    {80, {"अस्सी"}},
    {81, {"इक्यासी"}},
    {82, {"बयासी"}},
    {83, {"तिरासी"}},
    {84, {"चौरासी"}},
    {85, {"पचासी"}},
    {86, {"छियासी"}},
    {87, {"सत्तासी"}},
    {88, {"अट्ठासी"}},
    {89, {"नवासी"}},
    {90, {"नब्बे"}},
    {91, {"इक्यानबे", "इक्यानवे"}},
    {92, {"बानबे", "बानवे"}},
    {93, {"तिरानबे", "तिरानवे"}},
    {94, {"चौरानबे", "चौरानवे"}},
    {95, {"पचानबे", "पंचानवे", "पचानवे"}},
    {96, {"छियानबे", "छियानवे"}},
    {97, {"सत्तानबे", "सत्तानवे"}},
    {98, {"अट्ठानबे", "अट्ठानवे"}},
    {99, {"निन्यानबे", "निन्यानवे"}},
};

struct OrdinalForm {
  const char* form;
  int value;
  float confidence;
};

// Hindi ordinals that are not "cardinal + वां/वीं/वें". पहले (= before) and दूसरे (= other) are
// mostly not ordinals in news text.
const OrdinalForm kHindiOrdinals[] = {
    {"पहला", 1, 0.7f},   {"पहली", 1, 0.7f},   {"दूसरा", 2, 0.7f},  {"दूसरी", 2, 0.6f},
    {"दूसरे", 2, 0.4f},  {"तीसरा", 3, 1.0f},  {"तीसरी", 3, 1.0f},  {"तीसरे", 3, 1.0f},
    {"चौथा", 4, 1.0f},   {"चौथी", 4, 1.0f},   {"चौथे", 4, 1.0f},   {"छठा", 6, 1.0f},
    {"छठी", 6, 1.0f},    {"छठे", 6, 1.0f},    {"छठवां", 6, 1.0f},  {"छठवीं", 6, 1.0f},
    {"छठवें", 6, 1.0f},  {"छठवी", 6, 1.0f},   {"छटवीं", 6, 1.0f},  {"छटवां", 6, 1.0f},
    {"नवां", 9, 1.0f},   {"नवीं", 9, 1.0f},   {"नवें", 9, 1.0f},
};

struct EnglishWord {
  const char* form;
  double value;
  bool ordinal;
  float confidence;
};

const EnglishWord kEnglishNumbers[] = {
    {"zero", 0, false, 1.0f},      {"one", 1, false, 0.5f},       {"two", 2, false, 1.0f},
    {"three", 3, false, 1.0f},     {"four", 4, false, 1.0f},      {"five", 5, false, 1.0f},
    {"six", 6, false, 1.0f},       {"seven", 7, false, 1.0f},     {"eight", 8, false, 1.0f},
    {"nine", 9, false, 1.0f},      {"ten", 10, false, 1.0f},      {"eleven", 11, false, 1.0f},
    {"twelve", 12, false, 1.0f},   {"thirteen", 13, false, 1.0f}, {"fourteen", 14, false, 1.0f},
    {"fifteen", 15, false, 1.0f},  {"sixteen", 16, false, 1.0f},  {"seventeen", 17, false, 1.0f},
    {"eighteen", 18, false, 1.0f}, {"nineteen", 19, false, 1.0f}, {"twenty", 20, false, 1.0f},
    {"thirty", 30, false, 1.0f},   {"forty", 40, false, 1.0f},    {"fifty", 50, false, 1.0f},
    {"sixty", 60, false, 1.0f},    {"seventy", 70, false, 1.0f},  {"eighty", 80, false, 1.0f},
    {"ninety", 90, false, 1.0f},
    {"first", 1, true, 0.7f},      {"second", 2, true, 0.5f},     {"third", 3, true, 1.0f},
    {"fourth", 4, true, 1.0f},     {"fifth", 5, true, 1.0f},      {"sixth", 6, true, 1.0f},
    {"seventh", 7, true, 1.0f},    {"eighth", 8, true, 1.0f},     {"ninth", 9, true, 1.0f},
    {"tenth", 10, true, 1.0f},     {"eleventh", 11, true, 1.0f},  {"twelfth", 12, true, 1.0f},
    {"thirteenth", 13, true, 1.0f}, {"fourteenth", 14, true, 1.0f}, {"fifteenth", 15, true, 1.0f},
    {"sixteenth", 16, true, 1.0f}, {"seventeenth", 17, true, 1.0f}, {"eighteenth", 18, true, 1.0f},
    {"nineteenth", 19, true, 1.0f}, {"twentieth", 20, true, 1.0f}, {"thirtieth", 30, true, 1.0f},
    {"fortieth", 40, true, 1.0f},  {"fiftieth", 50, true, 1.0f},  {"sixtieth", 60, true, 1.0f},
    {"seventieth", 70, true, 1.0f}, {"eightieth", 80, true, 1.0f}, {"ninetieth", 90, true, 1.0f},
    {"hundredth", 100, true, 1.0f},
};

struct ScaleWord {
  const char* form;
  double value;
  NumberWord::Role role;
  bool english;
};

const ScaleWord kScales[] = {
    {"सौ", 100, NumberWord::Role::kHundred, false},
    {"hundred", 100, NumberWord::Role::kHundred, true},
    {"हजार", 1e3, NumberWord::Role::kScale, false},
    {"हज़ार", 1e3, NumberWord::Role::kScale, false},
    {"लाख", 1e5, NumberWord::Role::kScale, false},
    {"करोड़", 1e7, NumberWord::Role::kScale, false},
    {"करोड", 1e7, NumberWord::Role::kScale, false},
    {"अरब", 1e9, NumberWord::Role::kScale, false},
    {"खरब", 1e11, NumberWord::Role::kScale, false},
    {"मिलियन", 1e6, NumberWord::Role::kScale, false},
    {"बिलियन", 1e9, NumberWord::Role::kScale, false},
    {"thousand", 1e3, NumberWord::Role::kScale, true},
    {"million", 1e6, NumberWord::Role::kScale, true},
    {"billion", 1e9, NumberWord::Role::kScale, true},
    {"trillion", 1e12, NumberWord::Role::kScale, true},
    {"lakh", 1e5, NumberWord::Role::kScale, true},
    {"lakhs", 1e5, NumberWord::Role::kScale, true},
    {"lac", 1e5, NumberWord::Role::kScale, true},
    {"crore", 1e7, NumberWord::Role::kScale, true},
    {"crores", 1e7, NumberWord::Role::kScale, true},
    {"डेढ़", 1.5, NumberWord::Role::kFraction, false},
    {"ढाई", 2.5, NumberWord::Role::kFraction, false},
    {"साढ़े", 0.5, NumberWord::Role::kAddHalf, false},
    {"सवा", 0.25, NumberWord::Role::kAddHalf, false},
    {"पौने", -0.25, NumberWord::Role::kAddHalf, false},
};

template <typename Map, typename V>
void Put(Map& map, const char* form, V value) {
  map.emplace(Normalize(form), value);
}

}  // namespace

const Lexicon& Lexicon::Get() {
  static const Lexicon* const lexicon = new Lexicon();
  return *lexicon;
}

Lexicon::Lexicon() {
  for (const auto& c : kHindiCardinals) {
    for (const char* form : c.forms) {
      NumberWord w;
      w.value = c.value;
      w.confidence = c.value == 1 ? 0.5f : 1.0f;  // एक is also the article "a"
      Put(numbers_, form, w);
    }
  }
  for (const auto& o : kHindiOrdinals) {
    NumberWord w;
    w.value = o.value;
    w.ordinal = true;
    w.confidence = o.confidence;
    Put(numbers_, o.form, w);
  }
  for (const auto& e : kEnglishNumbers) {
    NumberWord w;
    w.value = e.value;
    w.ordinal = e.ordinal;
    w.confidence = e.confidence;
    w.english = true;
    Put(numbers_, e.form, w);
  }
  for (const auto& s : kScales) {
    NumberWord w;
    w.value = s.value;
    w.role = s.role;
    w.english = s.english;
    Put(numbers_, s.form, w);
  }
  const char* suffixes[6] = {"वां", "वीं", "वें", "वा", "वी", "वे"};
  for (int i = 0; i < 6; ++i) ordinal_suffixes_[i] = Normalize(suffixes[i]);

  const std::initializer_list<const char*> hindi_months[12] = {
      {"जनवरी"},
      {"फरवरी", "फ़रवरी"},
      {"मार्च"},
      {"अप्रैल", "अप्रेल", "अप्रिल"},
      {"मई"},
      {"जून"},
      {"जुलाई"},
      {"अगस्त"},
      {"सितंबर", "सितम्बर"},
      {"अक्टूबर", "अक्तूबर", "अक्टुबर", "अक्तुबर"},
      {"नवंबर", "नवम्बर"},
      {"दिसंबर", "दिसम्बर"},
  };
  const std::initializer_list<const char*> english_months[12] = {
      {"january", "jan"},  {"february", "feb"}, {"march", "mar"},   {"april", "apr"},
      {"may"},             {"june", "jun"},     {"july", "jul"},    {"august", "aug"},
      {"september", "sep", "sept"}, {"october", "oct"}, {"november", "nov"}, {"december", "dec"},
  };
  for (int m = 0; m < 12; ++m) {
    for (const char* f : hindi_months[m]) Put(months_, f, std::pair<int, bool>(m + 1, false));
    for (const char* f : english_months[m]) Put(months_, f, std::pair<int, bool>(m + 1, true));
  }
  const std::initializer_list<const char*> hindi_days[7] = {
      {"सोमवार"}, {"मंगलवार"}, {"बुधवार"}, {"गुरुवार", "बृहस्पतिवार", "वीरवार"},
      {"शुक्रवार"}, {"शनिवार"}, {"रविवार", "इतवार"},
  };
  const char* english_days[7] = {"monday", "tuesday", "wednesday", "thursday",
                                 "friday", "saturday", "sunday"};
  for (int d = 0; d < 7; ++d) {
    for (const char* f : hindi_days[d]) Put(weekdays_, f, std::pair<int, bool>(d, false));
    Put(weekdays_, english_days[d], std::pair<int, bool>(d, true));
  }
  // offset, tense_decides
  Put(day_words_, "कल", std::pair<int, bool>(1, true));
  Put(day_words_, "परसों", std::pair<int, bool>(2, true));
  Put(day_words_, "आज", std::pair<int, bool>(0, false));
  Put(day_words_, "today", std::pair<int, bool>(0, false));
  Put(day_words_, "yesterday", std::pair<int, bool>(-1, false));
  Put(day_words_, "tomorrow", std::pair<int, bool>(1, false));

  for (const char* f : {"पिछले", "पिछला", "पिछली", "बीते", "बीता", "गत", "last", "previous"}) {
    Put(modifiers_, f, -1);
  }
  for (const char* f : {"इस", "इसी", "this", "current"}) Put(modifiers_, f, 0);
  for (const char* f : {"अगले", "अगला", "अगली", "आगामी", "next", "coming"}) Put(modifiers_, f, 1);
  for (const char* f : {"साल", "वर्ष", "बरस", "year"}) Put(units_relative_, f, RelativeUnit::kYear);
  for (const char* f : {"महीने", "महीना", "माह", "month"}) {
    Put(units_relative_, f, RelativeUnit::kMonth);
  }
  for (const char* f : {"हफ्ते", "हफ़्ते", "हफ्ता", "सप्ताह", "week"}) {
    Put(units_relative_, f, RelativeUnit::kWeek);
  }

  const std::pair<const char*, const char*> units[] = {
      {"km", "km"},          {"किमी", "km"},         {"किलोमीटर", "km"},    {"kilometres", "km"},
      {"kilometers", "km"},  {"kilometre", "km"},    {"kilometer", "km"},  {"kg", "kg"},
      {"किलो", "kg"},        {"किलोग्राम", "kg"},     {"kilograms", "kg"},  {"kilogram", "kg"},
      {"रुपये", "rupees"},    {"रुपए", "rupees"},      {"रुपया", "rupees"},   {"रु", "rupees"},
      {"rupees", "rupees"},  {"rupee", "rupees"},    {"rs", "rupees"},     {"₹", "rupees"},
      {"डॉलर", "dollars"},   {"dollars", "dollars"}, {"dollar", "dollars"}, {"$", "dollars"},
      {"टन", "tonnes"},       {"tonnes", "tonnes"},   {"tons", "tonnes"},   {"tonne", "tonnes"},
  };
  for (const auto& [f, u] : units) Put(units_, f, std::string(u));
  for (const char* f : {"%", "प्रतिशत", "फीसदी", "फ़ीसदी", "फीसद", "percent"}) {
    percent_.insert(Normalize(f));
  }
  for (const char* f : {"नहीं", "नही", "न", "मत", "इनकार", "इंकार", "नकारा", "नकार", "not",
                        "never", "cannot", "denied", "denies", "deny"}) {
    negation_.insert(Normalize(f));
  }
  for (const char* f : {"केवल", "सिर्फ", "सिर्फ़", "only", "just", "merely", "least"}) {
    negation_breakers_.insert(Normalize(f));
  }
  for (const char* f : {"होगा", "होगी", "होंगे", "होंगी", "रहेगा", "रहेगी", "रहेंगे", "जाएगा", "जाएगी",
                        "जाएंगे", "जायेगा", "जायेगी", "जायेंगे", "करेगा", "करेगी", "करेंगे", "देगा",
                        "देगी", "देंगे", "लेगा", "लेगी", "लेंगे", "will", "shall", "'ll", "wo"}) {
    future_.insert(Normalize(f));
  }
  for (const char* f : {"था", "थी", "थे", "थीं", "गया", "गई", "गए", "गयी", "गये", "हुआ", "हुई",
                        "हुईं", "हुए", "किया", "किए", "किये", "कहा", "ने", "दिया", "लिया", "was",
                        "were", "had", "did", "said", "met", "told", "took", "went",
                        "came", "saw", "made", "gave"}) {
    past_.insert(Normalize(f));
  }
  for (const char* f : {"था", "थी", "थे", "थीं", "was", "were", "had", "did"}) {
    strong_past_.insert(Normalize(f));
  }
  for (const char* f : {"पब्लिश्ड", "प्रकाशित", "published", "posted"}) Put(dateline_, f, 1);
  for (const char* f : {"अपडेटेड", "अपडेट", "updated"}) Put(dateline_, f, 2);
  const std::pair<const char*, int> zones[] = {
      {"ist", 330}, {"gmt", 0},    {"utc", 0},    {"bst", 60},   {"cet", 60},
      {"cest", 120}, {"est", -300}, {"edt", -240}, {"pst", -480}, {"pdt", -420},
      {"pkt", 300}, {"npt", 345},  {"aest", 600}, {"jst", 540},  {"sgt", 480},
  };
  for (const auto& [f, o] : zones) Put(zones_, f, o);
  for (const char* f : {"से", "to", "until", "till", "through", "-", "–", "—"}) {
    range_.insert(Normalize(f));
  }
}

const NumberWord* Lexicon::Number(std::string_view normalized) const {
  auto it = numbers_.find(AV(normalized));
  return it == numbers_.end() ? nullptr : &it->second;
}

std::optional<double> Lexicon::HindiSuffixOrdinal(std::string_view normalized) const {
  for (const std::string& suffix : ordinal_suffixes_) {
    if (normalized.size() <= suffix.size() || !normalized.ends_with(suffix)) continue;
    const NumberWord* w = Number(normalized.substr(0, normalized.size() - suffix.size()));
    if (w != nullptr && !w->english && !w->ordinal && w->role == NumberWord::Role::kUnit &&
        w->value >= 5) {
      return w->value;
    }
    if (w != nullptr && !w->english && w->role == NumberWord::Role::kHundred) return 100.0;
  }
  return std::nullopt;
}

int Lexicon::Month(std::string_view normalized, bool* english) const {
  auto it = months_.find(AV(normalized));
  if (it == months_.end()) return 0;
  if (english != nullptr) *english = it->second.second;
  return it->second.first;
}

int Lexicon::Weekday(std::string_view normalized, bool* english) const {
  auto it = weekdays_.find(AV(normalized));
  if (it == weekdays_.end()) return -1;
  if (english != nullptr) *english = it->second.second;
  return it->second.first;
}

bool Lexicon::DayWord(std::string_view normalized, int* offset, bool* tense_decides) const {
  auto it = day_words_.find(AV(normalized));
  if (it == day_words_.end()) return false;
  *offset = it->second.first;
  *tense_decides = it->second.second;
  return true;
}

std::optional<int> Lexicon::RelativeModifier(std::string_view normalized) const {
  auto it = modifiers_.find(AV(normalized));
  if (it == modifiers_.end()) return std::nullopt;
  return it->second;
}

std::optional<RelativeUnit> Lexicon::RelativeUnitWord(std::string_view normalized) const {
  auto it = units_relative_.find(AV(normalized));
  if (it == units_relative_.end()) return std::nullopt;
  return it->second;
}

std::string_view Lexicon::UnitWord(std::string_view normalized) const {
  auto it = units_.find(AV(normalized));
  return it == units_.end() ? std::string_view() : std::string_view(it->second);
}

bool Lexicon::PercentWord(std::string_view normalized) const {
  return percent_.contains(AV(normalized));
}
bool Lexicon::NegationCue(std::string_view normalized) const {
  return negation_.contains(AV(normalized)) ||
         (normalized.size() > 3 && normalized.ends_with("n't"));
}
bool Lexicon::NegationBreaker(std::string_view normalized) const {
  return negation_breakers_.contains(AV(normalized));
}

bool Lexicon::FutureMarker(std::string_view normalized) const {
  if (future_.contains(AV(normalized))) return true;
  // Hindi future verb endings: करेगा, होगी, मिलेंगे, जाएंगी, रहूंगा.
  static const std::string* const kEndings = [] {
    static std::string e[] = {Normalize("ेगा"), Normalize("ेगी"), Normalize("ेंगे"),
                              Normalize("ेंगी"), Normalize("ूंगा"), Normalize("ूंगी"),
                              Normalize("ोगे"), Normalize("एगा"), Normalize("एगी"),
                              Normalize("एंगे"), Normalize("एंगी")};
    return e;
  }();
  for (int i = 0; i < 11; ++i) {
    if (normalized.size() > kEndings[i].size() + 2 && normalized.ends_with(kEndings[i])) {
      return true;
    }
  }
  return false;
}

bool Lexicon::PastMarker(std::string_view normalized) const {
  if (past_.contains(AV(normalized))) return true;
  // English regular past: "reviewed", "agreed", "held" is in the table. Not "need", "speed".
  if (normalized.size() >= 6 && normalized.ends_with("ed") &&
      normalized.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos &&
      !normalized.ends_with("eed")) {
    return true;
  }
  return false;
}

bool Lexicon::StrongPastMarker(std::string_view normalized) const {
  return strong_past_.contains(AV(normalized));
}

int Lexicon::DatelineLabel(std::string_view normalized) const {
  auto it = dateline_.find(AV(normalized));
  return it == dateline_.end() ? 0 : it->second;
}

std::optional<int> Lexicon::TimeZoneOffset(std::string_view normalized) const {
  auto it = zones_.find(AV(normalized));
  if (it == zones_.end()) return std::nullopt;
  return it->second;
}

bool Lexicon::RangeWord(std::string_view normalized) const { return range_.contains(AV(normalized)); }

// Days from civil: the classic era-based computation (400-year cycles of 146097 days).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

bool ValidDate(int64_t year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && leap ? 29 : kDays[month - 1]);
}

int WeekdayOfDays(int64_t days) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  int64_t w = (days + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w);
}

std::string FormatYmd(int64_t year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(year), month, day);
  return buf;
}

std::string FormatDay(int64_t days) {
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  return FormatYmd(y, m, d);
}

}  // namespace crossdoc::facts_internal
