// Report stage: the self-contained HTML page (summary, findings list, passages side by side).
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/report.h"
#include "report/report_internal.h"

namespace crossdoc {

namespace {

using report_internal::AppendHtmlEscaped;
using report_internal::DisplayName;
using report_internal::SpanText;
using report_internal::VerdictWord;

// One side of a finding, placed in a column.
struct SideRef {
  size_t finding = 0;  // 0-based index into report.findings
  char side = 'a';
  ByteSpan span;
};

struct Column {
  uint32_t doc = 0;
  ByteSpan span;
  std::vector<SideRef> sides;
};

// A passage of the report, or a context block for findings that lie in no passage.
struct Block {
  size_t number = 0;  // 1-based; passage-N
  bool context = false;
  uint32_t a = 0;
  uint32_t b = 0;
  double similarity = 0;
  std::vector<Column> columns;
  std::vector<size_t> findings;  // 0-based, ascending
};

bool Contains(ByteSpan outer, ByteSpan inner) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

uint64_t PairKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

// The sentences of a document that hold `span`; the span widened to its lines when no sentence
// holds it (a span in white space or in a skipped line).
ByteSpan ContextSpan(const AnalyzedText& text, ByteSpan span) {
  ByteSpan out = span;
  bool found = false;
  for (const Sentence& s : text.sentences()) {
    const bool overlaps =
        s.span.begin < std::max(span.end, span.begin + 1) && span.begin < s.span.end;
    if (!overlaps) continue;
    if (!found) {
      out.begin = std::min(span.begin, s.span.begin);
      out.end = std::max(span.end, s.span.end);
      found = true;
    } else {
      out.end = std::max(out.end, s.span.end);
    }
  }
  if (found) return out;
  const std::string_view bytes = text.text();
  while (out.begin > 0 && bytes[out.begin - 1] != '\n') --out.begin;
  while (out.end < bytes.size() && bytes[out.end] != '\n') ++out.end;
  return out;
}

std::vector<Block> PlaceFindings(absl::Span<const ReportDocument> documents,
                                 const ReconcileReport& report) {
  std::vector<Block> blocks;
  blocks.reserve(report.passages.size());
  absl::flat_hash_map<uint64_t, std::vector<size_t>> by_pair;
  for (size_t i = 0; i < report.passages.size(); ++i) {
    const DocumentPassage& p = report.passages[i];
    Block block;
    block.number = i + 1;
    block.a = p.a;
    block.b = p.b;
    block.similarity = p.similarity;
    block.columns.push_back(Column{p.a, p.a_span, {}});
    block.columns.push_back(Column{p.b, p.b_span, {}});
    blocks.push_back(std::move(block));
    by_pair[PairKey(p.a, p.b)].push_back(i);
  }
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    size_t best = blocks.size();
    bool best_swapped = false;
    uint64_t best_size = ~uint64_t{0};
    auto consider = [&](uint32_t first, uint32_t second, bool swapped) {
      const auto it = by_pair.find(PairKey(first, second));
      if (it == by_pair.end()) return;
      const ByteSpan x = swapped ? f.b.span : f.a.span;
      const ByteSpan y = swapped ? f.a.span : f.b.span;
      for (size_t p : it->second) {
        const DocumentPassage& passage = report.passages[p];
        if (!Contains(passage.a_span, x) || !Contains(passage.b_span, y)) continue;
        const uint64_t size = uint64_t{passage.a_span.size()} + passage.b_span.size();
        if (size < best_size) {
          best = p;
          best_size = size;
          best_swapped = swapped;
        }
      }
    };
    consider(f.a.doc, f.b.doc, false);
    consider(f.b.doc, f.a.doc, true);
    if (best < blocks.size()) {
      Block& block = blocks[best];
      block.findings.push_back(i);
      block.columns[best_swapped ? 1 : 0].sides.push_back(SideRef{i, 'a', f.a.span});
      block.columns[best_swapped ? 0 : 1].sides.push_back(SideRef{i, 'b', f.b.span});
      continue;
    }
    Block block;
    block.number = blocks.size() + 1;
    block.context = true;
    block.a = f.a.doc;
    block.b = f.b.doc;
    block.findings.push_back(i);
    const ByteSpan ca = ContextSpan(*documents[f.a.doc].text, f.a.span);
    const ByteSpan cb = ContextSpan(*documents[f.b.doc].text, f.b.span);
    if (f.a.doc == f.b.doc && ca.begin < cb.end && cb.begin < ca.end) {
      const ByteSpan merged{std::min(ca.begin, cb.begin), std::max(ca.end, cb.end)};
      block.columns.push_back(Column{f.a.doc, merged, {}});
      block.columns[0].sides.push_back(SideRef{i, 'a', f.a.span});
      block.columns[0].sides.push_back(SideRef{i, 'b', f.b.span});
    } else {
      block.columns.push_back(Column{f.a.doc, ca, {SideRef{i, 'a', f.a.span}}});
      block.columns.push_back(Column{f.b.doc, cb, {SideRef{i, 'b', f.b.span}}});
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

std::string Fixed(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

void Esc(std::string_view text, std::string* out) { AppendHtmlEscaped(text, out); }

void AppendLangAttribute(const ReportDocument& doc, std::string* out) {
  if (doc.lang.empty()) return;
  out->append(" lang=\"");
  Esc(doc.lang, out);
  out->append("\"");
}

std::string SideName(size_t finding, char side) {
  return absl::StrCat(finding + 1, std::string(1, side));
}

void AppendMarkTitle(const Finding& f, size_t finding, std::string* out) {
  absl::StrAppend(out, "#", finding + 1, " ", std::string(VerdictWord(f.verdict)), " (",
                  std::string(FactKindName(f.kind)), "): ");
  Esc(f.explanation, out);
}

// Writes the original bytes of `column.span` with every side of a finding highlighted. Sides are
// nested by position; when two sides cross, the later one is closed and reopened as a fragment.
void AppendColumnText(const ReportDocument& doc, const Column& column,
                      const ReconcileReport& report, std::string* out) {
  std::vector<SideRef> sides = column.sides;
  for (SideRef& s : sides) {  // sides lie in the column for passages; clamp context oddities
    s.span.begin = std::clamp(s.span.begin, column.span.begin, column.span.end);
    s.span.end = std::clamp(s.span.end, s.span.begin, column.span.end);
  }
  std::sort(sides.begin(), sides.end(), [](const SideRef& x, const SideRef& y) {
    if (x.span.begin != y.span.begin) return x.span.begin < y.span.begin;
    if (x.span.end != y.span.end) return x.span.end > y.span.end;
    if (x.finding != y.finding) return x.finding < y.finding;
    return x.side < y.side;
  });
  std::vector<uint32_t> cuts = {column.span.begin, column.span.end};
  for (const SideRef& s : sides) {
    cuts.push_back(s.span.begin);
    cuts.push_back(s.span.end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::vector<bool> opened(sides.size(), false);
  std::vector<size_t> stack;
  const std::string_view text = doc.text->text();
  auto open = [&](size_t k, bool empty) {
    const SideRef& s = sides[k];
    const Finding& f = report.findings[s.finding];
    const std::string name = SideName(s.finding, s.side);
    absl::StrAppend(out, "<mark class=\"hl ", std::string(VerdictWord(f.verdict)),
                    "\" data-side=\"", name, "\" data-finding=\"", s.finding + 1, "\"");
    if (!opened[k]) {
      absl::StrAppend(out, " id=\"f", name, "\" data-label=\"", s.finding + 1, "\" tabindex=\"0\"");
      opened[k] = true;
    }
    out->append(" title=\"");
    AppendMarkTitle(f, s.finding, out);
    out->append(empty ? "\"></mark>" : "\">");
  };
  size_t next_empty = 0;  // sides are sorted by begin, so empty ones are met in order
  auto emit_empty_at = [&](uint32_t position) {
    for (; next_empty < sides.size(); ++next_empty) {
      if (sides[next_empty].span.begin > position) break;
      if (sides[next_empty].span.empty() && sides[next_empty].span.begin == position) {
        open(next_empty, /*empty=*/true);
      }
    }
  };
  for (size_t c = 0; c + 1 < cuts.size(); ++c) {
    const uint32_t p = cuts[c];
    const uint32_t q = cuts[c + 1];
    std::vector<size_t> want;
    for (size_t k = 0; k < sides.size() && sides[k].span.begin <= p; ++k) {
      if (!sides[k].span.empty() && sides[k].span.end >= q) want.push_back(k);
    }
    size_t common = 0;
    while (common < stack.size() && common < want.size() && stack[common] == want[common]) {
      ++common;
    }
    while (stack.size() > common) {
      out->append("</mark>");
      stack.pop_back();
    }
    emit_empty_at(p);
    for (size_t k = common; k < want.size(); ++k) {
      open(want[k], /*empty=*/false);
      stack.push_back(want[k]);
    }
    Esc(text.substr(p, q - p), out);
  }
  while (!stack.empty()) {
    out->append("</mark>");
    stack.pop_back();
  }
  emit_empty_at(column.span.end);
}

void AppendPassage(absl::Span<const ReportDocument> documents, const ReconcileReport& report,
                   const Block& block, std::string* out) {
  absl::StrAppend(out, "<article class=\"passage", block.context ? " context" : "",
                  "\" id=\"passage-", block.number, "\" data-a-doc=\"");
  Esc(documents[block.a].id, out);
  out->append("\" data-b-doc=\"");
  Esc(documents[block.b].id, out);
  absl::StrAppend(out, "\"");
  if (!block.context) {
    const DocumentPassage& p = report.passages[block.number - 1];
    absl::StrAppend(out, " data-a-span=\"", p.a_span.begin, ",", p.a_span.end,
                    "\" data-b-span=\"", p.b_span.begin, ",", p.b_span.end,
                    "\" data-similarity=\"", Fixed(p.similarity, 3), "\"");
  } else {
    out->append(" data-context=\"1\"");
  }
  out->append(">\n<h4>");
  if (block.context) {
    absl::StrAppend(out, "Context ", block.number,
                    " <span class=\"mut\">(the finding lies outside the aligned passages)</span>");
  } else {
    absl::StrAppend(out, "Passage ", block.number, " <span class=\"mut\">similarity ",
                    Fixed(block.similarity, 2), "</span>");
  }
  if (!block.findings.empty()) {
    out->append(" <span class=\"plinks\">findings:");
    for (size_t f : block.findings) {
      absl::StrAppend(out, " <a class=\"", std::string(VerdictWord(report.findings[f].verdict)),
                      "\" href=\"#finding-", f + 1, "\">#", f + 1, "</a>");
    }
    out->append("</span>");
  }
  out->append("</h4>\n<div class=\"cols\">\n");
  for (const Column& column : block.columns) {
    const ReportDocument& doc = documents[column.doc];
    out->append("<div class=\"col\"><div class=\"who\"><b>");
    Esc(DisplayName(doc), out);
    out->append("</b>");
    if (!doc.source.empty()) {
      out->append(" · ");
      Esc(doc.id, out);
    }
    absl::StrAppend(out, " · bytes ", column.span.begin, "–", column.span.end,
                    "</div><div class=\"text\"");
    AppendLangAttribute(doc, out);
    out->append(">");
    AppendColumnText(doc, column, report, out);
    out->append("</div></div>\n");
  }
  out->append("</div>\n</article>\n");
}

void AppendSideLink(absl::Span<const ReportDocument> documents, const FindingSide& side,
                    size_t finding, char which, std::string* out) {
  const ReportDocument& doc = documents[side.doc];
  absl::StrAppend(out, "<a class=\"side\" href=\"#f", SideName(finding, which),
                  "\"><span class=\"who\">");
  Esc(DisplayName(doc), out);
  out->append("</span> <q");
  AppendLangAttribute(doc, out);
  out->append(">");
  Esc(SpanText(doc, side.span), out);
  out->append("</q> <span class=\"val\">= ");
  Esc(side.value, out);
  out->append("</span></a>");
}

void AppendFindingItem(absl::Span<const ReportDocument> documents, const Finding& f,
                       size_t index, size_t passage, bool context, std::string* out) {
  const std::string verdict(VerdictWord(f.verdict));
  const std::string kind(FactKindName(f.kind));
  absl::StrAppend(out, "<li id=\"finding-", index + 1, "\" class=\"finding ", verdict,
                  "\" data-verdict=\"", verdict, "\" data-kind=\"", kind, "\" data-passage=\"",
                  passage, "\">\n<div class=\"fhead\"><span class=\"num\">#", index + 1,
                  "</span> <span class=\"badge ", verdict, "\">", verdict,
                  "</span> <span class=\"kind\">", kind, "</span>",
                  f.a.doc == f.b.doc ? " <span class=\"kind\">within one document</span>" : "",
                  " <span class=\"mut\">confidence ", Fixed(f.confidence, 2),
                  "</span></div>\n<p class=\"expl\">");
  Esc(f.explanation, out);
  out->append("</p>\n<div class=\"fsides\">");
  AppendSideLink(documents, f.a, index, 'a', out);
  out->append("<span class=\"vs\">");
  out->append(f.verdict == Verdict::kConflict ? "≠" : "≡");
  out->append("</span>");
  AppendSideLink(documents, f.b, index, 'b', out);
  absl::StrAppend(out, "</div>\n<a class=\"to-passage\" href=\"#passage-", passage, "\">",
                  context ? "see it in context " : "see it in passage ", passage,
                  " →</a>\n</li>\n");
}

constexpr std::string_view kStyle = R"css(
:root{--c:#b3261e;--cbg:#fde3e1;--a:#1b6e2d;--abg:#dbf2e0;--mut:#5f6368;--line:#e2e2e2}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1240px;padding:12px 14px 40px;color:#1f1f1f;background:#fff;
font:16px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Devanagari",
"Lohit Devanagari",Mangal,sans-serif;-webkit-text-size-adjust:100%}
h1{font-size:1.35em;line-height:1.3;margin:.4em 0}
h2{font-size:1.15em;border-bottom:1px solid var(--line);padding-bottom:2px;margin:1.4em 0 .5em}
h3{font-size:1em;margin:1.2em 0 .3em}
h4{font-size:.95em;font-weight:600;margin:0 0 6px}
a{color:#0b57d0}
.mut,.who{color:var(--mut);font-weight:normal}
.who{font-size:.82em}
.stats{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.stat{border:1px solid var(--line);border-radius:8px;padding:4px 12px;color:inherit;
text-decoration:none}
.stat b{font-size:1.25em}
.stat.conflict b{color:var(--c)}.stat.agreement b{color:var(--a)}
.tablewrap{overflow-x:auto}
.row{display:flex;flex-wrap:wrap;column-gap:40px}.row>div{min-width:0;max-width:100%}
table{border-collapse:collapse;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:4px 10px 4px 0;text-align:left;vertical-align:top}
td.n{text-align:right}
ul.findings{padding:0;margin:0}
.finding{list-style:none;border-left:4px solid;padding:6px 10px;margin:8px 0;background:#fafafa}
.finding.conflict{border-color:var(--c)}.finding.agreement{border-color:var(--a)}
.badge{font-size:.78em;padding:1px 7px;border-radius:10px;color:#fff}
.badge.conflict{background:var(--c)}.badge.agreement{background:var(--a)}
.kind{font-size:.85em;border:1px solid var(--line);border-radius:10px;padding:0 6px}
.num{font-weight:700}
.expl{margin:4px 0}
.fsides{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
.fsides .side{text-decoration:none;color:inherit;border:1px solid var(--line);border-radius:6px;
padding:0 6px;background:#fff}
.vs{font-weight:700;color:var(--mut)}
.val{color:var(--mut);font-size:.85em}
.to-passage{font-size:.85em}
.passage{border:1px solid var(--line);border-radius:8px;padding:8px 10px;margin:10px 0}
.passage.context{border-style:dashed}
.plinks a{text-decoration:none;margin-left:2px}
.plinks a.conflict{color:var(--c)}.plinks a.agreement{color:var(--a)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark.hl{color:inherit;cursor:pointer;border-radius:2px;padding:0 1px}
mark.conflict{background:var(--cbg);border-bottom:2px solid var(--c)}
mark.agreement{background:var(--abg);border-bottom:2px solid var(--a)}
mark[data-label]::after{content:attr(data-label);font-size:.62em;vertical-align:super;
color:var(--mut);margin-left:1px}
:target{outline:3px solid #f2a600;outline-offset:2px}
.hide-agreements .finding.agreement{display:none}
.hide-agreements mark.agreement{background:none;border-bottom:none}
.hide-agreements mark.agreement[data-label]::after{content:none}
details{margin:8px 0}summary{cursor:pointer;color:var(--mut)}
footer{margin-top:2em;font-size:.8em;color:var(--mut)}
@media (max-width:700px){.cols{grid-template-columns:1fr;gap:6px}body{font-size:15px;padding:8px}
.col+.col{border-top:1px dotted var(--line);padding-top:4px}
table.docs thead{display:none}table.docs tr{display:block;border-bottom:1px solid var(--line);
padding:4px 0}table.docs td{display:inline;border:none;padding:0 8px 0 0}}
)css";

constexpr std::string_view kScript = R"js(
document.addEventListener('click',function(e){
  var m=e.target.closest&&e.target.closest('mark[data-finding]');
  if(m){location.hash='finding-'+m.getAttribute('data-finding');}
});
var box=document.getElementById('show-agreements');
if(box){box.addEventListener('change',function(){
  document.body.classList.toggle('hide-agreements',!box.checked);});}
)js";

}  // namespace

absl::StatusOr<std::string> RenderHtml(absl::Span<const ReportDocument> documents,
                                       const ReconcileReport& report,
                                       const ReportOptions& options) {
  if (auto s = ValidateReport(documents, report); !s.ok()) return s;
  const std::vector<Block> blocks = PlaceFindings(documents, report);
  std::vector<size_t> passage_of(report.findings.size(), 0);
  for (const Block& block : blocks) {
    for (size_t f : block.findings) passage_of[f] = block.number;
  }
  const auto counts = report_internal::CountFindings(report);
  const size_t conflicts = counts.Total(Verdict::kConflict);
  const size_t agreements = counts.Total(Verdict::kAgreement);
  const std::string title = options.title.empty()
                                ? absl::StrCat("crossdoc fact-check: ", documents.size(),
                                               documents.size() == 1 ? " document" : " documents")
                                : options.title;

  std::string out;
  out.reserve(16384);
  out.append(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"crossdoc\">\n<title>");
  Esc(title, &out);
  out.append("</title>\n<style>");
  out.append(kStyle);
  out.append("</style>\n</head>\n<body>\n<header><h1>");
  Esc(title, &out);
  out.append("</h1></header>\n<section id=\"summary\">\n<div class=\"stats\">");
  absl::StrAppend(&out, "<a class=\"stat conflict\" href=\"#findings\"><b>", conflicts, "</b> ",
                  conflicts == 1 ? "conflict" : "conflicts",
                  "</a><a class=\"stat agreement\" href=\"#findings\"><b>", agreements,
                  "</b> ", agreements == 1 ? "agreement" : "agreements",
                  "</a><a class=\"stat\" href=\"#documents\"><b>", documents.size(),
                  "</b> documents</a><a class=\"stat\" href=\"#passages\"><b>",
                  report.passages.size(), "</b> aligned passages</a></div>\n");
  if (agreements > 0) {
    out.append("<label class=\"mut\"><input type=\"checkbox\" id=\"show-agreements\" checked> "
               "show agreements</label>\n");
  }
  if (report.truncated) {
    out.append("<p class=\"mut\">Alignment limits were reached; the findings shown are valid but "
               "some passages may be missing.</p>\n");
  }

  bool any_source = false;
  for (const ReportDocument& doc : documents) any_source |= !doc.source.empty();
  absl::StrAppend(&out,
                  "<div class=\"row\"><div><h2 id=\"documents\">Documents</h2>\n"
                  "<div class=\"tablewrap\"><table "
                  "class=\"docs\"><thead><tr><th>#</th>",
                  any_source ? "<th>Outlet</th>" : "",
                  "<th>Document</th><th>Published</th><th>Time from</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < documents.size(); ++i) {
    const ReportDocument& doc = documents[i];
    absl::StrAppend(&out, "<tr id=\"doc-", i + 1, "\"><td>", i + 1, "</td><td>");
    if (any_source) {
      Esc(doc.source.empty() ? std::string_view("—") : std::string_view(doc.source), &out);
      out.append("</td><td>");
    }
    Esc(doc.id, &out);
    out.append("</td><td>");
    if (doc.published) {
      Esc(doc.published->ToIso8601(), &out);
      absl::StrAppend(&out, "</td><td>",
                      doc.published_from == ReferenceSource::kDateline ? "dateline in the text"
                                                                       : "metadata");
    } else {
      out.append("unknown</td><td>—");
    }
    out.append("</td></tr>\n");
  }
  out.append("</tbody></table></div></div>\n");

  static constexpr std::string_view kKinds[] = {"entity", "number", "date", "negation"};
  out.append("<div><h2>Findings by kind</h2>\n<div class=\"tablewrap\">"
             "<table class=\"counts\"><thead>"
             "<tr><th>Kind</th><th>Conflicts</th><th>Agreements</th></tr></thead><tbody>\n");
  for (int k = 0; k < 4; ++k) {
    absl::StrAppend(&out, "<tr><td>", std::string(kKinds[k]), "</td><td class=\"n\">",
                    counts.counts[k][0], "</td><td class=\"n\">", counts.counts[k][1],
                    "</td></tr>\n");
  }
  out.append("</tbody></table></div></div></div>\n");

  if (!report.claims.empty()) {
    out.append("<h2>Where the documents disagree</h2>\n<ul class=\"claims\">\n");
    for (const ClaimTally& c : report.claims) {
      absl::StrAppend(&out, "<li><span class=\"kind\">", std::string(FactKindName(c.kind)),
                      "</span> ");
      if (!c.explanation.empty()) {
        Esc(c.explanation, &out);
      } else {
        for (size_t v = 0; v < c.values.size(); ++v) {
          if (v) out.append("; ");
          Esc(c.values[v].value, &out);
          absl::StrAppend(&out, " (", c.values[v].docs.size(), ")");
        }
      }
      out.append("</li>\n");
    }
    out.append("</ul>\n");
  }
  out.append("</section>\n");

  // Passages grouped by document pair, in the order the pairs first appear.
  out.append("<section id=\"passages\">\n<h2>Aligned passages</h2>\n");
  std::vector<uint64_t> pair_order;
  absl::flat_hash_map<uint64_t, std::vector<size_t>> pair_blocks;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].context) continue;
    const uint64_t key = PairKey(blocks[i].a, blocks[i].b);
    auto [it, inserted] = pair_blocks.try_emplace(key);
    if (inserted) pair_order.push_back(key);
    it->second.push_back(i);
  }
  if (pair_order.empty()) out.append("<p>No passages were aligned.</p>\n");
  for (uint64_t key : pair_order) {
    const std::vector<size_t>& members = pair_blocks[key];
    const uint32_t a = blocks[members[0]].a;
    const uint32_t b = blocks[members[0]].b;
    size_t with_findings = 0;
    for (size_t m : members) with_findings += blocks[m].findings.empty() ? 0 : 1;
    if (with_findings == 0 && !options.html_all_passages) continue;
    out.append("<section class=\"pair\">\n<h3>");
    Esc(DisplayName(documents[a]), &out);
    if (a == b) {
      out.append(" <span class=\"mut\">within itself</span>");
    } else {
      out.append(" ↔ ");
      Esc(DisplayName(documents[b]), &out);
    }
    absl::StrAppend(&out, " <span class=\"mut\">", members.size(),
                    members.size() == 1 ? " passage" : " passages", "</span></h3>\n");
    for (size_t m : members) {
      if (!blocks[m].findings.empty()) AppendPassage(documents, report, blocks[m], &out);
    }
    if (options.html_all_passages && with_findings < members.size()) {
      const size_t rest = members.size() - with_findings;
      absl::StrAppend(&out, "<details><summary>", rest,
                      rest == 1 ? " more aligned passage" : " more aligned passages",
                      " without findings</summary>\n");
      for (size_t m : members) {
        if (blocks[m].findings.empty()) AppendPassage(documents, report, blocks[m], &out);
      }
      out.append("</details>\n");
    }
    out.append("</section>\n");
  }
  bool any_context = false;
  for (const Block& block : blocks) {
    if (!block.context) continue;
    if (!any_context) {
      out.append("<section class=\"pair\">\n<h3>Findings outside the aligned passages</h3>\n");
      any_context = true;
    }
    AppendPassage(documents, report, block, &out);
  }
  if (any_context) out.append("</section>\n");
  out.append("</section>\n");
  out.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
  if (report.findings.empty()) out.append("<p>No conflicts or agreements were found.</p>\n");
  for (Verdict verdict : {Verdict::kConflict, Verdict::kAgreement}) {
    const size_t n = counts.Total(verdict);
    if (n == 0) continue;
    absl::StrAppend(&out, "<h3>",
                    verdict == Verdict::kConflict ? "Conflicts" : "Agreements (same fact, "
                                                                  "written differently)",
                    "</h3>\n<ul class=\"findings\">\n");
    for (size_t i = 0; i < report.findings.size(); ++i) {
      if (report.findings[i].verdict != verdict) continue;
      const size_t number = passage_of[i];
      AppendFindingItem(documents, report.findings[i], i, number, blocks[number - 1].context,
                        &out);
    }
    out.append("</ul>\n");
  }
  out.append("</section>\n");

  out.append("<footer>Highlights are the authors' original text. ");
  out.append("Hover over (or tap) a highlight for its explanation.");
  if (!options.generator.empty()) {
    out.append(" Generated by ");
    Esc(options.generator, &out);
    out.append(".");
  }
  out.append("</footer>\n<script>");
  out.append(kScript);
  out.append("</script>\n</body>\n</html>\n");
  return out;
}

}  // namespace crossdoc
