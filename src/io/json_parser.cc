// The strict JSON cursor (RFC 8259) and the DOM built on it.
#include "io/json_parser.h"

#include <charconv>
#include <cstdio>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/io.h"

namespace crossdoc {

// Fills JsonValue's private fields; the only code that does.
class JsonDomBuilder {
 public:
  static void SetNull(JsonValue* v) { *v = JsonValue(); }
  static void SetBool(JsonValue* v, bool b) {
    *v = JsonValue();
    v->type_ = JsonValue::Type::kBool;
    v->bool_ = b;
  }
  static void SetNumber(JsonValue* v, std::string_view text, double value) {
    *v = JsonValue();
    v->type_ = JsonValue::Type::kNumber;
    v->string_.assign(text);
    v->number_ = value;
  }
  static std::string* MakeString(JsonValue* v) {
    *v = JsonValue();
    v->type_ = JsonValue::Type::kString;
    return &v->string_;
  }
  static std::vector<JsonValue>* MakeArray(JsonValue* v) {
    *v = JsonValue();
    v->type_ = JsonValue::Type::kArray;
    return &v->array_;
  }
  static std::vector<JsonMember>* MakeObject(JsonValue* v) {
    *v = JsonValue();
    v->type_ = JsonValue::Type::kObject;
    return &v->object_;
  }
};

const std::string& JsonValue::Empty() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const JsonMember& member : object_) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

size_t JsonValue::size() const {
  if (type_ == Type::kArray) return array_.size();
  if (type_ == Type::kObject) return object_.size();
  return 0;
}

