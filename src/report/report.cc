// Report stage: validation, shared helpers, the JSON contract and the plain-text report.
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "crossdoc/io.h"
#include "crossdoc/report.h"
#include "report/report_internal.h"
#include "text/utf8.h"

namespace crossdoc {
namespace report_internal {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t ValidSequenceLength(const unsigned char* s, size_t i, size_t n) {
  char32_t unused;
  return text_internal::DecodeUtf8(std::string_view(reinterpret_cast<const char*>(s), n), i,
                                   &unused);
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Walks `bytes`, calling emit_valid(run) for runs of valid, ordinary characters and
// special(c) for ASCII bytes the caller wants to treat specially (special returns true when it
// handled the byte); invalid sequences go to invalid().
template <typename IsSpecial, typename OnSpecial, typename OnInvalid>
void WalkUtf8(std::string_view bytes, std::string* out, IsSpecial is_special, OnSpecial on_special,
              OnInvalid on_invalid) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const size_t run = i;
    size_t len = 0;
    while (i < n) {
      if (s[i] < 0x80) {
        if (is_special(s[i])) break;
        ++i;
        continue;
      }
      len = ValidSequenceLength(s, i, n);
      if (len == 0) break;
      i += len;
    }
    out->append(bytes.data() + run, i - run);
    if (i >= n) break;
    if (s[i] < 0x80) {
      on_special(s[i]);
      ++i;
    } else {
      on_invalid();
      ++i;  // one replacement per stray byte keeps the walk simple and bounded
      while (i < n && (s[i] & 0xC0) == 0x80 && ValidSequenceLength(s, i, n) == 0) ++i;
    }
  }
}

}  // namespace

std::string_view VerdictWord(Verdict verdict) {
  return verdict == Verdict::kConflict ? "conflict" : "agreement";
}

std::string_view DisplayName(const ReportDocument& doc) {
  return doc.source.empty() ? std::string_view(doc.id) : std::string_view(doc.source);
}

std::string PublishedText(const ReportDocument& doc) {
  return doc.published ? doc.published->ToIso8601() : std::string();
}

size_t KindCounts::Total(Verdict verdict) const {
  size_t total = 0;
  for (const auto& row : counts) total += row[static_cast<int>(verdict)];
  return total;
}

KindCounts CountFindings(const ReconcileReport& report) {
  KindCounts counts;
  for (const Finding& f : report.findings) {
    const int kind = static_cast<int>(f.kind);
    if (kind < 0 || kind > 3) continue;
    ++counts.counts[kind][f.verdict == Verdict::kConflict ? 0 : 1];
  }
  return counts;
}

void AppendHtmlEscaped(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + bytes.size());
  WalkUtf8(
      bytes, out,
      [](unsigned char c) {
        return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
               (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;
      },
      [out](unsigned char c) {
        switch (c) {
          case '&': out->append("&amp;"); break;
          case '<': out->append("&lt;"); break;
          case '>': out->append("&gt;"); break;
          case '"': out->append("&quot;"); break;
          case '\'': out->append("&#39;"); break;
          // A raw CR would be folded into the next LF by every HTML parser; a reference is not.
          case '\r': out->append("&#13;"); break;
          default: out->append(kReplacement); break;
        }
      },
      [out] { out->append(kReplacement); });
}

void AppendPlainQuoted(std::string_view bytes, std::string* out) {
  WalkUtf8(
      bytes, out, [](unsigned char c) { return c < 0x20 || c == 0x7F; },
      [out](unsigned char c) {
        if (c == '\n' || c == '\r' || c == '\t') out->push_back(' ');
      },
      [out] { out->append(kReplacement); });
}

}  // namespace report_internal

