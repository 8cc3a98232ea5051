// The place and organisation gazetteer: ICU's localized country names plus our own aliases.
#include "facts/gazetteer.h"
#include "facts/lexicon.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <vector>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "crossdoc/text.h"
#include "text/utf8.h"

namespace crossdoc::facts_internal {
namespace {

// Display languages whose country names enter the gazetteer: the languages of South Asia, the
// neighbourhood's scripts (Cyrillic, Arabic, Persian), and the major world languages.
constexpr const char* kDisplayLocales[] = {
    "en", "hi", "mr", "ne", "bn", "gu", "pa", "ta", "te", "kn", "ml", "or", "as", "ur",
    "ru", "uk", "be", "bg", "kk", "ky", "uz", "tg", "mn", "ar", "fa", "ps", "tr", "az",
    "hy", "ka", "fr", "de", "es", "pt", "it", "nl", "sv", "pl", "cs", "ro", "hu", "el",
    "he", "th", "zh", "ja", "ko", "id", "ms", "vi", "sw"};

struct Alias {
  const char* id;
  FactType type;
  std::initializer_list<const char*> names;
};

// Common news spellings ICU does not list, and organisations. Our own table.
const Alias kAliases[] = {
    {"IN", FactType::kPlace, {"भारत", "हिंदुस्तान", "हिन्दुस्तान", "India"}},
    {"US", FactType::kPlace,
     {"अमेरिका", "अमरीका", "संयुक्त राज्य अमेरिका", "America", "United States of America",
      "United States"}},
    {"GB", FactType::kPlace, {"ब्रिटेन", "Britain", "Great Britain", "United Kingdom"}},
    {"RU", FactType::kPlace, {"रूस", "Russia"}},
    {"KZ", FactType::kPlace, {"कजाकिस्तान", "कजाखस्तान", "कज़ाख़िस्तान"}},
    {"UZ", FactType::kPlace, {"उज्बेकिस्तान", "उजबेकिस्तान"}},
    {"KG", FactType::kPlace, {"किर्गिस्तान", "किर्गिजस्तान", "किरगिस्तान"}},
    {"TM", FactType::kPlace, {"तुर्कमेनिस्तान"}},
    {"AE", FactType::kPlace, {"संयुक्त अरब अमीरात"}},
    {"SA", FactType::kPlace, {"सऊदी अरब", "Saudi Arabia"}},
    {"IL", FactType::kPlace, {"इजरायल", "इज़राइल", "इस्राइल", "इजराइल", "इस्राएल"}},
    {"IR", FactType::kPlace, {"ईरान"}},
    {"IQ", FactType::kPlace, {"इराक"}},
    {"AF", FactType::kPlace, {"अफगानिस्तान"}},
    {"KR", FactType::kPlace, {"दक्षिण कोरिया", "South Korea"}},
    {"KP", FactType::kPlace, {"उत्तर कोरिया", "North Korea"}},
    {"NL", FactType::kPlace, {"नीदरलैंड", "हॉलैंड"}},
    {"MM", FactType::kPlace, {"म्यांमार", "बर्मा"}},
    {"LK", FactType::kPlace, {"श्रीलंका", "श्री लंका"}},
    {"BD", FactType::kPlace, {"बांग्लादेश", "बांगलादेश"}},
    {"MV", FactType::kPlace, {"मालदीव"}},
    {"TR", FactType::kPlace, {"तुर्की", "तुर्किये", "Turkiye"}},
    {"UA", FactType::kPlace, {"यूक्रेन"}},
    {"UN", FactType::kOrganization,
     {"संयुक्त राष्ट्र", "संयुक्त राष्ट्र संघ", "United Nations"}},
    {"SCO", FactType::kOrganization,
     {"शंघाई सहयोग संगठन", "Shanghai Cooperation Organisation",
      "Shanghai Cooperation Organization"}},
    {"MEA", FactType::kOrganization,
     {"विदेश मंत्रालय", "Ministry of External Affairs", "External Affairs Ministry"}},
    {"MHA", FactType::kOrganization,
     {"गृह मंत्रालय", "Ministry of Home Affairs", "Home Ministry", "Home Affairs Ministry"}},
    {"EAG", FactType::kOrganization, {"Eurasian Group", "यूरेशियन समूह"}},
    {"NATO", FactType::kOrganization, {"नाटो"}},
    {"ASEAN", FactType::kOrganization, {"आसियान"}},
    {"EU", FactType::kOrganization, {"यूरोपीय संघ", "European Union"}},
    {"WHO", FactType::kOrganization,
     {"विश्व स्वास्थ्य संगठन", "World Health Organization", "World Health Organisation"}},
    {"IMF", FactType::kOrganization,
     {"अंतरराष्ट्रीय मुद्रा कोष", "अंतर्राष्ट्रीय मुद्रा कोष", "International Monetary Fund"}},
    {"BRICS", FactType::kOrganization, {"ब्रिक्स"}},
    {"SAARC", FactType::kOrganization, {"सार्क"}},
    {"IAF", FactType::kOrganization,
     {"भारतीय वायु सेना", "भारतीय वायुसेना", "Indian Air Force"}},
    {"NDRF", FactType::kOrganization,
     {"राष्ट्रीय आपदा मोचन बल", "National Disaster Response Force"}},
    {"NSA", FactType::kOrganization,
     {"राष्ट्रीय सुरक्षा सलाहकार", "National Security Adviser", "National Security Advisor"}},
    {"JWG", FactType::kOrganization, {"संयुक्त कार्य समूह", "Joint Working Group"}},
    {"JTF", FactType::kOrganization, {"संयुक्त कार्य बल", "Joint Task Force"}},
};

// Acronyms (lower-case keys, as AnalyzedText::Key gives them) that are places, or organisations
// whose id differs from the letters.
const std::pair<const char*, const char*> kPlaceAcronyms[] = {
    {"us", "US"}, {"usa", "US"}, {"uk", "GB"}, {"uae", "AE"},
};

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Plain partner of a Devanagari consonant (aspiration, retroflexion, sibilants and nasals
// folded), or 0 when `c` is no consonant.
char32_t FoldConsonant(char32_t c) {
  switch (c) {
    case 0x0916: return 0x0915;  // ख -> क
    case 0x0918: return 0x0917;  // घ -> ग
    case 0x091B: return 0x091A;  // छ -> च
    case 0x091D: return 0x091C;  // झ -> ज
    case 0x091F: case 0x0920: return 0x0924;  // ट ठ -> त
    case 0x0921: case 0x0922: return 0x0926;  // ड ढ -> द
    case 0x0925: return 0x0924;  // थ -> त
    case 0x0927: return 0x0926;  // ध -> द
    case 0x092B: return 0x092A;  // फ -> प
    case 0x092D: return 0x092C;  // भ -> ब
    case 0x0936: case 0x0937: return 0x0938;  // श ष -> स
    case 0x0923: case 0x091E: case 0x0919: return 0x0928;  // ण ञ ङ -> न
    case 0x0958: return 0x0915;  // क़
    case 0x0959: return 0x0915;  // ख़
    case 0x095A: return 0x0917;  // ग़
    case 0x095B: return 0x091C;  // ज़
    case 0x095C: case 0x095D: return 0x0926;  // ड़ ढ़
    case 0x095E: return 0x092A;  // फ़
    case 0x095F: return 0x092F;  // य़
    default: break;
  }
  if (c >= 0x0915 && c <= 0x0939) return c;
  return 0;
}


// Decodes one code point (no validation beyond lengths; input is normalized, valid UTF-8).
char32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
  if (*i + len > s.size()) len = static_cast<int>(s.size() - *i);
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += len;
  return c;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

// Normalized words of a name, joined by one space: the same tokens ExtractFacts() sees.
std::string NameKey(const Analyzer& analyzer, std::string_view name) {
  auto analyzed = analyzer.Analyze(name);
  if (!analyzed.ok()) return "";
  std::string key;
  for (const Token& t : analyzed->tokens()) {
    if (!t.IsWordLike()) continue;
    if (!key.empty()) key.push_back(' ');
    key.append(analyzed->Normalized(t));
  }
  return key;
}

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) out.push_back(NextCodePoint(s, &i));
  return out;
}

// Levenshtein distance over code points (names are short: a two-row table).
size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string ConsonantSkeleton(std::string_view w) {
  std::string out;
  char32_t last = 0;
  size_t i = 0;
  while (i < w.size()) {
    const char32_t c = NextCodePoint(w, &i);
    char32_t folded = 0;
    if (c >= 0x0900 && c <= 0x097F) {
      folded = FoldConsonant(c);
    } else if (c >= 'a' && c <= 'z') {
      if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'h' || c == 'y' ||
          c == 'w') {
        continue;
      }
      folded = c;
    } else if (c >= 'A' && c <= 'Z') {
      return "";  // skeletons are of normalized (case-folded) words only
    } else {
      return "";
    }
    if (folded == 0 || folded == last) continue;
    text_internal::AppendUtf8(out, folded);
    last = folded;
  }
  return out;
}

