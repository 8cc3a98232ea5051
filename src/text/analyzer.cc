// The Analyzer: one linear pass that decodes UTF-8, splits words, normalizes each token, and a
// second pass over tokens that finds sentence boundaries.
#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/text.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace crossdoc {

using text_internal::CharClass;
using text_internal::Classify;
using text_internal::DecodeUtf8;
using text_internal::InvalidSequenceLength;
using text_internal::IsWordChar;

namespace {

// Abbreviations (normalized, without the dot) after which a period does not end a sentence.
const absl::flat_hash_set<std::string_view>& Abbreviations() {
  static const auto* set = new absl::flat_hash_set<std::string_view>{
      "mr",   "mrs",   "ms",   "dr",   "prof", "sr",   "jr",   "st",  "mt",   "gen",  "col",
      "lt",   "capt",  "sgt",  "gov",  "sen",  "rep",  "rev",  "hon", "inc",  "ltd",  "co",
      "corp", "bros",  "vs",   "etc",  "al",   "no",   "nos",  "vol", "fig",  "approx", "jan",
      "feb",  "mar",   "apr",  "jun",  "jul",  "aug",  "sep",  "sept", "oct", "nov",  "dec",
      "e.g",  "i.e",   "a.m",  "p.m",  "est",  "dept", "univ", "mx",  "govt", "pvt",  "ft",
      "डॉ",   "प्रो",   "श्री"};
  return *set;
}

struct Decoded {
  char32_t cp = 0;
  uint32_t len = 0;  // bytes in the original text
  CharClass cls = CharClass::kOther;
  bool invalid = false;
};

// Decodes one code point, or one maximal invalid subpart as U+FFFD.
[[gnu::always_inline]] inline Decoded DecodeAt(std::string_view text, size_t pos) {
  Decoded d;
  const unsigned char b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    static constexpr auto kAscii = [] {
      std::array<CharClass, 128> t{};
      for (char32_t c = 0; c < 128; ++c) t[c] = text_internal::ClassifyAscii(c);
      return t;
    }();
    d.cp = b;
    d.len = 1;
    d.cls = kAscii[b];
    return d;
  }
  char32_t c;
  size_t n = DecodeUtf8(text, pos, &c);
  if (n == 0) {
    d.cp = text_internal::kReplacementChar;
    d.len = static_cast<uint32_t>(InvalidSequenceLength(text, pos));
    d.cls = CharClass::kOther;
    d.invalid = true;
    return d;
  }
  d.cp = c;
  d.len = static_cast<uint32_t>(n);
  d.cls = Classify(c);
  return d;
}

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

bool IsTerminalPunct(std::string_view normalized) {
  return normalized == "." || normalized == "?" || normalized == "!" || normalized == "।" ||
         normalized == "॥";
}

bool IsCloser(std::string_view normalized) {
  return normalized == "\"" || normalized == "'" || normalized == ")" || normalized == "]" ||
         normalized == "}";
}

bool StartsWithLowerLatin(std::string_view original) {
  return !original.empty() && original[0] >= 'a' && original[0] <= 'z';
}

}  // namespace

Analyzer::Analyzer(AnalyzerOptions options) : options_(options) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

