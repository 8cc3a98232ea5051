// Fuzz target: text analysis (stage 1) on arbitrary bytes, strict and lenient.
//
// Checks what text.h promises for every input: strict mode fails exactly when the bytes are not
// UTF-8, and names that offset; lenient mode never fails; every span lies inside the original
// text, sentences and tokens are ordered and do not overlap, every token sits inside its
// sentence, repairs cover exactly the invalid bytes, and Normalize() is idempotent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crossdoc/text.h"
#include "fuzz_check.h"

namespace {

void CheckAnalysis(const crossdoc::AnalyzedText& a, std::string_view input) {
  FUZZ_CHECK(a.text() == input);
  const uint32_t size = static_cast<uint32_t>(input.size());
  uint32_t last_end = 0;
  size_t tokens_in_sentences = 0;
  for (size_t s = 0; s < a.sentences().size(); ++s) {
    const crossdoc::Sentence& sentence = a.sentences()[s];
    FUZZ_CHECK(sentence.span.begin <= sentence.span.end && sentence.span.end <= size);
    FUZZ_CHECK(sentence.span.begin >= last_end);
    last_end = sentence.span.end;
    FUZZ_CHECK(size_t{sentence.first_token} + sentence.token_count <= a.tokens().size());
    FUZZ_CHECK(sentence.first_token == tokens_in_sentences);
    tokens_in_sentences += sentence.token_count;
    for (const crossdoc::Token& t : a.TokensOf(sentence)) {
      FUZZ_CHECK(t.sentence == s);
      FUZZ_CHECK(t.span.begin >= sentence.span.begin && t.span.end <= sentence.span.end);
    }
  }
  FUZZ_CHECK(tokens_in_sentences == a.tokens().size());
  last_end = 0;
  for (const crossdoc::Token& t : a.tokens()) {
    FUZZ_CHECK(t.span.begin < t.span.end && t.span.end <= size);
    FUZZ_CHECK(t.span.begin >= last_end);
    last_end = t.span.end;
    // Normalized form and key are views into the arena; reading them must stay in bounds.
    const std::string_view norm = a.Normalized(t);
    const std::string_view key = a.Key(t);
    FUZZ_CHECK(norm.size() == t.norm_size && key.size() == t.key_size);
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(norm).has_value());
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(key).has_value());
    (void)a.Original(t);
  }
  last_end = 0;
  for (const crossdoc::Utf8Repair& r : a.repairs()) {
    FUZZ_CHECK(r.length > 0 && r.offset >= last_end && r.offset + r.length <= size);
    // Each repaired range starts with bytes that are not valid UTF-8 there.
    const auto bad = crossdoc::FindInvalidUtf8(input.substr(r.offset));
    FUZZ_CHECK(bad.has_value() && *bad == 0);
    last_end = r.offset + r.length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return -1;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::optional<size_t> invalid = crossdoc::FindInvalidUtf8(input);
  FUZZ_CHECK(!invalid.has_value() || *invalid < size);

  static const crossdoc::Analyzer* strict = new crossdoc::Analyzer();
  static const crossdoc::Analyzer* lenient =
      new crossdoc::Analyzer({.lenient_utf8 = true, .split_headline_lines = false});

  auto s = strict->Analyze(input);
  FUZZ_CHECK(s.ok() == !invalid.has_value());
  if (s.ok()) {
    CheckAnalysis(*s, input);
    FUZZ_CHECK(s->repairs().empty());
  } else {
    FUZZ_CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(std::string(s.status().message()).find(std::to_string(*invalid)) !=
               std::string::npos);
  }
  auto l = lenient->Analyze(input);
  FUZZ_CHECK(l.ok());
  CheckAnalysis(*l, input);
  FUZZ_CHECK(l->repairs().empty() == !invalid.has_value());
  if (invalid) FUZZ_CHECK(l->repairs()[0].offset == *invalid);

  // A size limit below the input is an error, never a partial analysis.
  if (size > 1) {
    crossdoc::Analyzer limited({.lenient_utf8 = true, .max_text_bytes = size - 1});
    FUZZ_CHECK(!limited.Analyze(input).ok());
  }

  if (size <= 4096) {
    const std::string once = crossdoc::Normalize(input);
    FUZZ_CHECK(!crossdoc::FindInvalidUtf8(once).has_value());
    FUZZ_CHECK(crossdoc::Normalize(once) == once);
  }
  if (size <= 256) {
    (void)crossdoc::DecodeDevanagariAcronym(input);
    (void)crossdoc::TransliterateToLatin(input);
  }
  return 0;
}
