// Internal: a strict, allocation-light JSON cursor shared by the JSONL document reader (which
// decodes only the fields it knows and skips the rest) and ParseJson() (which builds a DOM).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "crossdoc/io.h"

namespace crossdoc::io_internal {

// This Abseil build keeps its own absl::string_view; StrCat needs std::string_view converted.
inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

enum class JsonFailure : uint8_t { kNone, kSyntax, kUtf8, kDepth };

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid (overlong
// forms, surrogates, code points above U+10FFFF and truncated sequences are all invalid).
inline size_t Utf8SequenceLength(const unsigned char* s, size_t i, size_t n) {
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

// "a number", "an object", ... for the JSON value starting with byte c.
std::string_view JsonTypeNameAt(char c);

// A position in one JSON text and the first failure met there. Every method returns false on
// failure and leaves the failure in error_offset()/failure()/error(); later failures are ignored.
class JsonCursor {
 public:
  JsonCursor(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }
  // Skips white space, then consumes `c` or fails with "expected <what>".
  bool Expect(char c, std::string_view what);

  // At a '"': decodes the string into *out (cleared first; nullptr only validates).
  bool ReadString(std::string* out);
  // Validates and skips one value of any type. `depth` counts the containers already open.
  bool SkipValue(int depth);
  // Parses one value into a DOM node.
  bool ReadValue(JsonValue* out, int depth);

  bool Fail(size_t at, JsonFailure kind, std::string message);
  // A syntax error at the current position describing the byte found there.
  bool FailUnexpected(std::string_view expected);

  size_t error_offset() const { return error_offset_; }
  JsonFailure failure() const { return failure_; }
  const std::string& error() const { return error_; }

 private:
  bool ReadLiteral(std::string_view word);
  bool ScanNumber();
  bool ReadHex4(size_t at, uint32_t* value);

  std::string_view text_;
  size_t pos_ = 0;
  int max_depth_;
  size_t error_offset_ = 0;
  JsonFailure failure_ = JsonFailure::kNone;
  std::string error_;
};

}  // namespace crossdoc::io_internal