namespace io_internal {
namespace {

std::string DescribeByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return absl::StrCat("'", Sv(std::string_view(&c, 1)), "'");
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "0x%02X", u);
  return buffer;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at text[at..at+4), without reporting anything.
bool ParseHex4(std::string_view text, size_t at, uint32_t* value) {
  if (at + 4 > text.size()) return false;
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    const int h = HexValue(text[at + k]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string_view JsonTypeNameAt(char c) {
  switch (c) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return (c == '-' || (c >= '0' && c <= '9')) ? "a number" : "an invalid value";
  }
}

bool JsonCursor::Fail(size_t at, JsonFailure kind, std::string message) {
  if (failure_ == JsonFailure::kNone) {
    failure_ = kind;
    error_offset_ = at;
    error_ = std::move(message);
  }
  return false;
}

bool JsonCursor::FailUnexpected(std::string_view expected) {
  if (AtEnd()) {
    return Fail(pos_, JsonFailure::kSyntax,
                absl::StrCat("text ends where ", Sv(expected), " was expected"));
  }
  return Fail(pos_, JsonFailure::kSyntax,
              absl::StrCat("expected ", Sv(expected), ", found ", DescribeByte(Peek())));
}

bool JsonCursor::Expect(char c, std::string_view what) {
  SkipSpace();
  if (Peek() != c || AtEnd()) return FailUnexpected(what);
  ++pos_;
  return true;
}

bool JsonCursor::ReadHex4(size_t at, uint32_t* value) {
  for (size_t k = 0; k < 4; ++k) {
    if (at + k >= text_.size()) {
      return Fail(at + k, JsonFailure::kSyntax, "text ends inside a \\u escape");
    }
    if (HexValue(text_[at + k]) < 0) {
      return Fail(at + k, JsonFailure::kSyntax,
                  absl::StrCat("\\u escape needs four hex digits, found ",
                               DescribeByte(text_[at + k])));
    }
  }
  return ParseHex4(text_, at, value);
}

bool JsonCursor::ReadString(std::string* out) {
  const size_t open = pos_;
  const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
  const size_t n = text_.size();
  size_t i = pos_ + 1;
  if (out != nullptr) out->clear();
  for (;;) {
    // A run of bytes that are copied unchanged: everything but '"', '\\' and control characters,
    // with multi-byte UTF-8 sequences validated on the way.
    const size_t run = i;
    while (i < n) {
      const unsigned char c = s[i];
      if (c >= 0x80) {
        const size_t len = Utf8SequenceLength(s, i, n);
        if (len == 0) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "0x%02X", c);
          return Fail(i, JsonFailure::kUtf8,
                      absl::StrCat("invalid UTF-8 in a string (byte ", buffer, ")"));
        }
        i += len;
        continue;
      }
      if (c == '"' || c == '\\' || c < 0x20) break;
      ++i;
    }
    if (out != nullptr) out->append(text_.data() + run, i - run);
    if (i >= n) {
      return Fail(n, JsonFailure::kSyntax,
                  absl::StrCat("the string opened at byte ", open, " is not closed"));
    }
    const unsigned char c = s[i];
    if (c == '"') {
      pos_ = i + 1;
      return true;
    }
    if (c < 0x20) {
      return Fail(i, JsonFailure::kSyntax,
                  absl::StrCat("control character ", DescribeByte(static_cast<char>(c)),
                               " must be escaped inside a string"));
    }
    // A backslash escape.
    if (i + 1 >= n) {
      return Fail(n, JsonFailure::kSyntax,
                  absl::StrCat("the string opened at byte ", open, " is not closed"));
    }
    const char e = text_[i + 1];
    char decoded = 0;
    switch (e) {
      case '"': decoded = '"'; break;
      case '\\': decoded = '\\'; break;
      case '/': decoded = '/'; break;
      case 'b': decoded = '\b'; break;
      case 'f': decoded = '\f'; break;
      case 'n': decoded = '\n'; break;
      case 'r': decoded = '\r'; break;
      case 't': decoded = '\t'; break;
      case 'u': break;
      default:
        return Fail(i, JsonFailure::kSyntax,
                    absl::StrCat("unknown escape \\", DescribeByte(e), " in a string"));
    }
    if (e != 'u') {
      if (out != nullptr) out->push_back(decoded);
      i += 2;
      continue;
    }
    uint32_t cp = 0;
    if (!ReadHex4(i + 2, &cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Fail(i, JsonFailure::kUtf8,
                  absl::StrCat("unpaired low surrogate \\u", Sv(text_.substr(i + 2, 4))));
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (i + 7 >= n || text_[i + 6] != '\\' || text_[i + 7] != 'u' ||
          !ParseHex4(text_, i + 8, &low) || low < 0xDC00 || low > 0xDFFF) {
        return Fail(i, JsonFailure::kUtf8,
                    absl::StrCat("high surrogate \\u", Sv(text_.substr(i + 2, 4)),
                                 " is not followed by a low surrogate escape"));
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 12;
    } else {
      i += 6;
    }
    if (out != nullptr) AppendCodePoint(cp, out);
  }
}

bool JsonCursor::ReadLiteral(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) {
    // Point at the first byte that differs.
    size_t k = 0;
    while (pos_ + k < text_.size() && k < word.size() && text_[pos_ + k] == word[k]) ++k;
    const size_t at = pos_ + k;
    if (at >= text_.size()) {
      return Fail(at, JsonFailure::kSyntax, absl::StrCat("text ends inside '", Sv(word), "'"));
    }
    return Fail(at, JsonFailure::kSyntax,
                absl::StrCat("expected '", Sv(word), "', found ", DescribeByte(text_[at])));
  }
  pos_ += word.size();
  return true;
}

bool JsonCursor::ScanNumber() {
  auto digit = [&](size_t k) { return k < text_.size() && text_[k] >= '0' && text_[k] <= '9'; };
  size_t i = pos_;
  if (i < text_.size() && text_[i] == '-') ++i;
  if (!digit(i)) {
    pos_ = i;
    return FailUnexpected("a digit");
  }
  if (text_[i] == '0') {
    ++i;
    if (digit(i)) return Fail(i, JsonFailure::kSyntax, "a number must not have leading zeros");
  } else {
    while (digit(i)) ++i;
  }
  if (i < text_.size() && text_[i] == '.') {
    ++i;
    if (!digit(i)) {
      pos_ = i;
      return FailUnexpected("a digit after the decimal point");
    }
    while (digit(i)) ++i;
  }
  if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
    ++i;
    if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
    if (!digit(i)) {
      pos_ = i;
      return FailUnexpected("a digit in the exponent");
    }
    while (digit(i)) ++i;
  }
  pos_ = i;
  return true;
}

