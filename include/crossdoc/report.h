// Stage 7, report: a ReconcileReport rendered for programs (JSON) and for people (text, HTML).
//
// Three renderings of the same findings, all cut from the ORIGINAL bytes of each document through
// the findings' and passages' ByteSpans; normalized text is never shown as if an author wrote it.
//
//  - RenderJson: the contract of DESIGN.md ("The fact-check program"), version 1:
//      {"version": 1, "documents": [...], "passages": [...], "findings": [...]}
//    Spans are byte offsets into each document's original text, end exclusive, and every "text"
//    is exactly those bytes (copied from the document, not from the finding).
//  - RenderText: a plain-text report a journalist reads in a terminal: who published what and
//    when (and whether the time came from metadata or a dateline), counts by kind, where the
//    outlets disagree (majority and outliers), then every conflict and agreement with both
//    surface texts, their values and the one-line explanation.
//  - RenderHtml: one self-contained page (inline CSS and a few lines of inline JS; no network, no
//    external file): the same summary, a list of findings, and the aligned passages side by side
//    with every finding highlighted in the original text. Element ids are stable so programs and
//    tests can check the page:
//      finding-N        the N-th finding (1-based: findings[N-1] of the JSON), in the findings list
//      passage-P        the P-th passage (passages[P-1] of the JSON); findings whose spans lie in
//                       no passage get a "context" block numbered after the passages
//      fNa / fNb        the highlighted side a / b of finding N inside its passage. When two
//                       highlights cross, a side is cut into fragments; every fragment carries
//                       data-side="Na" (or "Nb") and the first one the id, so the concatenated
//                       text of the fragments is the side's text.
//    Each finding's list entry links to its passage (href="#passage-P") and to both highlights;
//    each passage lists links back to its findings; every highlight has the explanation as its
//    title (shown on hover) and jumps to its finding when clicked. Columns stack below 700 px.
//
// Cost: linear in the size of the report plus the bytes of the passages shown; HTML adds a sort
// of the highlight boundaries per passage. Thread-safe (pure functions).
// Errors (all renderers): InvalidArgument when a document's text is null, a finding or passage
// names a document index out of range, or a span lies outside its document's text or cuts a
// UTF-8 character in two. The message names the finding or passage (1-based) and the span.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"

namespace crossdoc {

// A document as the report shows it. Indices in ReconcileReport (FindingSide::doc,
// DocumentPassage::a/b) refer to positions in the span of ReportDocuments passed in, which must
// therefore be in the order the documents were given to Reconcile().
struct ReportDocument {
  std::string id;
  std::string source;                   // outlet name; "" = unknown (the id is shown instead)
  std::optional<Timestamp> published;   // the reference time relative dates were read against
  // Where `published` came from; kNone with a time set is shown as metadata.
  ReferenceSource published_from = ReferenceSource::kNone;
  std::string lang;                     // BCP 47 hint for the HTML lang attribute; "" = unknown
  const AnalyzedText* text = nullptr;   // original text; must outlive the call
};

// The usual way to fill a ReportDocument: published = the facts' reference time (metadata or
// dateline) and published_from = its source; the metadata time when the facts have none.
ReportDocument MakeReportDocument(const Document& document, const AnalyzedText& text,
                                  const DocumentFacts& facts);

struct ReportOptions {
  // Heading and <title> of the HTML page, first line of the text report.
  // "" = "crossdoc fact-check: N documents".
  std::string title;
  // JSON: 0 writes one line; > 0 pretty-prints with that many spaces a level.
  int json_indent = 0;
  // JSON: add a "claims" array (per disputed fact: values, supporting documents, majority,
  // outliers, explanation). An extension of contract version 1; readers must ignore unknown keys.
  bool json_claims = false;
  // Text: also list agreements (conflicts and the disagreement summary are always listed).
  bool text_agreements = true;
  // HTML: also show passages that hold no finding (folded under each document pair).
  bool html_all_passages = true;
  // Shown in the HTML footer and the text report's last line, e.g. "crossdoc-factcheck 0.1".
  std::string generator;
};

// The JSON contract (see the file comment). published is an ISO 8601 string or null;
// published_from is "metadata", "dateline" or "none". No trailing newline.
absl::StatusOr<std::string> RenderJson(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options = {});

// The plain-text report, UTF-8, lines ending in '\n'. Line breaks and tabs inside quoted texts
// are shown as spaces.
absl::StatusOr<std::string> RenderText(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options = {});

// The self-contained HTML page (see the file comment for its ids). Every byte of document text
// is HTML-escaped; invalid UTF-8 is shown as U+FFFD.
absl::StatusOr<std::string> RenderHtml(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options = {});

// The checks every renderer makes first (see Errors above); OkStatus() when the report can be
// rendered.
absl::Status ValidateReport(absl::Span<const ReportDocument> documents,
                            const ReconcileReport& report);

}  // namespace crossdoc
