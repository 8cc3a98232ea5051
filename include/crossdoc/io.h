// Input and output contracts: reading documents (JSONL corpora, plain .txt articles) and writing
// the JSON that crossdoc's programs print (see DESIGN.md, "Contracts other programs rely on").
//
// Reading is strict and streaming: one JSONL line at a time, linear in its length, with every
// error naming the file, the line, and the byte offset (within the line and within the file).
// Nothing here talks to ICU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossdoc/document.h"

namespace crossdoc {

// ------------------------------------------------------------------------------------------------
// JSONL document reader
//
// One JSON object a line:
//   {"id": "...", "text": "...", "source": "...", "published": "2024-04-10T08:22:00+05:30",
//    "lang": "hi"}
// `id` (a non-empty string) and `text` (a string) are required. `source`, `published` and `lang`
// are optional strings; null or a missing key means unknown, and "published": "" is unknown too.
// Any other key is validated as JSON and ignored, whatever its value (arrays, objects, numbers).
// Blank lines (only spaces, tabs, CR) are skipped. CRLF line ends, a UTF-8 byte order mark at the
// start of the file and a last line without a newline are all accepted.

enum class OnBadLine {
  kStop,  // the first bad line ends reading; everything read before it is kept
  kSkip,  // a bad line is recorded in errors() and reading goes on with the next line
};

struct JsonlOptions {
  OnBadLine on_bad_line = OnBadLine::kStop;
  // A line longer than this many bytes (without its '\n'; the '\r' of a CRLF counts) is a
  // kLineTooLong error reported at this offset in the line; its bytes are discarded as they
  // are read, so memory stays bounded. 0 = no limit.
  size_t max_line_bytes = size_t{256} << 20;
  // Arrays and objects nested deeper than this (the document object counts as 1) are an error.
  int max_depth = 64;
  // A second line with an id already read is a kDuplicateId error (the first one is kept).
  // Costs one hash-set entry per document.
  bool reject_duplicate_ids = true;
};

enum class JsonlErrorKind {
  kBadJson,       // not one well-formed JSON object (syntax, nesting depth, trailing data)
  kMissingField,  // no "id" or no "text"
  kWrongType,     // a known field holds the wrong JSON type ("text": 5), or "id" is ""
  kInvalidUtf8,   // a string holds bytes that are not UTF-8, or an unpaired \uD800-\uDFFF escape
  kBadTimestamp,  // "published" is not an ISO 8601 timestamp crossdoc::ParseIso8601 accepts
  kDuplicateId,   // the id was already read on an earlier line
  kLineTooLong,   // the line exceeds JsonlOptions::max_line_bytes
};

// "bad JSON", "missing field", ... (stable, for messages).
std::string_view JsonlErrorKindName(JsonlErrorKind kind);

// One bad line.
struct JsonlError {
  std::string file;          // the name the reader was given ("<stdin>" for standard input)
  uint64_t line = 0;         // 1-based line number
  uint64_t line_offset = 0;  // byte offset of the problem within the line (0-based)
  uint64_t file_offset = 0;  // byte offset of the problem within the file (0-based)
  JsonlErrorKind kind = JsonlErrorKind::kBadJson;
  std::string message;       // what is wrong, e.g. "\"text\" must be a string, found a number"

  // "corpus.jsonl:17:34: bad JSON: expected ':' after an object key (file byte 2051)"; the
  // column is 1-based bytes (line_offset + 1), as compilers print it.
  std::string ToString() const;
  // InvalidArgumentError(ToString()).
  absl::Status ToStatus() const;
};

// Streams documents out of a JSONL file or stream, one line at a time.
//
// Cost: linear in the input; each line is held in memory once (plus the decoded strings), and
// buffers are reused from line to line. Not thread-safe; use one reader per thread.
class JsonlReader {
 public:
  // Opens a file; "-" means standard input. Errors: NotFoundError / PermissionDeniedError /
  // FailedPreconditionError naming the path when it cannot be opened.
  static absl::StatusOr<JsonlReader> Open(const std::string& path, JsonlOptions options = {});
  // Reads from a stream the caller owns and keeps alive; `name` is used in error messages.
  JsonlReader(std::istream& in, std::string name, JsonlOptions options = {});

  JsonlReader(JsonlReader&&) noexcept;
  JsonlReader& operator=(JsonlReader&&) noexcept;
  ~JsonlReader();

  // The next document, or nullopt at the end of the input.
  // kStop: a bad line returns its error (InvalidArgument, JsonlError::ToString() as the message),
  //        and every later call returns the same error.
  // kSkip: bad lines are recorded in errors() and skipped; only I/O failures are returned.
  // I/O failure while reading: DataLossError naming the file and line.
  absl::StatusOr<std::optional<Document>> Next();
  // Same as Next(), reusing *doc's string buffers (faster for large corpora). Returns false at
  // the end of the input, leaving *doc unspecified.
  absl::StatusOr<bool> Next(Document* doc);

  // Bad lines so far, in input order (at most one in kStop mode).
  const std::vector<JsonlError>& errors() const;
  // Lines consumed so far (including blank and bad ones), and bytes consumed (for progress).
  uint64_t lines_read() const;
  uint64_t bytes_read() const;
  // Size of the input in bytes when known (a regular file), else nullopt.
  std::optional<uint64_t> size_hint() const;
  const std::string& name() const;