const Gazetteer& Gazetteer::Get() {
  static const Gazetteer* const gazetteer = new Gazetteer();
  return *gazetteer;
}

void Gazetteer::AddName(std::string_view key, const GazetteerEntry& entry, bool override_existing) {
  if (key.empty()) return;
  auto [it, inserted] = names_.try_emplace(std::string(key), entry);
  if (!inserted) {
    if (override_existing) {
      it->second = entry;
      ambiguous_.erase(std::string(key));
    } else if (it->second.id != entry.id && !it->second.from_alias) {
      ambiguous_[std::string(key)] = true;
    }
  }
  int words = 1;
  for (char c : key) words += c == ' ';
  if (words > max_words_) max_words_ = words;
  if (words > 1) first_words_[std::string(key.substr(0, key.find(' ')))] = true;
  if (words == 1) {
    std::string skeleton = ConsonantSkeleton(key);
    if (CodePointCount(skeleton) >= 5) {
      auto [sit, sinserted] = skeletons_.try_emplace(skeleton, entry, std::vector<std::string>());
      if (!sinserted && sit->second.first.id != entry.id) skeleton_ambiguous_[skeleton] = true;
      auto& names = sit->second.second;
      if (std::find(names.begin(), names.end(), key) == names.end()) names.emplace_back(key);
    }
  }
}

