// Helpers shared by the JSON, text and HTML renderers of the report stage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/report.h"

namespace crossdoc::report_internal {

// "conflict" / "agreement" (the JSON contract's words).
std::string_view VerdictWord(Verdict verdict);

// The outlet name, or the id when the outlet is unknown.
std::string_view DisplayName(const ReportDocument& doc);

// The original bytes of a span of a document (already validated).
inline std::string_view SpanText(const ReportDocument& doc, ByteSpan span) {
  return span.In(doc.text->text());
}

// "2025-03-12T09:10:00+05:30", or "" when unknown.
std::string PublishedText(const ReportDocument& doc);

// Number of conflicts and agreements per kind: counts[kind][verdict].
struct KindCounts {
  size_t counts[4][2] = {};
  size_t Total(Verdict verdict) const;
};
KindCounts CountFindings(const ReconcileReport& report);

// Appends `bytes` HTML-escaped (& < > " ', and CR as &#13; so that parsers keep it) with each
// invalid UTF-8 sequence and each C0 control character other than tab and LF replaced by U+FFFD.
void AppendHtmlEscaped(std::string_view bytes, std::string* out);

// Appends `bytes` for a one-line plain-text quote: valid UTF-8 kept, invalid sequences as U+FFFD,
// line breaks and tabs as spaces, other C0 controls dropped.
void AppendPlainQuoted(std::string_view bytes, std::string* out);

}  // namespace crossdoc::report_internal