 private:
  struct Impl;
  explicit JsonlReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct JsonlResult {
  std::vector<Document> documents;  // every good line, in input order
  std::vector<JsonlError> errors;   // every bad line (kSkip), or the one that stopped reading
  // OkStatus() when there were no bad lines, else the first error's ToStatus().
  absl::Status FirstError() const;
};

// Reads a whole JSONL file ("-" = standard input). Bad lines do not fail the call: they are in
// result.errors, and in kStop mode reading ends at the first one with all earlier documents kept.
// Errors: the file cannot be opened or read.
absl::StatusOr<JsonlResult> ReadJsonlFile(const std::string& path, JsonlOptions options = {});
// The same over a stream the caller owns.
absl::StatusOr<JsonlResult> ReadJsonl(std::istream& in, std::string name,
                                      JsonlOptions options = {});

// Reads a plain-text article: id = the file name without its directory
// ("000_81f94b823ac39b14.txt"), text = the file's bytes with a leading UTF-8 byte order mark
// removed (nothing else changes, so spans into `text` are file offsets minus 3 when there was a
// mark). source, published and lang stay empty. The bytes are not checked for UTF-8 here; the
// text stage does that (AnalyzerOptions). Errors: the file cannot be opened or read.
absl::StatusOr<Document> ReadTextFile(const std::string& path);

// Reads a `.jsonl` file with ReadJsonlFile(), anything else as one ReadTextFile() article; what
// the example programs do with each FILE argument.
absl::StatusOr<JsonlResult> ReadDocumentFile(const std::string& path, JsonlOptions options = {});

// ------------------------------------------------------------------------------------------------
// JSON values (a small DOM, for reading configuration and checking the programs' output)

class JsonValue;
struct JsonMember;

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  JsonValue() = default;  // null
  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // Accessors return false / 0 / "" / empty when the type differs.
  bool boolean() const { return type_ == Type::kBool && bool_; }
  double number() const { return type_ == Type::kNumber ? number_ : 0.0; }
  // A number's text exactly as written ("12", "-0.5e3"), for exact integers beyond 2^53.
  const std::string& number_text() const { return type_ == Type::kNumber ? string_ : Empty(); }
  const std::string& string() const { return type_ == Type::kString ? string_ : Empty(); }
  const std::vector<JsonValue>& array() const { return array_; }
  // Members in input order; duplicate keys are kept as written.
  const std::vector<JsonMember>& object() const { return object_; }
  // The first member named `key`, or nullptr (also when this is not an object).
  const JsonValue* Find(std::string_view key) const;
  // Array elements or object members; 0 otherwise.
  size_t size() const;

 private:
  friend class JsonDomBuilder;
  static const std::string& Empty();
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<JsonValue> array_;
  std::vector<JsonMember> object_;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

// Parses one complete JSON text (RFC 8259; surrounding white space allowed). Strings must be
// UTF-8; \u escapes must pair surrogates. Cost: linear in the input.
// Errors: InvalidArgumentError naming the byte offset and what is wrong.
absl::StatusOr<JsonValue> ParseJson(std::string_view text, int max_depth = 256);

// ------------------------------------------------------------------------------------------------
// JSON writer

// Builds JSON text into a std::string. Commas and colons are placed automatically:
//   JsonWriter w;
//   w.BeginObject().Key("clusters").BeginArray().String("a").String("b").EndArray().EndObject();
//   w.str() == R"({"clusters":["a","b"]})"
// Strings: '"', '\\' and control characters are escaped; valid UTF-8 (Devanagari, emoji) is kept
// as is; each invalid UTF-8 sequence becomes U+FFFD so the output is always valid JSON.
// Numbers: NaN and infinities are written as null (JSON has no such numbers).
// Misuse (a value where a key is due, unbalanced End*) is not checked at run time beyond ok().
class JsonWriter {
 public:
  // indent = 0 writes everything on one line; > 0 pretty-prints with that many spaces a level.
  explicit JsonWriter(int indent = 0);

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view utf8);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  // Shortest text that reads back as exactly `value` ("0.1", "1e+300").
  JsonWriter& Double(double value);
  // Fixed notation with `digits` after the point ("0.857"); trailing zeros kept.
  JsonWriter& Double(double value, int digits);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-serialized JSON as one value (not checked).
  JsonWriter& Raw(std::string_view json);

  // True when the output is one complete, balanced JSON value and no call was out of place.
  bool ok() const;
  const std::string& str() const { return out_; }
  std::string Release();
  void Clear();

 private:
  void BeforeValue();
  void NewLine();
  std::string out_;
  // One entry a level: 'o' object awaiting a key, 'v' object awaiting the key's value, 'a' array.
  std::string stack_;
  std::vector<bool> empty_;  // per level: nothing written inside yet
  int indent_ = 0;
  bool has_root_ = false;
  bool misused_ = false;
};

// Appends `utf8` as a quoted, escaped JSON string (same rules as JsonWriter::String).
void AppendJsonString(std::string_view utf8, std::string* out);

}  // namespace crossdoc
