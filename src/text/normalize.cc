// Normalization for matching: NFKC case folding via ICU, then crossdoc's own folds (Devanagari
// nukta and chandrabindu, digits of every script, dashes and quotes), with table-driven fast
// paths for ASCII and plain Devanagari so ICU runs only where it is needed.
#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>

#include "crossdoc/text.h"
#include "text/utf8.h"

namespace crossdoc {
namespace text_internal {
namespace {

constexpr char32_t kTableEnd = 0x0980;  // classes below this are cached in a table

}  // namespace

CharClass ClassifyWithIcu(char32_t c) {
  if (c == '\n' || c == 0x0B || c == 0x0C || c == '\r' || c == 0x85 || c == 0x2028 ||
      c == 0x2029) {
    return CharClass::kNewline;
  }
  if (c == 0x200C || c == 0x200D) return CharClass::kJoiner;
  if (c == 0x2212) return CharClass::kDash;
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return CharClass::kSpace;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return CharClass::kLetter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return CharClass::kMark;
    case U_DECIMAL_DIGIT_NUMBER:
      return CharClass::kDigit;
    case U_DASH_PUNCTUATION:
      return CharClass::kDash;
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return CharClass::kPunct;
    default:
      return CharClass::kOther;
  }
}

namespace {

const std::array<CharClass, kTableEnd>& ClassTable() {
  static const auto* table = [] {
    auto* t = new std::array<CharClass, kTableEnd>();
    for (char32_t c = 0; c < kTableEnd; ++c) (*t)[c] = ClassifyWithIcu(c);
    return t;
  }();
  return *table;
}

// Devanagari code points with a non-zero combining class other than nukta and virama (the Vedic
// stress signs): canonical reordering may move them, so they take the ICU path.
bool IsReorderableDevanagariMark(char32_t c) { return c >= 0x0951 && c <= 0x0954; }

// crossdoc's folds on top of NFKC_Casefold. Returns the replacement, or 0 to drop the code point.
char32_t FoldCodePoint(char32_t c) {
  if (c < 0x80) return c;
  if (c >= 0x0900 && c <= 0x097F) {
    if (c == 0x093C) return 0;                             // nukta
    if (c == 0x0901) return 0x0902;                        // chandrabindu -> anusvara
    if (c >= 0x0958 && c <= 0x095F) {                      // precomposed nukta consonants
      static constexpr char32_t kBase[] = {0x0915, 0x0916, 0x0917, 0x091C,
                                           0x0921, 0x0922, 0x092B, 0x092F};
      return kBase[c - 0x0958];
    }
    if (c == 0x0929) return 0x0928;
    if (c == 0x0931) return 0x0930;
    if (c == 0x0934) return 0x0933;
    if (c >= 0x0966 && c <= 0x096F) return '0' + (c - 0x0966);
    return c;
  }
  if (c == 0x200C || c == 0x200D || c == 0xFEFF) return 0;
  if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
      c == 0xFF0D || c == 0x2E3A || c == 0x2E3B) {
    return '-';
  }
  if (c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B || c == 0x2032 || c == 0x2035 ||
      c == 0xFF07) {
    return '\'';
  }
  if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0x2033 || c == 0x2036 ||
      c == 0x00AB || c == 0x00BB || c == 0xFF02) {
    return '"';
  }
  if (u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER) {
    const int32_t v = u_charDigitValue(static_cast<UChar32>(c));
    if (v >= 0 && v <= 9) return '0' + v;
  }
  return c;
}

void AppendFolded(std::string_view utf8, std::string& out) {
  for (size_t pos = 0; pos < utf8.size();) {
    char32_t c;
    size_t n = DecodeUtf8(utf8, pos, &c);
    if (n == 0) {
      c = kReplacementChar;
      n = InvalidSequenceLength(utf8, pos);
    }
    pos += n;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      continue;
    }
    const char32_t folded = FoldCodePoint(c);
    if (folded == c) {
      out.append(utf8.data() + pos - n, n);  // unchanged: copy the bytes, no re-encoding
    } else if (folded != 0) {
      AppendUtf8(out, folded);
    }
  }
}

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) std::abort();  // ICU data missing: nothing can work
    return n;
  }();
  return *instance;
}

// NFKC_Casefold of `utf8` (invalid sequences become U+FFFD), as UTF-8.
std::string IcuNfkcCasefold(std::string_view utf8) {
  const icu::UnicodeString src =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString dst = NfkcCasefold().normalize(src, status);
  std::string out;
  if (U_FAILURE(status)) {
    src.toUTF8String(out);
  } else {
    dst.toUTF8String(out);
  }
  return out;
}

bool IsNfkcCasefolded(std::string_view utf8) {
  const icu::UnicodeString s =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  const bool yes = NfkcCasefold().isNormalized(s, status);
  return U_SUCCESS(status) && yes;
}

}  // namespace

CharClass ClassifyNonAscii(char32_t c) {
  static const std::array<CharClass, kTableEnd>& table = ClassTable();
  if (c < kTableEnd) return table[c];
  return ClassifyWithIcu(c);
}

bool IsFastPathChar(char32_t c) {
  if (c < 0x80) return true;
  if (c >= 0x0900 && c <= 0x097F) return !IsReorderableDevanagariMark(c);
  return c == 0x200C || c == 0x200D || (c >= 0x2010 && c <= 0x2015) || c == 0x2018 ||
         c == 0x2019 || c == 0x201C || c == 0x201D;
}

