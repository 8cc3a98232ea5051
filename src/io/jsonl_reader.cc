// JsonlReader and the file readers: documents out of JSONL corpora and plain-text articles.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/document.h"
#include "crossdoc/io.h"
#include "io/iso8601.h"
#include "io/json_parser.h"

namespace crossdoc {
namespace {

constexpr size_t kReadChunk = size_t{1} << 20;
constexpr size_t kFirstReadChunk = size_t{1} << 14;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A JSON string of at most ~80 bytes of `text`, cut at a character boundary, for messages.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 80;
  std::string out;
  if (text.size() <= kMax) {
    AppendJsonString(text, &out);
    return out;
  }
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  AppendJsonString(text.substr(0, cut), &out);
  out.insert(out.size() - 1, "...");
  return out;
}

absl::Status OpenError(const std::string& path, int error_number) {
  const std::string message =
      absl::StrCat("cannot open ", path, ": ", std::strerror(error_number));
  if (error_number == ENOENT || error_number == ENOTDIR) return absl::NotFoundError(message);
  if (error_number == EACCES || error_number == EPERM) {
    return absl::PermissionDeniedError(message);
  }
  return absl::FailedPreconditionError(message);
}

// Opens a regular file for binary reading, with errors that say why it failed.
absl::StatusOr<std::unique_ptr<std::ifstream>> OpenFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path, ": is a directory"));
  }
  errno = 0;
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!file->is_open()) return OpenError(path, errno != 0 ? errno : ENOENT);
  return file;
}

struct LineProblem {
  size_t offset = 0;  // within the line
  JsonlErrorKind kind = JsonlErrorKind::kBadJson;
  std::string message;
};

JsonlErrorKind KindOf(io_internal::JsonFailure failure) {
  return failure == io_internal::JsonFailure::kUtf8 ? JsonlErrorKind::kInvalidUtf8
                                                    : JsonlErrorKind::kBadJson;
}

enum Field : int { kId, kText, kSource, kPublished, kLang, kOther };

Field FieldOf(std::string_view key) {
  if (key == "id") return kId;
  if (key == "text") return kText;
  if (key == "source") return kSource;
  if (key == "published") return kPublished;
  if (key == "lang") return kLang;
  return kOther;
}

// Parses one JSONL line (without its line end) into *doc. Scratch strings are reused across lines.
class DocumentLineParser {
 public:
  explicit DocumentLineParser(int max_depth) : max_depth_(max_depth) {}

