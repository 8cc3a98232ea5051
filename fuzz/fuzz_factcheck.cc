// Fuzz target: the whole fact-check pipeline (analyze, facts, align, reconcile) on a pair of
// arbitrary documents.
//
// Input: byte 0 holds options (bit 0: a publication time for document A, bit 1: one for B,
// bit 2: strict date order month-first, bit 3: no token diffs); the rest is split at its first
// 0xFF byte (never part of UTF-8) into document A and document B; without one, B is empty.
// Both are analyzed leniently, so every input reaches the later stages.
//
// Checks what the headers promise: every span (facts, datelines, passages, sentence pairs, diff
// segments, findings) lies inside its document's original bytes; a finding's text is exactly the
// bytes of its span; similarities and confidences are in [0, 1]; nothing fails on content.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crossdoc/align.h"
#include "crossdoc/facts.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"
#include "fuzz_check.h"

namespace {

using crossdoc::ByteSpan;

void CheckSpan(const ByteSpan& span, std::string_view text) {
  FUZZ_CHECK(span.begin <= span.end && span.end <= text.size());
}

void CheckFacts(const crossdoc::DocumentFacts& facts, const crossdoc::AnalyzedText& text) {
  uint32_t last = 0;
  for (const crossdoc::Fact& f : facts.facts) {
    CheckSpan(f.span, text.text());
    FUZZ_CHECK(f.span.begin >= last);  // in text order
    last = f.span.begin;
    FUZZ_CHECK(f.confidence >= 0.0f && f.confidence <= 1.0f);
    FUZZ_CHECK(f.sentence < text.sentences().size() || text.sentences().empty());
    FUZZ_CHECK(size_t{f.first_token} + f.token_count <= text.tokens().size());
    FUZZ_CHECK(!f.value.empty());
  }
  for (const crossdoc::Dateline& d : facts.datelines) CheckSpan(d.span, text.text());
}

void CheckAlignment(const crossdoc::Alignment& al, const crossdoc::AnalyzedText& a,
                    const crossdoc::AnalyzedText& b) {
  for (const crossdoc::Passage& p : al.passages) {
    CheckSpan(p.a_span, a.text());
    CheckSpan(p.b_span, b.text());
    FUZZ_CHECK(p.similarity >= 0.0 && p.similarity <= 1.0 + 1e-9);
    for (const crossdoc::SentencePair& sp : p.pairs) {
      CheckSpan(sp.a_span, a.text());
      CheckSpan(sp.b_span, b.text());
      FUZZ_CHECK(size_t{sp.a_first_sentence} + sp.a_sentence_count <= a.sentences().size());
      FUZZ_CHECK(size_t{sp.b_first_sentence} + sp.b_sentence_count <= b.sentences().size());
      FUZZ_CHECK(sp.similarity >= 0.0 && sp.similarity <= 1.0 + 1e-9);
      for (const crossdoc::DiffSegment& d : sp.diff) {
        CheckSpan(d.a_span, a.text());
        CheckSpan(d.b_span, b.text());
        FUZZ_CHECK(size_t{d.a_first_token} + d.a_token_count <= a.tokens().size());
        FUZZ_CHECK(size_t{d.b_first_token} + d.b_token_count <= b.tokens().size());
      }
    }
  }
  FUZZ_CHECK(al.truncated == !al.truncation_reason.empty());
}

void CheckFindings(const std::vector<crossdoc::Finding>& findings,
                   const std::vector<std::string_view>& texts) {
  for (const crossdoc::Finding& f : findings) {
    for (const crossdoc::FindingSide* side : {&f.a, &f.b}) {
      FUZZ_CHECK(side->doc < texts.size());
      const std::string_view text = texts[side->doc];
      CheckSpan(side->span, text);
      FUZZ_CHECK(side->text == side->span.In(text));
      FUZZ_CHECK(!side->value.empty());
    }
    FUZZ_CHECK(f.confidence >= 0.0 && f.confidence <= 1.0);
    FUZZ_CHECK(!f.explanation.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (64u << 10)) return -1;
  const uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t cut = rest.find('\xFF');
  const std::string_view text_a = rest.substr(0, cut);
  const std::string_view text_b = cut == std::string_view::npos ? "" : rest.substr(cut + 1);

  static const crossdoc::Analyzer* analyzer = new crossdoc::Analyzer({.lenient_utf8 = true});
  auto a = analyzer->Analyze(text_a);
  auto b = analyzer->Analyze(text_b);
  FUZZ_CHECK(a.ok() && b.ok());

  crossdoc::FactOptions fa, fb;
  // Wed 2025-03-05 08:22 IST and the next day, so relative dates have something to resolve.
  if (flags & 1) fa.published = crossdoc::Timestamp{1741143120, 330};
  if (flags & 2) fb.published = crossdoc::Timestamp{1741229520, 330};
  fa.numeric_month_first = fb.numeric_month_first = (flags & 4) != 0;
  const crossdoc::DocumentFacts facts_a = crossdoc::ExtractFacts(*a, fa);
  const crossdoc::DocumentFacts facts_b = crossdoc::ExtractFacts(*b, fb);
  CheckFacts(facts_a, *a);
  CheckFacts(facts_b, *b);

  crossdoc::ReconcileOptions options;
  // Small bounds keep each execution fast; they are limits, not different code paths.
  options.align.max_candidate_pairs = 20000;
  options.align.max_diff_cells = 2'000'000;
  options.align.diff_tokens = (flags & 8) == 0;

  auto pair = crossdoc::Align(*a, *b, options.align);
  FUZZ_CHECK(pair.ok());
  CheckAlignment(*pair, *a, *b);
  auto within = crossdoc::AlignWithin(*a, options.align);
  FUZZ_CHECK(within.ok());
  CheckAlignment(*within, *a, *a);

  const crossdoc::ReconcileDocument doc_a{"a", &*a, &facts_a, "Outlet A"};
  const crossdoc::ReconcileDocument doc_b{"b", &*b, &facts_b, ""};
  const std::vector<std::string_view> texts = {a->text(), b->text()};
  CheckFindings(crossdoc::ReconcilePair(doc_a, doc_b, *pair, options), texts);
  CheckFindings(crossdoc::ReconcileWithin(doc_a, *within, options), {a->text()});

  const std::vector<crossdoc::ReconcileDocument> docs = {doc_a, doc_b};
  auto report = crossdoc::Reconcile(docs, options);
  FUZZ_CHECK(report.ok());
  CheckFindings(report->findings, texts);
  for (const crossdoc::DocumentPassage& p : report->passages) {
    FUZZ_CHECK(p.a < 2 && p.b < 2);
    CheckSpan(p.a_span, texts[p.a]);
    CheckSpan(p.b_span, texts[p.b]);
  }
  return 0;
}