namespace {

using report_internal::DisplayName;
using report_internal::PublishedText;
using report_internal::SpanText;
using report_internal::VerdictWord;

bool IsContinuationByte(std::string_view text, uint32_t offset) {
  return offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
}

absl::Status CheckSpan(absl::Span<const ReportDocument> documents, uint32_t doc, ByteSpan span,
                       std::string_view what) {
  if (doc >= documents.size()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(what), ": document index ", doc,
                                                   " out of range (", documents.size(),
                                                   " documents)"));
  }
  const AnalyzedText* text = documents[doc].text;
  const std::string_view bytes = text->text();
  if (span.begin > span.end || span.end > bytes.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(what), ": span [", span.begin, ", ", span.end, ") outside document \"",
        documents[doc].id, "\" (", bytes.size(), " bytes)"));
  }
  // Lenient decoding may start a token on a stray continuation byte; only clean texts are checked.
  if (text->repairs().empty() &&
      (IsContinuationByte(bytes, span.begin) || IsContinuationByte(bytes, span.end))) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(what), ": span [", span.begin, ", ", span.end,
        ") cuts a UTF-8 character in two in document \"", documents[doc].id, "\""));
  }
  return absl::OkStatus();
}

void WriteSpan(ByteSpan span, JsonWriter* w) {
  w->BeginArray().Uint(span.begin).Uint(span.end).EndArray();
}

void WriteSide(absl::Span<const ReportDocument> documents, const FindingSide& side,
               JsonWriter* w) {
  const ReportDocument& doc = documents[side.doc];
  w->BeginObject();
  w->Key("doc").String(doc.id);
  w->Key("span");
  WriteSpan(side.span, w);
  w->Key("text").String(SpanText(doc, side.span));
  w->Key("value").String(side.value);
  w->EndObject();
}

}  // namespace

ReportDocument MakeReportDocument(const Document& document, const AnalyzedText& text,
                                  const DocumentFacts& facts) {
  ReportDocument doc;
  doc.id = document.id;
  doc.source = document.source;
  doc.lang = document.lang;
  doc.text = &text;
  if (facts.reference && facts.reference_source != ReferenceSource::kNone) {
    doc.published = facts.reference;
    doc.published_from = facts.reference_source;
  } else if (document.published) {
    doc.published = document.published;
    doc.published_from = ReferenceSource::kMetadata;
  }
  return doc;
}