  // Returns false and fills *problem when the line is not a valid document.
  bool Parse(std::string_view line, Document* doc, size_t* id_offset, LineProblem* problem) {
    io_internal::JsonCursor cursor(line, max_depth_);
    doc->source.clear();
    doc->lang.clear();
    doc->published.reset();
    bool seen[kOther] = {false, false, false, false, false};
    auto json_failure = [&]() {
      problem->offset = cursor.error_offset();
      problem->kind = KindOf(cursor.failure());
      problem->message = cursor.error();
      return false;
    };
    auto fail = [&](size_t at, JsonlErrorKind kind, std::string message) {
      problem->offset = at;
      problem->kind = kind;
      problem->message = std::move(message);
      return false;
    };

    cursor.SkipSpace();
    const size_t object_at = cursor.pos();
    if (cursor.Peek() != '{') {
      if (cursor.Peek() == '[' || cursor.Peek() == '"' || cursor.Peek() == 't' ||
          cursor.Peek() == 'f' || cursor.Peek() == 'n' || cursor.Peek() == '-' ||
          (cursor.Peek() >= '0' && cursor.Peek() <= '9')) {
        return fail(object_at, JsonlErrorKind::kBadJson,
                    absl::StrCat("a line must hold one JSON object, found ",
                                 io_internal::Sv(io_internal::JsonTypeNameAt(cursor.Peek()))));
      }
      cursor.FailUnexpected("'{' starting a JSON object");
      return json_failure();
    }
    if (max_depth_ < 1) {
      return fail(object_at, JsonlErrorKind::kBadJson, "nesting limit is below 1");
    }
    if (!cursor.Expect('{', "'{'")) return json_failure();
    cursor.SkipSpace();
    if (cursor.Peek() == '}') {
      cursor.Expect('}', "'}'");
    } else {
      for (;;) {
        cursor.SkipSpace();
        const size_t key_at = cursor.pos();
        if (cursor.Peek() != '"' || cursor.AtEnd()) {
          cursor.FailUnexpected("a string key");
          return json_failure();
        }
        if (!cursor.ReadString(&key_)) return json_failure();
        if (!cursor.Expect(':', "':' after an object key")) return json_failure();
        cursor.SkipSpace();
        const Field field = FieldOf(key_);
        const size_t value_at = cursor.pos();
        if (field != kOther) {
          if (seen[field]) {
            return fail(key_at, JsonlErrorKind::kBadJson,
                        absl::StrCat("duplicate key ", Quote(key_), " in the object"));
          }
          seen[field] = true;
        }
        if (field == kOther) {
          if (!cursor.SkipValue(1)) return json_failure();
        } else if (cursor.Peek() == '"' && !cursor.AtEnd()) {
          std::string* target = field == kId       ? &doc->id
                                : field == kText   ? &doc->text
                                : field == kSource ? &doc->source
                                : field == kLang   ? &doc->lang
                                                   : &scratch_;
          if (!cursor.ReadString(target)) return json_failure();
          if (field == kId) {
            *id_offset = value_at;
            if (doc->id.empty()) {
              return fail(value_at, JsonlErrorKind::kWrongType, "\"id\" must not be empty");
            }
          }
          if (field == kPublished && !scratch_.empty()) {
            size_t bad = 0;
            auto ts = io_internal::ParseIso8601At(scratch_, &bad);
            if (!ts.ok()) {
              // Point into the raw line when the string had no escapes (raw == decoded bytes).
              const bool exact = cursor.pos() - value_at - 2 == scratch_.size();
              return fail(exact ? value_at + 1 + bad : value_at + 1,
                          JsonlErrorKind::kBadTimestamp,
                          absl::StrCat("\"published\": ", ts.status().message()));
            }
            doc->published = *ts;
          }
        } else {
          // Validate the value first so that broken JSON is reported as such.
          const char first = cursor.Peek();
          if (!cursor.SkipValue(1)) return json_failure();
          const bool required = field == kId || field == kText;
          if (first == 'n' && !required) {
            seen[field] = true;  // null: unknown
          } else {
            return fail(value_at, JsonlErrorKind::kWrongType,
                        absl::StrCat("\"", key_, "\" must be a string, found ",
                                     io_internal::Sv(io_internal::JsonTypeNameAt(first))));
          }
        }
        cursor.SkipSpace();
        if (cursor.Peek() == ',' && !cursor.AtEnd()) {
          cursor.Expect(',', "','");
          continue;
        }
        if (cursor.Peek() == '}' && !cursor.AtEnd()) {
          cursor.Expect('}', "'}'");
          break;
        }
        cursor.FailUnexpected("',' or '}' in an object");
        return json_failure();
      }
    }
    cursor.SkipSpace();
    if (!cursor.AtEnd()) {
      return fail(cursor.pos(), JsonlErrorKind::kBadJson,
                  "unexpected data after the JSON object (one object a line)");
    }
    if (!seen[kId] || !seen[kText]) {
      return fail(object_at, JsonlErrorKind::kMissingField,
                  !seen[kId] && !seen[kText] ? "missing \"id\" and \"text\""
                  : !seen[kId]               ? "missing \"id\""
                                             : "missing \"text\"");
    }
    return true;
  }

 private:
  int max_depth_;
  std::string key_;
  std::string scratch_;
};

}  // namespace

std::string_view JsonlErrorKindName(JsonlErrorKind kind) {
  switch (kind) {
    case JsonlErrorKind::kBadJson: return "bad JSON";
    case JsonlErrorKind::kMissingField: return "missing field";
    case JsonlErrorKind::kWrongType: return "wrong field type";
    case JsonlErrorKind::kInvalidUtf8: return "invalid UTF-8";
    case JsonlErrorKind::kBadTimestamp: return "bad timestamp";
    case JsonlErrorKind::kDuplicateId: return "duplicate id";
    case JsonlErrorKind::kLineTooLong: return "line too long";
  }
  return "error";
}

std::string JsonlError::ToString() const {
  return absl::StrCat(file, ":", line, ":", line_offset + 1, ": ",
                      io_internal::Sv(JsonlErrorKindName(kind)), ": ", message, " (file byte ",
                      file_offset, ")");
}