Gazetteer::Gazetteer() {
  Analyzer analyzer;
  // Our aliases first, so that ICU names never override them.
  for (const Alias& alias : kAliases) {
    GazetteerEntry entry{alias.id, alias.type, true};
    for (const char* name : alias.names) AddName(NameKey(analyzer, name), entry, true);
    if (alias.type == FactType::kOrganization) {
      acronyms_.emplace(absl::AsciiStrToLower(alias.id), entry);
    }
  }
  for (const auto& [key, id] : kPlaceAcronyms) {
    acronyms_.emplace(key, GazetteerEntry{id, FactType::kPlace, true});
  }
  const icu::Locale english("en");
  std::vector<icu::Locale> locales;
  for (const char* locale : kDisplayLocales) locales.emplace_back(locale);
  icu::UnicodeString display;
  for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
    const icu::Locale region("", *code);
    display.remove();
    english_[*code] = ToUtf8(region.getDisplayCountry(english, display));
  }
  for (const icu::Locale& locale : locales) {
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
      const icu::Locale region("", *code);
      GazetteerEntry entry{*code, FactType::kPlace, false};
      display.remove();
      region.getDisplayCountry(locale, display);
      std::string name = ToUtf8(display);
      if (name.empty() || name == *code) continue;  // ICU falls back to the code
      // "Myanmar (Burma)": the name, and each part on its own.
      const size_t paren = name.find(" (");
      if (paren != std::string::npos && name.back() == ')') {
        AddName(NameKey(analyzer, name.substr(0, paren)), entry, false);
        AddName(NameKey(analyzer, name.substr(paren + 2, name.size() - paren - 3)), entry, false);
      } else {
        AddName(NameKey(analyzer, name), entry, false);
      }
    }
  }
}

const GazetteerEntry* Gazetteer::FindName(std::string_view key) const {
  auto it = names_.find(AV(key));
  if (it == names_.end() || ambiguous_.contains(AV(key))) return nullptr;
  return &it->second;
}

const GazetteerEntry* Gazetteer::FindAcronym(std::string_view key) const {
  auto it = acronyms_.find(AV(key));
  return it == acronyms_.end() ? nullptr : &it->second;
}

const GazetteerEntry* Gazetteer::FindBySkeleton(std::string_view word, std::string* matched) const {
  std::string skeleton = ConsonantSkeleton(word);
  if (CodePointCount(skeleton) < 5 || skeleton_ambiguous_.contains(AV(skeleton))) return nullptr;
  auto it = skeletons_.find(AV(skeleton));
  if (it == skeletons_.end()) return nullptr;
  const std::u32string w = CodePoints(word);
  size_t best = SIZE_MAX;
  const std::string* best_name = nullptr;
  for (const std::string& name : it->second.second) {
    const size_t d = EditDistance(w, CodePoints(name));
    if (d < best) {
      best = d;
      best_name = &name;
    }
  }
  // Latin names are short and many: allow 20% there, 30% in Devanagari (vowel signs vary more).
  const bool latin = !w.empty() && w[0] < 0x80;
  if (best_name == nullptr || best > 3 || best * 10 > w.size() * (latin ? 2 : 3)) return nullptr;
  if (matched != nullptr) *matched = *best_name;
  return &it->second.first;
}

bool Gazetteer::StartsLongName(std::string_view word) const {
  return first_words_.contains(AV(word));
}

std::string Gazetteer::EnglishName(std::string_view id) const {
  auto it = english_.find(AV(id));
  return it == english_.end() ? std::string() : it->second;
}

}  // namespace crossdoc::facts_internal
