// JsonWriter: JSON text for the programs' output contracts, always valid JSON and valid UTF-8.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "crossdoc/io.h"
#include "io/json_parser.h"

namespace crossdoc {

namespace {

// Bytes of the longest prefix at s[i] that could start a valid sequence but does not complete
// one (the "maximal subpart" Unicode recommends replacing as a unit); 1 for a stray byte.
size_t InvalidPrefixLength(const unsigned char* s, size_t i, size_t n) {
  const unsigned char c = s[i];
  size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  size_t k = 1;
  if (i + k < n && s[i + k] >= lo && s[i + k] <= hi) {
    ++k;
    while (k < need && i + k < n && (s[i + k] & 0xC0) == 0x80) ++k;
  }
  return k < need ? k : need - 1;
}

}  // namespace

void AppendJsonString(std::string_view utf8, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  out->reserve(out->size() + n + 2);
  out->push_back('"');
  size_t i = 0;
  while (i < n) {
    // Copy a run of bytes that need no escaping in one append.
    const size_t run = i;
    while (i < n) {
      const unsigned char c = s[i];
      if (c >= 0x80) {
        const size_t len = io_internal::Utf8SequenceLength(s, i, n);
        if (len == 0) break;
        i += len;
        continue;
      }
      if (c == '"' || c == '\\' || c < 0x20) break;
      ++i;
    }
    out->append(utf8.data() + run, i - run);
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c >= 0x80) {
      // Invalid UTF-8: one replacement character for each maximal invalid prefix.
      out->append("\xEF\xBF\xBD");
      const size_t skip = InvalidPrefixLength(s, i, n);
      i += skip;
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out->append(escape, sizeof(escape));
      }
    }
    ++i;
  }
  out->push_back('"');
}

JsonWriter::JsonWriter(int indent) : indent_(indent < 0 ? 0 : indent) {}

void JsonWriter::NewLine() {
  if (indent_ == 0) return;
  out_.push_back('\n');
  out_.append(stack_.size() * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (stack_.empty()) {
    if (has_root_) misused_ = true;
    has_root_ = true;
    return;
  }
  char& top = stack_.back();
  if (top == 'v') {
    top = 'o';
    return;
  }
  if (top == 'o') misused_ = true;  // a value where a key is due
  if (!empty_.back()) out_.push_back(',');
  empty_.back() = false;
  NewLine();
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  if (stack_.empty() || stack_.back() != 'o') {
    misused_ = true;
    return *this;
  }
  if (!empty_.back()) out_.push_back(',');
  empty_.back() = false;
  NewLine();
  AppendJsonString(key, &out_);
  out_.push_back(':');
  if (indent_ > 0) out_.push_back(' ');
  stack_.back() = 'v';
  return *this;
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  stack_.push_back('o');
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  stack_.push_back('a');
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  if (stack_.empty() || stack_.back() != 'o') {
    misused_ = true;
    if (stack_.empty()) return *this;
  }
  const bool was_empty = empty_.back();
  stack_.pop_back();
  empty_.pop_back();
  if (!was_empty) NewLine();
  out_.push_back('}');
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  if (stack_.empty() || stack_.back() != 'a') {
    misused_ = true;
    if (stack_.empty()) return *this;
  }
  const bool was_empty = empty_.back();
  stack_.pop_back();
  empty_.pop_back();
  if (!was_empty) NewLine();
  out_.push_back(']');
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view utf8) {
  BeforeValue();
  AppendJsonString(utf8, &out_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_.append("null");
    return *this;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::Double(double value, int digits) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_.append("null");
    return *this;
  }
  digits = digits < 0 ? 0 : (digits > 30 ? 30 : digits);
  char buffer[400];  // 309 integer digits, a sign, a point and 30 decimals at most
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, digits);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
  return *this;
}

bool JsonWriter::ok() const { return !misused_ && has_root_ && stack_.empty(); }

std::string JsonWriter::Release() {
  std::string result = std::move(out_);
  Clear();
  return result;
}

void JsonWriter::Clear() {
  out_.clear();
  stack_.clear();
  empty_.clear();
  has_root_ = false;
  misused_ = false;
}

}  // namespace crossdoc