absl::Status JsonlError::ToStatus() const { return absl::InvalidArgumentError(ToString()); }

absl::Status JsonlResult::FirstError() const {
  return errors.empty() ? absl::OkStatus() : errors.front().ToStatus();
}

struct JsonlReader::Impl {
  Impl(std::istream* stream, std::string stream_name, JsonlOptions opts)
      : in(stream), name(std::move(stream_name)), options(opts), parser(opts.max_depth) {}

  // Reads the next raw line into `line` (without '\n'). Returns false at the end of the input.
  // A line over the limit is consumed but not stored; *too_long says so.
  absl::StatusOr<bool> ReadLine(bool* too_long) {
    line.clear();
    *too_long = false;
    line_start = offset;
    uint64_t length = 0;
    const size_t limit = options.max_line_bytes;
    bool any = false;
    for (;;) {
      if (pos == end) {
        if (eof) return any;
        // The buffer starts small (a short input costs no 1 MiB allocation) and doubles up to
        // kReadChunk while the input keeps filling it.
        if (buffer.size() < kReadChunk && end == buffer.size()) {
          buffer.resize(std::min(kReadChunk, buffer.empty() ? kFirstReadChunk : 2 * buffer.size()));
        }
        in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<size_t>(in->gcount());
        if (in->bad()) {
          return absl::DataLossError(
              absl::StrCat(name, ":", line_no + 1, ": read error: ", std::strerror(errno)));
        }
        pos = 0;
        end = got;
        if (got < buffer.size()) eof = true;
        if (got == 0) return any;
      }
      any = true;
      const char* begin = buffer.data() + pos;
      const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end - pos));
      const size_t take = newline != nullptr ? static_cast<size_t>(newline - begin) : end - pos;
      if (!*too_long && limit != 0 && length + take > limit) {
        *too_long = true;
        line.clear();
      }
      if (!*too_long) line.append(begin, take);
      length += take;
      pos += take;
      offset += take;
      if (newline != nullptr) {
        ++pos;
        ++offset;
        return true;
      }
    }
  }

  absl::StatusOr<bool> NextDocument(Document* doc) {
    if (!sticky.ok()) return sticky;
    for (;;) {
      bool too_long = false;
      auto got = ReadLine(&too_long);
      if (!got.ok()) {
        sticky = got.status();
        return sticky;
      }
      if (!*got) return false;
      ++line_no;
      if (too_long) {
        if (!Record(options.max_line_bytes, JsonlErrorKind::kLineTooLong,
                    absl::StrCat("the line is longer than the limit of ", options.max_line_bytes,
                                 " bytes (JsonlOptions::max_line_bytes)"))) {
          return sticky;
        }
        continue;
      }
      std::string_view view = line;
      size_t base = 0;  // bytes cut from the front of the line (a byte order mark)
      if (line_no == 1 && view.substr(0, kBom.size()) == kBom) {
        view.remove_prefix(kBom.size());
        base = kBom.size();
      }
      if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
      if (view.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank line

      LineProblem problem;
      size_t id_offset = 0;
      if (!parser.Parse(view, doc, &id_offset, &problem)) {
        if (!Record(base + problem.offset, problem.kind, std::move(problem.message))) {
          return sticky;
        }
        continue;
      }
      if (options.reject_duplicate_ids) {
        const auto [it, inserted] = first_line_of_id.try_emplace(doc->id, line_no);
        if (!inserted) {
          if (!Record(base + id_offset, JsonlErrorKind::kDuplicateId,
                      absl::StrCat("duplicate id ", Quote(doc->id), " (first read on line ",
                                   it->second, ")"))) {
            return sticky;
          }
          continue;
        }
      }
      return true;
    }
  }

  // Records a bad line at `line_offset` bytes into it. Returns false when reading must stop.
  bool Record(uint64_t line_offset, JsonlErrorKind kind, std::string message) {
    JsonlError error;
    error.file = name;
    error.line = line_no;
    error.line_offset = line_offset;
    error.file_offset = line_start + line_offset;
    error.kind = kind;
    error.message = std::move(message);
    errors.push_back(std::move(error));
    if (options.on_bad_line == OnBadLine::kStop) {
      sticky = errors.back().ToStatus();
      return false;
    }
    return true;
  }

  std::unique_ptr<std::istream> owned;
  std::istream* in;
  std::string name;
  JsonlOptions options;
  DocumentLineParser parser;
  std::vector<char> buffer;
  size_t pos = 0;
  size_t end = 0;
  bool eof = false;
  std::string line;
  uint64_t line_no = 0;
  uint64_t line_start = 0;
  uint64_t offset = 0;
  std::optional<uint64_t> size;
  std::vector<JsonlError> errors;
  absl::Status sticky;
  absl::flat_hash_map<std::string, uint64_t> first_line_of_id;
};