void AppendNormalized(std::string_view utf8, bool fast, std::string& out) {
  if (fast) {
    AppendFolded(utf8, out);
    return;
  }
  // Fold, and repeat while the result is not yet stable under NFKC_Casefold: dropping a nukta
  // or mapping a digit can expose a new composition. Two rounds suffice in practice; four bound it.
  std::string current = IcuNfkcCasefold(utf8);
  std::string folded;
  for (int round = 0; round < 4; ++round) {
    folded.clear();
    AppendFolded(current, folded);
    if (folded == current || IsNfkcCasefolded(folded)) break;
    current = IcuNfkcCasefold(folded);
  }
  out += folded;
}

}  // namespace text_internal

std::string Normalize(std::string_view utf8) {
  using namespace text_internal;
  bool fast = true;
  for (size_t pos = 0; pos < utf8.size() && fast;) {
    char32_t c;
    const size_t n = DecodeUtf8(utf8, pos, &c);
    if (n == 0) {
      fast = false;
      break;
    }
    fast = IsFastPathChar(c);
    pos += n;
  }
  std::string out;
  out.reserve(utf8.size());
  AppendNormalized(utf8, fast, out);
  return out;
}

std::optional<size_t> FindInvalidUtf8(std::string_view bytes) {
  for (size_t pos = 0; pos < bytes.size();) {
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t c;
    const size_t n = text_internal::DecodeUtf8(bytes, pos, &c);
    if (n == 0) return pos;
    pos += n;
  }
  return std::nullopt;
}

std::optional<std::string> DecodeDevanagariAcronym(std::string_view word) {
  // Devanagari spellings of the Latin letter names, in normalized form (nukta already dropped).
  struct LetterName {
    std::string_view spelling;
    char letter;
  };
  static constexpr LetterName kNames[] = {
      {"ए", 'a'},       {"बी", 'b'},     {"सी", 'c'},     {"डी", 'd'},
      {"ई", 'e'},       {"एफ", 'f'},     {"जी", 'g'},     {"एच", 'h'},
      {"आई", 'i'},      {"जे", 'j'},     {"के", 'k'},     {"एल", 'l'},
      {"एम", 'm'},      {"एन", 'n'},     {"ओ", 'o'},      {"पी", 'p'},
      {"क्यू", 'q'},     {"आर", 'r'},     {"एस", 's'},     {"टी", 't'},
      {"यू", 'u'},      {"वी", 'v'},     {"डब्ल्यू", 'w'}, {"डबल्यू", 'w'},
      {"डब्लू", 'w'},    {"एक्स", 'x'},    {"वाई", 'y'},    {"जेड", 'z'},
  };
  constexpr size_t kMaxBytes = 96;
  if (word.size() < 2 * 3 || word.size() > kMaxBytes) return std::nullopt;
  // Quick rejection: every code point must occur in some letter name. Devanagari code points are
  // three bytes E0 A4/A5 xx; anything else cannot be part of a letter name.
  static const std::array<bool, 128> kUsed = [] {
    std::array<bool, 128> used{};
    for (const LetterName& name : kNames) {
      for (size_t i = 0; i + 2 < name.spelling.size(); i += 3) {
        const auto b1 = static_cast<unsigned char>(name.spelling[i + 1]);
        const auto b2 = static_cast<unsigned char>(name.spelling[i + 2]);
        used[((b1 & 1) << 6) | (b2 & 0x3F)] = true;
      }
    }
    return used;
  }();
  if (word.size() % 3 != 0) return std::nullopt;
  for (size_t i = 0; i < word.size(); i += 3) {
    const auto b0 = static_cast<unsigned char>(word[i]);
    const auto b1 = static_cast<unsigned char>(word[i + 1]);
    const auto b2 = static_cast<unsigned char>(word[i + 2]);
    if (b0 != 0xE0 || (b1 != 0xA4 && b1 != 0xA5) || !kUsed[((b1 & 1) << 6) | (b2 & 0x3F)]) {
      return std::nullopt;
    }
  }
  // reach[i]: word[0, i) is spelled by letter names; via[i] is the name that ends there.
  std::array<bool, kMaxBytes + 1> reach{};
  std::array<uint8_t, kMaxBytes + 1> via{};
  reach[0] = true;
  for (size_t i = 0; i < word.size(); ++i) {
    if (!reach[i]) continue;
    for (size_t k = 0; k < std::size(kNames); ++k) {
      const std::string_view spelling = kNames[k].spelling;
      if (word.compare(i, spelling.size(), spelling) != 0) continue;
      const size_t j = i + spelling.size();
      if (!reach[j]) {
        reach[j] = true;
        via[j] = static_cast<uint8_t>(k);
      }
    }
  }
  if (!reach[word.size()]) return std::nullopt;
  std::string letters;
  for (size_t end = word.size(); end > 0; end -= kNames[via[end]].spelling.size()) {
    letters.insert(letters.begin(), kNames[via[end]].letter);
  }
  if (letters.size() < 2) return std::nullopt;
  return letters;
}

std::string TransliterateToLatin(std::string_view utf8) {
  // ICU transliterators keep per-call state, so each thread gets its own clone.
  static std::once_flag once;
  static icu::Transliterator* prototype = nullptr;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    prototype = icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status);
    if (U_FAILURE(status)) prototype = nullptr;
  });
  thread_local std::unique_ptr<icu::Transliterator> local(prototype ? prototype->clone() : nullptr);
  std::string normalized = Normalize(utf8);
  if (!local) return normalized;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(normalized.data(), static_cast<int32_t>(normalized.size())));
  local->transliterate(s);
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace crossdoc
