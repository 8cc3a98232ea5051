// Stage 1, text: normalization for matching, sentence and word segmentation, equivalence keys.
//
// Everything here takes UTF-8 in std::string_view and reports byte offsets into that input.
// Normalized forms are for matching only; anything shown to a person is cut from the original
// bytes through a ByteSpan. ICU is an implementation detail and never appears in this header.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace crossdoc {

// Half-open byte range [begin, end) into an original UTF-8 text.
struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  std::string_view In(std::string_view text) const { return text.substr(begin, end - begin); }
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

enum class TokenKind : uint8_t {
  kWord,         // letters with their combining marks (a Devanagari word with its matras, viramas)
  kNumber,       // starts with a digit of any script: "2024", "२०२४", "1,20,000", "3.5", "6वीं", "6th"
  kPunctuation,  // one punctuation character: . , । ॥ " - ( ...
  kOther,        // symbols, emoji, anything else that is not white space
};

// Bit flags on a token.
enum TokenFlags : uint8_t {
  kJoinedToNext = 1 << 0,   // a hyphen (or dash) directly follows and joins the next word:
                            // "भारत-कजाकिस्तान" gives "भारत"(joined) and "कजाकिस्तान"
  kDevanagari = 1 << 1,     // the token contains Devanagari letters
  kLatin = 1 << 2,          // the token contains Latin letters
  kAllCaps = 1 << 3,        // Latin letters, all upper case in the original ("SCO", "JWG")
  kAcronymKey = 1 << 4,     // key differs from normalized: an acronym decoded from Devanagari
                            // letter names ("एससीओ" has key "sco")
};

struct Token {
  ByteSpan span;            // original bytes
  uint32_t norm_offset = 0; // normalized form: AnalyzedText::Normalized(token)
  uint32_t norm_size = 0;
  uint32_t key_offset = 0;  // cross-script equivalence key: AnalyzedText::Key(token)
  uint32_t key_size = 0;
  uint32_t sentence = 0;    // index of the sentence holding this token
  TokenKind kind = TokenKind::kOther;
  uint8_t flags = 0;
  bool Has(TokenFlags f) const { return (flags & f) != 0; }
  bool IsWordLike() const { return kind == TokenKind::kWord || kind == TokenKind::kNumber; }
};

struct Sentence {
  ByteSpan span;             // original bytes, trimmed of surrounding white space
  uint32_t first_token = 0;  // tokens [first_token, first_token + token_count)
  uint32_t token_count = 0;
  bool headline = false;     // a whole line with no sentence-final punctuation (a title, a caption)
};

// Where lenient decoding replaced an invalid UTF-8 sequence.
struct Utf8Repair {
  uint32_t offset = 0;  // byte offset of the bad sequence in the original text
  uint32_t length = 0;  // bytes replaced
};

// The result of analyzing one text. It owns a copy of the original bytes, so spans stay valid
// however long the caller keeps it. Cheap to move.
class AnalyzedText {
 public:
  std::string_view text() const { return text_; }
  absl::Span<const Sentence> sentences() const { return sentences_; }
  absl::Span<const Token> tokens() const { return tokens_; }
  absl::Span<const Utf8Repair> repairs() const { return repairs_; }

  // The author's bytes of a token or sentence.
  std::string_view Original(const Token& t) const { return t.span.In(text_); }
  std::string_view Original(const Sentence& s) const { return s.span.In(text_); }
  // Normalized form for matching (see Normalize()).
  std::string_view Normalized(const Token& t) const {
    return std::string_view(arena_).substr(t.norm_offset, t.norm_size);
  }
  // Cross-script equivalence key: the normalized form, except that Devanagari spellings of Latin
  // letter names become the acronym ("जेडब्ल्यूजी" -> "jwg"), so Key() of "JWG" equals it.
  std::string_view Key(const Token& t) const {
    return std::string_view(arena_).substr(t.key_offset, t.key_size);
  }
  absl::Span<const Token> TokensOf(const Sentence& s) const {
    return absl::MakeConstSpan(tokens_).subspan(s.first_token, s.token_count);
  }

 private:
  friend class Analyzer;
  std::string text_;
  std::string arena_;  // all normalized forms and keys, back to back
  std::vector<Sentence> sentences_;
  std::vector<Token> tokens_;
  std::vector<Utf8Repair> repairs_;
};

struct AnalyzerOptions {
  // Invalid UTF-8: false (default) fails with the byte offset of the first bad sequence;
  // true replaces each bad sequence by U+FFFD for matching and lists it in repairs().
  bool lenient_utf8 = false;
  // Texts longer than this fail with an error rather than being analyzed (0 = no limit).
  size_t max_text_bytes = 0;
  // A single newline ends a sentence when the line before it has no final punctuation
  // (a headline, a caption, a dateline). A blank line always ends one.
  bool split_headline_lines = true;
};

// Splits and normalizes text. Thread-safe: one Analyzer may serve many threads at once.
// Cost: linear in the input; ICU's normalizer runs only on tokens outside the ASCII and
// plain-Devanagari fast paths.
class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Errors: InvalidArgument naming the byte offset of invalid UTF-8 (strict mode), or of the
  // limit when the text exceeds max_text_bytes.
  absl::StatusOr<AnalyzedText> Analyze(std::string_view utf8) const;

  const AnalyzerOptions& options() const { return options_; }

 private:
  AnalyzerOptions options_;
};

// Normalization for matching, never for display: NFKC + case folding; Devanagari folding (nukta
// dropped, chandrabindu -> anusvara, ZWJ/ZWNJ removed); decimal digits of every script -> ASCII;
// dashes -> '-', quotes -> '\'' or '"'. Idempotent: Normalize(Normalize(x)) == Normalize(x).
// Invalid UTF-8 sequences become U+FFFD.
std::string Normalize(std::string_view utf8);

// Decodes a Devanagari spelling of Latin letter names into the lower-case acronym:
// "एससीओ" -> "sco", "जेडब्ल्यूजी" -> "jwg", "ईएजी" -> "eag", "आईएएफ" -> "iaf".
// Returns nullopt unless the whole (normalized) word spells at least two letter names.
std::optional<std::string> DecodeDevanagariAcronym(std::string_view normalized_word);

// Transliterates a short span (a name, an acronym) to lower-case ASCII Latin with ICU's
// transforms: "कजाकिस्तान" -> "kajakistana"-like keys, "Казахстан" -> "kazakhstan".
// Runs at about 1 MB/s: call it on candidate names, never on whole documents. Thread-safe.
std::string TransliterateToLatin(std::string_view utf8);

// Checks UTF-8 validity; on failure returns the byte offset of the first invalid sequence.
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

}  // namespace crossdoc