absl::StatusOr<AnalyzedText> Analyzer::Analyze(std::string_view utf8) const {
  if (utf8.size() > std::numeric_limits<uint32_t>::max() ||
      (options_.max_text_bytes != 0 && utf8.size() > options_.max_text_bytes)) {
    const size_t limit = options_.max_text_bytes != 0 ? options_.max_text_bytes
                                                      : std::numeric_limits<uint32_t>::max();
    return absl::InvalidArgumentError(absl::StrCat("text of ", utf8.size(),
                                                   " bytes exceeds the limit of ", limit,
                                                   " bytes (at byte offset ", limit, ")"));
  }

  AnalyzedText out;
  out.text_.assign(utf8.data(), utf8.size());
  const std::string_view text = out.text_;
  out.tokens_.reserve(text.size() / 5 + 1);
  out.arena_.reserve(text.size() + text.size() / 4);
  // Line breaks in the white space before each token, for the sentence pass.
  std::vector<uint8_t> newlines_before;
  newlines_before.reserve(text.size() / 5 + 1);

  uint32_t pending_newlines = 0;
  size_t pos = 0;
  auto emit = [&](uint32_t begin, uint32_t end, TokenKind kind, uint8_t flags, bool fast) {
    Token t;
    t.span = {begin, end};
    t.kind = kind;
    t.flags = flags;
    t.norm_offset = static_cast<uint32_t>(out.arena_.size());
    text_internal::AppendNormalized(text.substr(begin, end - begin), fast, out.arena_);
    t.norm_size = static_cast<uint32_t>(out.arena_.size() - t.norm_offset);
    t.key_offset = t.norm_offset;
    t.key_size = t.norm_size;
    if ((flags & kDevanagari) && !(flags & kLatin) && kind == TokenKind::kWord) {
      const std::string_view norm = std::string_view(out.arena_).substr(t.norm_offset, t.norm_size);
      if (auto acronym = DecodeDevanagariAcronym(norm)) {
        t.key_offset = static_cast<uint32_t>(out.arena_.size());
        t.key_size = static_cast<uint32_t>(acronym->size());
        out.arena_ += *acronym;
        t.flags |= kAcronymKey;
      }
    }
    out.tokens_.push_back(t);
    newlines_before.push_back(static_cast<uint8_t>(std::min<uint32_t>(pending_newlines, 255)));
    pending_newlines = 0;
  };

  while (pos < text.size()) {
    Decoded d = DecodeAt(text, pos);
    if (d.invalid) {
      if (!options_.lenient_utf8) {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid UTF-8 at byte offset ", pos,
                         " (use AnalyzerOptions::lenient_utf8 to replace bad sequences)"));
      }
      out.repairs_.push_back({static_cast<uint32_t>(pos), d.len});
    }
    if (d.cls == CharClass::kSpace) {
      pos += d.len;
      continue;
    }
    if (d.cls == CharClass::kNewline) {
      // \r\n counts once.
      if (!(d.cp == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) ++pending_newlines;
      pos += d.len;
      continue;
    }
    const uint32_t begin = static_cast<uint32_t>(pos);
    if (IsWordChar(d.cls)) {
      const bool number = d.cls == CharClass::kDigit;
      bool fast = text_internal::IsFastPathChar(d.cp);
      uint8_t flags = 0;
      bool all_caps = true;
      bool has_latin = false;
      auto note_script = [&](const Decoded& x) {
        if (x.cp >= 0x0900 && x.cp <= 0x097F) flags |= kDevanagari;
        if (x.cls == CharClass::kLetter && x.cp < 0x250 &&
            ((x.cp | 0x20) >= 'a' && (x.cp | 0x20) <= 'z')) {
          has_latin = true;
          if (x.cp >= 'a' && x.cp <= 'z') all_caps = false;
        } else if (x.cls == CharClass::kLetter && x.cp >= 0xC0 && x.cp < 0x250) {
          has_latin = true;
          all_caps = false;
        }
      };
      note_script(d);
      Decoded prev = d;
      pos += d.len;
      while (pos < text.size()) {
        Decoded n = DecodeAt(text, pos);
        bool take = IsWordChar(n.cls) || n.cls == CharClass::kJoiner;
        if (!take && pos + n.len < text.size()) {
          // Inside-word punctuation: an apostrophe between letters ("don't"), a separator
          // between digits ("1,20,000", "3.5").
          const Decoded next = DecodeAt(text, pos + n.len);
          if (IsApostrophe(n.cp) && prev.cls == CharClass::kLetter &&
              next.cls == CharClass::kLetter) {
            take = true;
          } else if ((n.cp == ',' || n.cp == '.') && prev.cls == CharClass::kDigit &&
                     next.cls == CharClass::kDigit) {
            take = true;
          } else if (n.cp == '.' && IsAsciiLetter(prev.cp) && IsAsciiLetter(next.cp)) {
            take = true;  // "U.S", "Amazon.com", "e.g" stay whole, as ICU's word rules keep them
          }
        }
        if (!take) break;
        if (n.invalid) break;
        fast = fast && text_internal::IsFastPathChar(n.cp);
        note_script(n);
        prev = n;
        pos += n.len;
      }
      // A hyphen or dash directly between two words joins them.
      if (pos < text.size()) {
        const Decoded dash = DecodeAt(text, pos);
        if (dash.cls == CharClass::kDash && pos + dash.len < text.size()) {
          const Decoded after = DecodeAt(text, pos + dash.len);
          if (IsWordChar(after.cls) && !after.invalid) flags |= kJoinedToNext;
        }
      }
      if (has_latin) flags |= kLatin;
      if (has_latin && all_caps) flags |= kAllCaps;
      emit(begin, static_cast<uint32_t>(pos), number ? TokenKind::kNumber : TokenKind::kWord,
           flags, fast);
      continue;
    }
    // Single code point tokens: punctuation and everything else (a stray joiner included).
    pos += d.len;
    const TokenKind kind = (d.cls == CharClass::kPunct || d.cls == CharClass::kDash)
                               ? TokenKind::kPunctuation
                               : TokenKind::kOther;
    emit(begin, static_cast<uint32_t>(pos), kind, 0,
         !d.invalid && text_internal::IsFastPathChar(d.cp));
  }

  // Sentence pass.
  const auto& tokens = out.tokens_;
  const auto& abbreviations = Abbreviations();
  auto norm = [&](size_t i) { return out.Normalized(tokens[i]); };
  size_t start = 0;           // first token of the open sentence
  bool start_at_line = true;  // the open sentence began at the start of a line
  auto close = [&](size_t end_exclusive, bool ended_by_punct) {
    if (end_exclusive <= start) return;
    Sentence s;
    s.first_token = static_cast<uint32_t>(start);
    s.token_count = static_cast<uint32_t>(end_exclusive - start);
    s.span = {tokens[start].span.begin, tokens[end_exclusive - 1].span.end};
    const bool ends_line = end_exclusive == tokens.size() || newlines_before[end_exclusive] > 0;
    s.headline = !ended_by_punct && start_at_line && ends_line;
    const uint32_t index = static_cast<uint32_t>(out.sentences_.size());
    for (size_t i = start; i < end_exclusive; ++i) out.tokens_[i].sentence = index;
    out.sentences_.push_back(s);
    start = end_exclusive;
    start_at_line = ends_line;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > start && newlines_before[i] > 0) {
      const bool blank_line = newlines_before[i] > 1;
      const Token& prev = tokens[i - 1];
      const std::string_view prev_norm = norm(i - 1);
      const bool continues = prev_norm == "," ||
                             (prev.kind == TokenKind::kWord &&
                              StartsWithLowerLatin(out.Original(prev)) &&
                              StartsWithLowerLatin(out.Original(tokens[i])));
      if (blank_line || (options_.split_headline_lines && !continues)) close(i, false);
    }
    if (i == start && i > 0) start_at_line = newlines_before[i] > 0;
    const Token& t = tokens[i];
    if (t.kind != TokenKind::kPunctuation || !IsTerminalPunct(norm(i))) continue;
    // Extend over a run of terminal punctuation and closing quotes or brackets that touch it.
    size_t end = i + 1;
    while (end < tokens.size() && tokens[end].span.begin == tokens[end - 1].span.end &&
           tokens[end].kind == TokenKind::kPunctuation &&
           (IsTerminalPunct(norm(end)) || IsCloser(norm(end)))) {
      ++end;
    }
    const bool at_end = end == tokens.size();
    const bool spaced = at_end || tokens[end].span.begin > tokens[end - 1].span.end;
    if (norm(i) == ".") {
      if (!spaced) continue;  // "U.S", "example.com", "3.5" and the like
      // An ellipsis ("...", NFKC of "…") trails off mid-sentence more often than it ends one.
      if (i + 1 < end && norm(i + 1) == "." && !at_end && newlines_before[end] == 0) {
        i = end - 1;
        continue;
      }
      if (i > 0 && tokens[i - 1].span.end == t.span.begin && tokens[i - 1].kind == TokenKind::kWord) {
        const std::string_view word = norm(i - 1);
        const bool initial = out.Original(tokens[i - 1]).size() == 1 &&
                             (tokens[i - 1].flags & kAllCaps);
        const bool dotted = word.find('.') != std::string_view::npos;  // "u.s", "e.g"
        if ((abbreviations.contains(word) || initial || dotted) && end - i == 1 && !at_end &&
            newlines_before[end] == 0) {
          continue;
        }
      }
      if (!at_end && newlines_before[end] == 0 && tokens[end].kind == TokenKind::kWord &&
          StartsWithLowerLatin(out.Original(tokens[end]))) {
        continue;  // "approx. five", "etc. and"
      }
    }
    close(end, true);
    i = end - 1;
  }
  if (start < tokens.size()) close(tokens.size(), false);
  return out;
}

}  // namespace crossdoc
