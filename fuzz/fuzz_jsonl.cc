// Fuzz target: the JSONL reader and the JSON parser on arbitrary bytes.
//
// Checks what io.h promises: reading never fails on content (bad lines are reported), every error
// names a line that exists and an offset inside the input, every document read has a non-empty
// UTF-8 id and UTF-8 text, ids are unique, stop mode returns exactly the skip-mode documents that
// come before the first bad line, and a bounded line length is enforced.
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "crossdoc/io.h"
#include "crossdoc/text.h"
#include "fuzz_check.h"

namespace {

bool SameDocument(const crossdoc::Document& a, const crossdoc::Document& b) {
  return a.id == b.id && a.text == b.text && a.source == b.source && a.lang == b.lang &&
         a.published == b.published;
}

crossdoc::JsonlResult Read(std::string_view input, crossdoc::JsonlOptions options) {
  std::istringstream in{std::string(input)};
  auto result = crossdoc::ReadJsonl(in, "fuzz.jsonl", options);
  FUZZ_CHECK(result.ok());  // a stream in memory never has an I/O error
  return *std::move(result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return -1;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  uint64_t newlines = 0;
  for (char c : input) newlines += (c == '\n');

  crossdoc::JsonlOptions skip{.on_bad_line = crossdoc::OnBadLine::kSkip};
  const crossdoc::JsonlResult all = Read(input, skip);
  std::set<std::string> ids;
  for (const crossdoc::Document& d : all.documents) {
    FUZZ_CHECK(!d.id.empty());
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(d.id).has_value());
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(d.text).has_value());
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(d.source).has_value());
    FUZZ_CHECK(ids.insert(d.id).second);
  }
  uint64_t last_line = 0;
  for (const crossdoc::JsonlError& e : all.errors) {
    FUZZ_CHECK(e.line > last_line && e.line <= newlines + 1);
    last_line = e.line;
    FUZZ_CHECK(e.file_offset <= size && e.line_offset <= e.file_offset);
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(e.ToString().find("fuzz.jsonl:" + std::to_string(e.line) + ":") == 0);
  }
  FUZZ_CHECK(all.FirstError().ok() == all.errors.empty());

  // Stop mode: the same documents up to the first bad line, then nothing more.
  const crossdoc::JsonlResult stopped = Read(input, {});
  FUZZ_CHECK(stopped.errors.size() == (all.errors.empty() ? 0u : 1u));
  if (!all.errors.empty()) {
    FUZZ_CHECK(stopped.errors[0].line == all.errors[0].line);
    FUZZ_CHECK(stopped.errors[0].kind == all.errors[0].kind);
  }
  FUZZ_CHECK(stopped.documents.size() <= all.documents.size());
  for (size_t i = 0; i < stopped.documents.size(); ++i) {
    FUZZ_CHECK(SameDocument(stopped.documents[i], all.documents[i]));
  }

  // The streaming reader with buffer reuse gives the same documents as the whole-input call.
  {
    std::istringstream in{std::string(input)};
    crossdoc::JsonlReader reader(in, "fuzz.jsonl", skip);
    crossdoc::Document doc;
    size_t n = 0;
    for (;;) {
      auto more = reader.Next(&doc);
      FUZZ_CHECK(more.ok());
      if (!*more) break;
      FUZZ_CHECK(n < all.documents.size() && SameDocument(doc, all.documents[n]));
      ++n;
    }
    FUZZ_CHECK(n == all.documents.size());
    FUZZ_CHECK(reader.errors().size() == all.errors.size());
    FUZZ_CHECK(reader.bytes_read() <= size);
  }

  // A tight line limit and nesting limit turn long or deep lines into errors, losing nothing else.
  if (size > 0) {
    crossdoc::JsonlOptions tight = skip;
    tight.max_line_bytes = 1 + data[0] % 64;
    tight.max_depth = 1 + data[size - 1] % 4;
    const crossdoc::JsonlResult t = Read(input, tight);
    for (const crossdoc::JsonlError& e : t.errors) {
      if (e.kind == crossdoc::JsonlErrorKind::kLineTooLong) {
        FUZZ_CHECK(e.line_offset == tight.max_line_bytes);
      }
    }
    FUZZ_CHECK(t.documents.size() <= all.documents.size());
  }

  // The DOM parser on the same bytes: an error or a value, never a crash.
  auto dom = crossdoc::ParseJson(input, 32);
  if (!dom.ok()) FUZZ_CHECK(dom.status().code() == absl::StatusCode::kInvalidArgument);
  return 0;
}