bool JsonCursor::SkipValue(int depth) {
  SkipSpace();
  if (AtEnd()) return FailUnexpected("a value");
  const char c = Peek();
  switch (c) {
    case '"': return ReadString(nullptr);
    case 't': return ReadLiteral("true");
    case 'f': return ReadLiteral("false");
    case 'n': return ReadLiteral("null");
    case '{':
    case '[': {
      if (depth + 1 > max_depth_) {
        return Fail(pos_, JsonFailure::kDepth,
                    absl::StrCat("arrays and objects are nested deeper than ", max_depth_,
                                 " levels"));
      }
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      SkipSpace();
      if (Peek() == close) {
        ++pos_;
        return true;
      }
      for (;;) {
        if (c == '{') {
          SkipSpace();
          if (Peek() != '"') return FailUnexpected("a string key");
          if (!ReadString(nullptr)) return false;
          if (!Expect(':', "':' after an object key")) return false;
        }
        if (!SkipValue(depth + 1)) return false;
        SkipSpace();
        if (Peek() == ',' && !AtEnd()) {
          ++pos_;
          continue;
        }
        if (Peek() == close && !AtEnd()) {
          ++pos_;
          return true;
        }
        return FailUnexpected(c == '{' ? "',' or '}' in an object" : "',' or ']' in an array");
      }
    }
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return ScanNumber();
      return FailUnexpected("a value");
  }
}

bool JsonCursor::ReadValue(JsonValue* out, int depth) {
  SkipSpace();
  if (AtEnd()) return FailUnexpected("a value");
  const char c = Peek();
  switch (c) {
    case '"': return ReadString(JsonDomBuilder::MakeString(out));
    case 't':
      JsonDomBuilder::SetBool(out, true);
      return ReadLiteral("true");
    case 'f':
      JsonDomBuilder::SetBool(out, false);
      return ReadLiteral("false");
    case 'n':
      JsonDomBuilder::SetNull(out);
      return ReadLiteral("null");
    case '{':
    case '[': {
      if (depth + 1 > max_depth_) {
        return Fail(pos_, JsonFailure::kDepth,
                    absl::StrCat("arrays and objects are nested deeper than ", max_depth_,
                                 " levels"));
      }
      const char close = c == '{' ? '}' : ']';
      std::vector<JsonValue>* elements = nullptr;
      std::vector<JsonMember>* members = nullptr;
      if (c == '{') {
        members = JsonDomBuilder::MakeObject(out);
      } else {
        elements = JsonDomBuilder::MakeArray(out);
      }
      ++pos_;
      SkipSpace();
      if (Peek() == close) {
        ++pos_;
        return true;
      }
      for (;;) {
        JsonValue* slot;
        if (members != nullptr) {
          SkipSpace();
          if (Peek() != '"') return FailUnexpected("a string key");
          members->emplace_back();
          if (!ReadString(&members->back().key)) return false;
          if (!Expect(':', "':' after an object key")) return false;
          slot = &members->back().value;
        } else {
          elements->emplace_back();
          slot = &elements->back();
        }
        if (!ReadValue(slot, depth + 1)) return false;
        SkipSpace();
        if (Peek() == ',' && !AtEnd()) {
          ++pos_;
          continue;
        }
        if (Peek() == close && !AtEnd()) {
          ++pos_;
          return true;
        }
        return FailUnexpected(c == '{' ? "',' or '}' in an object" : "',' or ']' in an array");
      }
    }
    default: {
      if (c != '-' && (c < '0' || c > '9')) return FailUnexpected("a value");
      const size_t begin = pos_;
      if (!ScanNumber()) return false;
      const std::string_view number = text_.substr(begin, pos_ - begin);
      double value = 0.0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
      (void)end;
      // Out of range: from_chars leaves value untouched. A negative exponent underflows to 0,
      // anything else overflows to infinity.
      if (ec == std::errc::result_out_of_range) {
        const size_t e = number.find_first_of("eE");
        const bool underflow = e != std::string_view::npos && e + 1 < number.size() &&
                               number[e + 1] == '-';
        value = underflow ? 0.0 : std::numeric_limits<double>::infinity();
        if (number[0] == '-') value = -value;
      }
      JsonDomBuilder::SetNumber(out, number, value);
      return true;
    }
  }
}

}  // namespace io_internal

absl::StatusOr<JsonValue> ParseJson(std::string_view text, int max_depth) {
  io_internal::JsonCursor cursor(text, max_depth);
  JsonValue value;
  if (cursor.ReadValue(&value, 0)) {
    cursor.SkipSpace();
    if (cursor.AtEnd()) return value;
    cursor.FailUnexpected("the end of the JSON text");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON at byte ", cursor.error_offset(), ": ", cursor.error()));
}

}  // namespace crossdoc
