// Internal: code point classes and the per-token normalizer shared by Analyzer and Normalize().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crossdoc::text_internal {

enum class CharClass : uint8_t {
  kSpace,     // white space other than a line break
  kNewline,   // \n, \v, \f, U+0085, U+2028, U+2029 (a lone \r too)
  kLetter,    // L*
  kMark,      // M*
  kDigit,     // Nd
  kJoiner,    // ZWJ, ZWNJ: part of a word when inside one
  kDash,      // Pd and the minus sign
  kPunct,     // other P*
  kOther,     // symbols, controls, unassigned, U+FFFD
};

// Classes of ASCII code points, known at compile time so the hot loop never calls into ICU.
constexpr CharClass ClassifyAscii(char32_t c) {
  if (c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) return CharClass::kNewline;
  if (c == ' ' || c == '\t') return CharClass::kSpace;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
  if (c >= '0' && c <= '9') return CharClass::kDigit;
  if (c == '-') return CharClass::kDash;
  if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' ||
      c == '|' || c == '~' || c < 0x20 || c == 0x7F) {
    return CharClass::kOther;
  }
  return CharClass::kPunct;
}

CharClass ClassifyNonAscii(char32_t c);
// The same classes computed through ICU for any code point (slow; for tables and tests).
CharClass ClassifyWithIcu(char32_t c);

inline CharClass Classify(char32_t c) {
  return c < 0x80 ? ClassifyAscii(c) : ClassifyNonAscii(c);
}

inline bool IsWordChar(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kMark || c == CharClass::kDigit;
}

// True for code points the fast path normalizes by table alone (ASCII, plain Devanagari).
bool IsFastPathChar(char32_t c);

// Appends the normalized form of `utf8` to `out`. `fast` says every code point passed
// IsFastPathChar (the caller usually knows this already from scanning); otherwise ICU's
// NFKC_Casefold runs first. Invalid UTF-8 becomes U+FFFD.
void AppendNormalized(std::string_view utf8, bool fast, std::string& out);

}  // namespace crossdoc::text_internal