JsonlReader::JsonlReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

JsonlReader::JsonlReader(std::istream& in, std::string name, JsonlOptions options)
    : impl_(std::make_unique<Impl>(&in, std::move(name), options)) {}

JsonlReader::JsonlReader(JsonlReader&&) noexcept = default;
JsonlReader& JsonlReader::operator=(JsonlReader&&) noexcept = default;
JsonlReader::~JsonlReader() = default;

absl::StatusOr<JsonlReader> JsonlReader::Open(const std::string& path, JsonlOptions options) {
  if (path == "-") return JsonlReader(std::cin, "<stdin>", options);
  auto file = OpenFile(path);
  if (!file.ok()) return file.status();
  auto impl = std::make_unique<Impl>(file->get(), path, options);
  impl->owned = *std::move(file);
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) impl->size = size;
  }
  return JsonlReader(std::move(impl));
}

absl::StatusOr<bool> JsonlReader::Next(Document* doc) { return impl_->NextDocument(doc); }

absl::StatusOr<std::optional<Document>> JsonlReader::Next() {
  Document doc;
  auto got = impl_->NextDocument(&doc);
  if (!got.ok()) return got.status();
  if (!*got) return std::optional<Document>();
  return std::optional<Document>(std::move(doc));
}

const std::vector<JsonlError>& JsonlReader::errors() const { return impl_->errors; }
uint64_t JsonlReader::lines_read() const { return impl_->line_no; }
uint64_t JsonlReader::bytes_read() const { return impl_->offset; }
std::optional<uint64_t> JsonlReader::size_hint() const { return impl_->size; }
const std::string& JsonlReader::name() const { return impl_->name; }

namespace {

absl::StatusOr<JsonlResult> Drain(JsonlReader& reader) {
  JsonlResult result;
  for (;;) {
    Document doc;
    auto got = reader.Next(&doc);
    if (!got.ok()) {
      // A bad line in kStop mode ends reading normally; only I/O failures fail the call.
      if (!reader.errors().empty() && got.status() == reader.errors().back().ToStatus()) break;
      return got.status();
    }
    if (!*got) break;
    result.documents.push_back(std::move(doc));
  }
  result.errors = reader.errors();
  return result;
}

}  // namespace

absl::StatusOr<JsonlResult> ReadJsonlFile(const std::string& path, JsonlOptions options) {
  auto reader = JsonlReader::Open(path, options);
  if (!reader.ok()) return reader.status();
  return Drain(*reader);
}

absl::StatusOr<JsonlResult> ReadJsonl(std::istream& in, std::string name, JsonlOptions options) {
  JsonlReader reader(in, std::move(name), options);
  return Drain(reader);
}

absl::StatusOr<Document> ReadTextFile(const std::string& path) {
  auto file = OpenFile(path);
  if (!file.ok()) return file.status();
  Document doc;
  doc.id = std::filesystem::path(path).filename().string();
  std::ifstream& in = **file;
  std::vector<char> chunk(kReadChunk);
  for (;;) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    doc.text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    if (in.bad()) {
      return absl::DataLossError(absl::StrCat("read error in ", path, ": ", std::strerror(errno)));
    }
    if (!in) break;
  }
  if (std::string_view(doc.text).substr(0, kBom.size()) == kBom) doc.text.erase(0, kBom.size());
  return doc;
}

absl::StatusOr<JsonlResult> ReadDocumentFile(const std::string& path, JsonlOptions options) {
  const std::string extension =
      absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  if (path == "-" || extension == ".jsonl" || extension == ".ndjson") {
    return ReadJsonlFile(path, options);
  }
  auto doc = ReadTextFile(path);
  if (!doc.ok()) return doc.status();
  JsonlResult result;
  result.documents.push_back(*std::move(doc));
  return result;
}

}  // namespace crossdoc