absl::Status ValidateReport(absl::Span<const ReportDocument> documents,
                            const ReconcileReport& report) {
  for (size_t i = 0; i < documents.size(); ++i) {
    if (documents[i].text == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("document ", i + 1, " (\"", documents[i].id, "\") has no text"));
    }
  }
  for (size_t i = 0; i < report.passages.size(); ++i) {
    const DocumentPassage& p = report.passages[i];
    const std::string what = absl::StrCat("passage ", i + 1);
    if (auto s = CheckSpan(documents, p.a, p.a_span, what + " side a"); !s.ok()) return s;
    if (auto s = CheckSpan(documents, p.b, p.b_span, what + " side b"); !s.ok()) return s;
  }
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const std::string what = absl::StrCat("finding ", i + 1);
    if (auto s = CheckSpan(documents, f.a.doc, f.a.span, what + " side a"); !s.ok()) return s;
    if (auto s = CheckSpan(documents, f.b.doc, f.b.span, what + " side b"); !s.ok()) return s;
  }
  for (size_t i = 0; i < report.claims.size(); ++i) {
    for (const ValueSupport& v : report.claims[i].values) {
      for (uint32_t d : v.docs) {
        if (d >= documents.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("claim ", i + 1, ": document index ", d, " out of range"));
        }
      }
      for (const FindingSide& m : v.mentions) {
        if (auto s = CheckSpan(documents, m.doc, m.span, absl::StrCat("claim ", i + 1));
            !s.ok()) {
          return s;
        }
      }
    }
    for (uint32_t d : report.claims[i].outliers) {
      if (d >= documents.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("claim ", i + 1, ": outlier index ", d, " out of range"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RenderJson(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options) {
  if (auto s = ValidateReport(documents, report); !s.ok()) return s;
  JsonWriter w(options.json_indent);
  w.BeginObject();
  w.Key("version").Int(1);
  w.Key("documents").BeginArray();
  for (const ReportDocument& doc : documents) {
    w.BeginObject();
    w.Key("id").String(doc.id);
    w.Key("source").String(doc.source);
    w.Key("published");
    if (doc.published) {
      w.String(doc.published->ToIso8601());
    } else {
      w.Null();
    }
    // A time the caller gave without saying where it came from is metadata.
    const ReferenceSource from = !doc.published ? ReferenceSource::kNone
                                 : doc.published_from == ReferenceSource::kNone
                                     ? ReferenceSource::kMetadata
                                     : doc.published_from;
    w.Key("published_from").String(ReferenceSourceName(from));
    w.EndObject();
  }
  w.EndArray();
  w.Key("passages").BeginArray();
  for (const DocumentPassage& p : report.passages) {
    w.BeginObject();
    w.Key("a").String(documents[p.a].id);
    w.Key("b").String(documents[p.b].id);
    w.Key("a_span");
    WriteSpan(p.a_span, &w);
    w.Key("b_span");
    WriteSpan(p.b_span, &w);
    w.Key("similarity").Double(p.similarity, 3);
    w.EndObject();
  }
  w.EndArray();
  w.Key("findings").BeginArray();
  for (const Finding& f : report.findings) {
    w.BeginObject();
    w.Key("kind").String(FactKindName(f.kind));
    w.Key("verdict").String(VerdictWord(f.verdict));
    w.Key("a");
    WriteSide(documents, f.a, &w);
    w.Key("b");
    WriteSide(documents, f.b, &w);
    w.Key("confidence").Double(f.confidence, 3);
    w.Key("explanation").String(f.explanation);
    w.EndObject();
  }
  w.EndArray();
  if (options.json_claims) {
    w.Key("claims").BeginArray();
    for (const ClaimTally& c : report.claims) {
      w.BeginObject();
      w.Key("kind").String(FactKindName(c.kind));
      w.Key("values").BeginArray();
      for (const ValueSupport& v : c.values) {
        w.BeginObject();
        w.Key("value").String(v.value);
        w.Key("docs").BeginArray();
        for (uint32_t d : v.docs) w.String(documents[d].id);
        w.EndArray();
        w.Key("mentions").BeginArray();
        for (const FindingSide& m : v.mentions) {
          w.BeginObject();
          w.Key("doc").String(documents[m.doc].id);
          w.Key("span");
          WriteSpan(m.span, &w);
          w.Key("text").String(SpanText(documents[m.doc], m.span));
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();
      w.Key("majority").String(c.majority);
      w.Key("outliers").BeginArray();
      for (uint32_t d : c.outliers) w.String(documents[d].id);
      w.EndArray();
      w.Key("explanation").String(c.explanation);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Release();
}

namespace {

std::string DefaultTitle(size_t documents) {
  return absl::StrCat("crossdoc fact-check: ", documents,
                      documents == 1 ? " document" : " documents");
}

void AppendSideLine(absl::Span<const ReportDocument> documents, const FindingSide& side,
                    std::string* out) {
  const ReportDocument& doc = documents[side.doc];
  absl::StrAppend(out, "     ", std::string(DisplayName(doc)));
  if (!doc.source.empty()) absl::StrAppend(out, " (", doc.id, ")");
  absl::StrAppend(out, " bytes ", side.span.begin, "-", side.span.end, ": \u201c");
  report_internal::AppendPlainQuoted(SpanText(doc, side.span), out);
  absl::StrAppend(out, "\u201d = ", side.value, "\n");
}

void AppendFinding(absl::Span<const ReportDocument> documents, const Finding& f, size_t number,
                   std::string* out) {
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "%.2f", f.confidence);
  absl::StrAppend(out, "  #", number, " ", std::string(FactKindName(f.kind)), " ",
                  std::string(VerdictWord(f.verdict)),
                  f.a.doc == f.b.doc ? " within one document" : "",
                  ", confidence ", confidence, "\n");
  AppendSideLine(documents, f.a, out);
  AppendSideLine(documents, f.b, out);
  absl::StrAppend(out, "     ");
  report_internal::AppendPlainQuoted(f.explanation, out);
  absl::StrAppend(out, "\n");
}

}  // namespace

absl::StatusOr<std::string> RenderText(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options) {
  if (auto s = ValidateReport(documents, report); !s.ok()) return s;
  const auto counts = report_internal::CountFindings(report);
  const size_t conflicts = counts.Total(Verdict::kConflict);
  const size_t agreements = counts.Total(Verdict::kAgreement);
  std::string out;
  absl::StrAppend(&out, options.title.empty() ? DefaultTitle(documents.size()) : options.title,
                  "\n");
  absl::StrAppend(&out, report.passages.size(), " aligned passages, ", conflicts,
                  conflicts == 1 ? " conflict, " : " conflicts, ", agreements,
                  agreements == 1 ? " agreement" : " agreements",
                  report.truncated ? " (alignment limits reached; results still valid)" : "",
                  "\n\nDocuments\n");
  for (size_t i = 0; i < documents.size(); ++i) {
    const ReportDocument& doc = documents[i];
    absl::StrAppend(&out, "  [", i + 1, "] ", doc.id);
    if (!doc.source.empty()) absl::StrAppend(&out, "  ", doc.source);
    if (doc.published) {
      absl::StrAppend(&out, "  published ", PublishedText(doc), " (from ",
                      doc.published_from == ReferenceSource::kDateline ? "a dateline in the text"
                                                                       : "metadata",
                      ")\n");
    } else {
      absl::StrAppend(&out, "  publication time unknown\n");
    }
  }
  static constexpr std::string_view kKinds[] = {"entity", "number", "date", "negation"};
  absl::StrAppend(&out, "\nFindings by kind   conflicts  agreements\n");
  for (int k = 0; k < 4; ++k) {
    char line[96];
    std::snprintf(line, sizeof line, "  %-16s %9zu  %10zu\n", std::string(kKinds[k]).c_str(),
                  counts.counts[k][0], counts.counts[k][1]);
    out += line;
  }
  if (!report.claims.empty()) {
    absl::StrAppend(&out, "\nWhere the documents disagree\n");
    for (const ClaimTally& c : report.claims) {
      absl::StrAppend(&out, "  - ", std::string(FactKindName(c.kind)), ": ");
      if (!c.explanation.empty()) {
        report_internal::AppendPlainQuoted(c.explanation, &out);
      } else {
        for (size_t v = 0; v < c.values.size(); ++v) {
          absl::StrAppend(&out, v ? "; " : "", c.values[v].value, " (", c.values[v].docs.size(),
                          ")");
        }
      }
      absl::StrAppend(&out, "\n");
    }
  }
  if (conflicts > 0) {
    absl::StrAppend(&out, "\nConflicts\n");
    for (size_t i = 0; i < report.findings.size(); ++i) {
      if (report.findings[i].verdict == Verdict::kConflict) {
        AppendFinding(documents, report.findings[i], i + 1, &out);
      }
    }
  }
  if (options.text_agreements && agreements > 0) {
    absl::StrAppend(&out, "\nAgreements (same fact, written differently)\n");
    for (size_t i = 0; i < report.findings.size(); ++i) {
      if (report.findings[i].verdict == Verdict::kAgreement) {
        AppendFinding(documents, report.findings[i], i + 1, &out);
      }
    }
  }
  if (conflicts == 0 && agreements == 0) absl::StrAppend(&out, "\nNo conflicts or agreements.\n");
  if (!options.generator.empty()) absl::StrAppend(&out, "\n-- ", options.generator, "\n");
  return out;
}

}  // namespace crossdoc
