// Tests of stage 7 (report): the JSON contract, the text report and the HTML page, on the invented
// articles in examples/data (the whole pipeline) and on generated reports (escaping, crossing
// highlights, spans outside passages, invalid input).
#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/facts.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/report.h"
#include "crossdoc/text.h"
#include "test_support.h"

namespace crossdoc {
namespace {

std::filesystem::path ExamplePath(const std::string& name) {
  return std::filesystem::path(CROSSDOC_TEST_DATA_DIR) / ".." / ".." / "examples" / "data" / name;
}

AnalyzedText AnalyzeOrDie(std::string_view text, bool lenient = false) {
  AnalyzerOptions options;
  options.lenient_utf8 = lenient;
  const Analyzer analyzer(options);
  auto analyzed = analyzer.Analyze(text);
  REQUIRE(analyzed.ok());
  return *std::move(analyzed);
}

// ------------------------------------------------------------------------------------------------
// A small HTML reader for the page RenderHtml writes: tags, attributes, entities, nesting.

struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::string passage;  // id of the nearest enclosing <article class="passage">, if any
  std::string finding;  // id of the nearest enclosing finding list item, if any
};

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    const size_t semi = s.find(';', i);
    REQUIRE(semi != std::string_view::npos);
    const std::string_view entity = s.substr(i, semi + 1 - i);
    if (entity == "&amp;") {
      out.push_back('&');
    } else if (entity == "&lt;") {
      out.push_back('<');
    } else if (entity == "&gt;") {
      out.push_back('>');
    } else if (entity == "&quot;") {
      out.push_back('"');
    } else if (entity == "&#39;") {
      out.push_back('\'');
    } else if (entity == "&#13;") {
      out.push_back('\r');
    } else {
      FAIL("unexpected entity " << entity);
    }
    i = semi + 1;
  }
  return out;
}

struct Page {
  std::map<std::string, Element> by_id;            // every element with an id
  std::map<std::string, std::string> side_text;    // data-side -> concatenated text of fragments
  std::map<std::string, std::set<std::string>> side_passages;  // data-side -> passages holding it
  std::map<std::string, std::vector<std::string>> links;  // finding id -> hrefs inside it
  std::vector<std::string> passage_links;  // hrefs to #finding-N inside passages (any)
  size_t marks = 0;
};

Page ParsePage(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "input", "br", "hr", "img", "link"};
  Page page;
  struct Open {
    std::string name;
    std::map<std::string, std::string> attrs;
  };
  std::vector<Open> stack;
  auto enclosing = [&](const char* cls_prefix, std::string_view name) {
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (it->name != name) continue;
      auto cls = it->attrs.find("class");
      if (cls != it->attrs.end() && cls->second.rfind(cls_prefix, 0) == 0) {
        return it->attrs.count("id") ? it->attrs.at("id") : std::string();
      }
    }
    return std::string();
  };
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      const size_t next = html.find('<', i);
      const std::string text = Unescape(std::string_view(html).substr(i, next - i));
      for (const Open& o : stack) {
        if (o.name == "mark") page.side_text[o.attrs.at("data-side")] += text;
      }
      i = next == std::string::npos ? html.size() : next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i) + 3;
      continue;
    }
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    const size_t close = html.find('>', i);
    REQUIRE(close != std::string::npos);
    std::string_view tag(html.data() + i + 1, close - i - 1);
    i = close + 1;
    if (tag.front() == '/') {
      const std::string name(tag.substr(1));
      REQUIRE(!stack.empty());
      INFO("closing </" << name << "> while <" << stack.back().name << "> is open");
      REQUIRE(stack.back().name == name);
      stack.pop_back();
      continue;
    }
    Open open;
    size_t p = 0;
    while (p < tag.size() && tag[p] != ' ') ++p;
    open.name = std::string(tag.substr(0, p));
    while (p < tag.size()) {
      while (p < tag.size() && tag[p] == ' ') ++p;
      if (p >= tag.size()) break;
      size_t q = p;
      while (q < tag.size() && tag[q] != '=' && tag[q] != ' ') ++q;
      std::string key(tag.substr(p, q - p));
      std::string value;
      if (q < tag.size() && tag[q] == '=') {
        REQUIRE(tag[q + 1] == '"');
        const size_t end = tag.find('"', q + 2);
        REQUIRE(end != std::string_view::npos);
        value = Unescape(tag.substr(q + 2, end - q - 2));
        q = end + 1;
      }
      open.attrs[key] = value;
      p = q;
    }
    Element element{open.name, open.attrs, enclosing("passage", "article"),
                    enclosing("finding", "li")};
    if (open.name == "article" && open.attrs.count("id")) element.passage = open.attrs.at("id");
    if (open.name == "li" && open.attrs.count("id")) element.finding = open.attrs.at("id");
    if (open.attrs.count("id")) {
      INFO("duplicate id " << open.attrs.at("id"));
      REQUIRE(page.by_id.emplace(open.attrs.at("id"), element).second);
    }
    if (open.name == "a" && open.attrs.count("href")) {
      if (!element.finding.empty()) page.links[element.finding].push_back(open.attrs.at("href"));
      if (!element.passage.empty()) page.passage_links.push_back(open.attrs.at("href"));
    }
    if (open.name == "mark") {
      ++page.marks;
      const std::string side = open.attrs.at("data-side");
      page.side_passages[side].insert(element.passage);
      page.side_text[side];  // an empty side still exists
    }
    if (open.name == "script" || open.name == "style") {
      const std::string end = "</" + open.name + ">";
      i = html.find(end, i) + end.size();
      continue;
    }
    if (kVoid.count(open.name) == 0 && tag.back() != '/') stack.push_back(std::move(open));
  }
  REQUIRE(stack.empty());
  return page;
}

// Checks what the page promises for every finding: a list entry with its id, a link to an
// existing passage, both highlights inside that passage, their text equal to the original bytes.
void CheckPage(const Page& page, absl::Span<const ReportDocument> docs,
               const ReconcileReport& report) {
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const std::string id = "finding-" + std::to_string(i + 1);
    INFO(id << ": " << f.explanation);
    REQUIRE(page.by_id.count(id) == 1);
    CHECK(page.by_id.at(id).name == "li");
    std::string passage;
    for (const std::string& href : page.links.at(id)) {
      if (href.rfind("#passage-", 0) == 0) passage = href.substr(1);
    }
    REQUIRE(!passage.empty());
    REQUIRE(page.by_id.count(passage) == 1);
    CHECK(page.by_id.at(passage).name == "article");
    // Passages link back to the finding.
    CHECK(std::count(page.passage_links.begin(), page.passage_links.end(), "#" + id) >= 1);
    for (char side : {'a', 'b'}) {
      const FindingSide& s = side == 'a' ? f.a : f.b;
      const std::string name = std::to_string(i + 1) + side;
      REQUIRE(page.by_id.count("f" + name) == 1);
      CHECK(page.by_id.at("f" + name).passage == passage);
      REQUIRE(page.side_passages.count(name) == 1);
      CHECK(page.side_passages.at(name) == std::set<std::string>{passage});
      CHECK(page.side_text.at(name) == std::string(s.span.In(docs[s.doc].text->text())));
      // The finding's list entry links to both highlights.
      const auto& hrefs = page.links.at(id);
      CHECK(std::find(hrefs.begin(), hrefs.end(), "#f" + name) != hrefs.end());
    }
  }
}

// Nothing in the page reaches outside it.
void CheckSelfContained(const std::string& html) {
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
}

// ------------------------------------------------------------------------------------------------
// The whole pipeline on the five invented articles.

struct Pipeline {
  std::vector<Document> documents;
  std::vector<AnalyzedText> texts;
  std::vector<DocumentFacts> facts;
  std::vector<ReportDocument> report_docs;
  ReconcileReport report;
};

Pipeline RunPipeline() {
  Pipeline p;
  for (const char* name : {"jtf_hi_deepstambh.txt", "jtf_hi_samachar_setu.txt",
                           "jtf_hi_janpath_varta.txt", "jtf_en_meridian_courier.txt",
                           "jtf_en_eastline_wire.txt"}) {
    auto doc = ReadTextFile(ExamplePath(name).string());
    REQUIRE(doc.ok());
    p.documents.push_back(*std::move(doc));
  }
  p.texts.reserve(p.documents.size());
  p.facts.reserve(p.documents.size());
  std::vector<ReconcileDocument> inputs;
  for (const Document& d : p.documents) {
    p.texts.push_back(AnalyzeOrDie(d.text));
    p.facts.push_back(ExtractFacts(p.texts.back()));
  }
  for (size_t i = 0; i < p.documents.size(); ++i) {
    inputs.push_back({p.documents[i].id, &p.texts[i], &p.facts[i], ""});
    p.report_docs.push_back(MakeReportDocument(p.documents[i], p.texts[i], p.facts[i]));
  }
  auto report = Reconcile(inputs);
  REQUIRE(report.ok());
  p.report = *std::move(report);
  return p;
}

TEST_CASE("report: JSON contract on the example articles", "[report][json]") {
  Pipeline p = RunPipeline();
  REQUIRE(!p.report.findings.empty());
  REQUIRE(!p.report.passages.empty());
  auto json = RenderJson(p.report_docs, p.report);
  REQUIRE(json.ok());
  auto parsed = ParseJson(*json);
  REQUIRE(parsed.ok());
  const JsonValue& root = *parsed;
  REQUIRE(root.Find("version") != nullptr);
  CHECK(root.Find("version")->number_text() == "1");

  // Documents: ids in input order, the dateline each article carries, published_from says so.
  const JsonValue* documents = root.Find("documents");
  REQUIRE(documents != nullptr);
  REQUIRE(documents->size() == p.documents.size());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < p.documents.size(); ++i) {
    const JsonValue& d = documents->array()[i];
    CHECK(d.Find("id")->string() == p.documents[i].id);
    index[p.documents[i].id] = i;
    REQUIRE(p.facts[i].reference.has_value());
    CHECK(d.Find("published")->string() == p.facts[i].reference->ToIso8601());
    CHECK(d.Find("published_from")->string() ==
          std::string(ReferenceSourceName(p.facts[i].reference_source)));
    CHECK(d.Find("published_from")->string() == "dateline");  // no metadata was given
    CHECK(d.Find("source")->is_string());
  }
  // The dateline of jtf_hi_deepstambh.txt is "अपडेटेड 12 March 2025 at 09:10 IST".
  CHECK(documents->array()[0].Find("published")->string() == "2025-03-12T09:10:00+05:30");

  // Original bytes, read again from the files, are what every span points at.
  std::vector<std::string> raw;
  for (const Document& d : p.documents) {
    raw.push_back(testing::ReadFile(ExamplePath(d.id)));
  }
  auto bytes = [&](const std::string& doc, const JsonValue& span) {
    REQUIRE(index.count(doc) == 1);
    REQUIRE(span.size() == 2);
    const double begin = span.array()[0].number();
    const double end = span.array()[1].number();
    REQUIRE(begin <= end);
    REQUIRE(end <= raw[index[doc]].size());
    return raw[index[doc]].substr(static_cast<size_t>(begin), static_cast<size_t>(end - begin));
  };

  const JsonValue* passages = root.Find("passages");
  REQUIRE(passages != nullptr);
  REQUIRE(passages->size() == p.report.passages.size());
  for (size_t i = 0; i < passages->size(); ++i) {
    const JsonValue& j = passages->array()[i];
    const DocumentPassage& r = p.report.passages[i];
    CHECK(j.Find("a")->string() == p.documents[r.a].id);
    CHECK(j.Find("b")->string() == p.documents[r.b].id);
    CHECK(bytes(j.Find("a")->string(), *j.Find("a_span")) ==
          std::string(r.a_span.In(p.texts[r.a].text())));
    CHECK(bytes(j.Find("b")->string(), *j.Find("b_span")) ==
          std::string(r.b_span.In(p.texts[r.b].text())));
    const double similarity = j.Find("similarity")->number();
    CHECK(similarity >= 0.0);
    CHECK(similarity <= 1.0);
  }

  const JsonValue* findings = root.Find("findings");
  REQUIRE(findings != nullptr);
  REQUIRE(findings->size() == p.report.findings.size());
  size_t conflicts = 0;
  for (size_t i = 0; i < findings->size(); ++i) {
    const JsonValue& j = findings->array()[i];
    const Finding& f = p.report.findings[i];
    INFO("finding " << i + 1 << ": " << f.explanation);
    const std::string kind = j.Find("kind")->string();
    CHECK((kind == "entity" || kind == "number" || kind == "date" || kind == "negation"));
    CHECK(kind == std::string(FactKindName(f.kind)));
    const std::string verdict = j.Find("verdict")->string();
    CHECK((verdict == "conflict" || verdict == "agreement"));
    conflicts += verdict == "conflict";
    for (const char* side : {"a", "b"}) {
      const JsonValue& s = *j.Find(side);
      const FindingSide& fs = side[0] == 'a' ? f.a : f.b;
      CHECK(s.Find("doc")->string() == p.documents[fs.doc].id);
      CHECK(s.Find("text")->string() == bytes(s.Find("doc")->string(), *s.Find("span")));
      CHECK(!s.Find("text")->string().empty());
      CHECK(s.Find("value")->string() == fs.value);
    }
    CHECK(j.Find("confidence")->number() >= 0.0);
    CHECK(j.Find("confidence")->number() <= 1.0);
    CHECK(j.Find("explanation")->string() == f.explanation);
  }
  CHECK(conflicts > 0);
  CHECK(root.Find("claims") == nullptr);  // only on request

  SECTION("claims on request, pretty-printed") {
    ReportOptions options;
    options.json_claims = true;
    options.json_indent = 2;
    auto pretty = RenderJson(p.report_docs, p.report, options);
    REQUIRE(pretty.ok());
    CHECK(pretty->find("\n  \"documents\"") != std::string::npos);
    auto reparsed = ParseJson(*pretty);
    REQUIRE(reparsed.ok());
    REQUIRE(reparsed->Find("claims") != nullptr);
    CHECK(reparsed->Find("claims")->size() == p.report.claims.size());
    CHECK(reparsed->Find("findings")->size() == p.report.findings.size());
  }
}

TEST_CASE("report: text report on the example articles", "[report][text]") {
  Pipeline p = RunPipeline();
  REQUIRE(!p.report.findings.empty());
  auto text = RenderText(p.report_docs, p.report);
  REQUIRE(text.ok());
  for (const Document& d : p.documents) CHECK(text->find(d.id) != std::string::npos);
  CHECK(text->find("2025-03-12T09:10:00+05:30 (from a dateline in the text)") != std::string::npos);
  for (size_t i = 0; i < p.report.findings.size(); ++i) {
    const Finding& f = p.report.findings[i];
    INFO("finding " << i + 1);
    CHECK(text->find(f.explanation) != std::string::npos);
    CHECK(text->find("#" + std::to_string(i + 1) + " ") != std::string::npos);
    for (const FindingSide* s : {&f.a, &f.b}) {
      std::string quoted(s->span.In(p.texts[s->doc].text()));
      std::replace(quoted.begin(), quoted.end(), '\n', ' ');
      CHECK(text->find("\u201c" + quoted + "\u201d = " + s->value) != std::string::npos);
    }
  }
  SECTION("agreements can be left out") {
    ReportOptions options;
    options.text_agreements = false;
    auto short_text = RenderText(p.report_docs, p.report, options);
    REQUIRE(short_text.ok());
    for (const Finding& f : p.report.findings) {
      const bool shown = short_text->find(f.explanation) != std::string::npos;
      if (f.verdict == Verdict::kConflict) CHECK(shown);
    }
    CHECK(short_text->size() < text->size());
  }
}

TEST_CASE("report: HTML page on the example articles", "[report][html]") {
  Pipeline p = RunPipeline();
  REQUIRE(!p.report.findings.empty());
  ReportOptions options;
  options.generator = "report_test";
  auto html = RenderHtml(p.report_docs, p.report, options);
  REQUIRE(html.ok());
  CheckSelfContained(*html);
  CHECK(html->rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html->find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html->find("name=\"viewport\"") != std::string::npos);
  CHECK(html->find("max-width:700px") != std::string::npos);
  const Page page = ParsePage(*html);
  CheckPage(page, p.report_docs, p.report);
  // Every passage of the report is on the page with its spans.
  for (size_t i = 0; i < p.report.passages.size(); ++i) {
    const std::string id = "passage-" + std::to_string(i + 1);
    REQUIRE(page.by_id.count(id) == 1);
    const DocumentPassage& r = p.report.passages[i];
    CHECK(page.by_id.at(id).attrs.at("data-a-span") ==
          std::to_string(r.a_span.begin) + "," + std::to_string(r.a_span.end));
    CHECK(page.by_id.at(id).attrs.at("data-b-doc") == p.documents[r.b].id);
  }
  // Devanagari reaches the page as UTF-8, not as entities.
  CHECK(html->find("पांचवीं") != std::string::npos);

  SECTION("without the passages that hold no finding") {
    options.html_all_passages = false;
    auto smaller = RenderHtml(p.report_docs, p.report, options);
    REQUIRE(smaller.ok());
    CHECK(smaller->size() < html->size());
    CheckPage(ParsePage(*smaller), p.report_docs, p.report);
  }
}

// ------------------------------------------------------------------------------------------------
// Hand-made reports.

Finding MakeFinding(uint32_t a_doc, ByteSpan a, uint32_t b_doc, ByteSpan b,
                    const std::vector<AnalyzedText>& texts, Verdict verdict,
                    std::string explanation) {
  Finding f;
  f.kind = FactKind::kNumber;
  f.verdict = verdict;
  f.a = FindingSide{a_doc, "", a, std::string(a.In(texts[a_doc].text())), "x", {}, 0};
  f.b = FindingSide{b_doc, "", b, std::string(b.In(texts[b_doc].text())), "y", {}, 0};
  f.confidence = 0.75;
  f.explanation = std::move(explanation);
  return f;
}

ByteSpan Find(const AnalyzedText& text, std::string_view needle) {
  const size_t at = text.text().find(needle);
  REQUIRE(at != std::string_view::npos);
  return ByteSpan{static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

TEST_CASE("report: markup in the text and in explanations is escaped", "[report][html]") {
  std::vector<AnalyzedText> texts;
  texts.push_back(AnalyzeOrDie("Tom & Jerry <b>said</b> \"5\" rockets hit 'Gaza' </script>.\n"));
  texts.push_back(AnalyzeOrDie("टॉम & जेरी <i>ने</i> कहा कि \"6\" रॉकेट गिरे।\n"));
  std::vector<ReportDocument> docs(2);
  docs[0] = {"a<1>.txt", "The \"Daily\" <Wire>", std::nullopt, ReferenceSource::kNone, "en",
             &texts[0]};
  docs[1] = {"b&2.txt", "", std::nullopt, ReferenceSource::kNone, "hi", &texts[1]};
  ReconcileReport report;
  report.passages.push_back({0, 1, ByteSpan{0, static_cast<uint32_t>(texts[0].text().size() - 1)},
                             ByteSpan{0, static_cast<uint32_t>(texts[1].text().size() - 1)},
                             0.5});
  report.findings.push_back(MakeFinding(0, Find(texts[0], "<b>said</b> \"5\""), 1,
                                        Find(texts[1], "<i>ने</i> कहा कि \"6\""), texts,
                                        Verdict::kConflict,
                                        "says <b>5</b> & \"6\" elsewhere </mark>"));
  report.findings.push_back(MakeFinding(0, Find(texts[0], "</script>"), 1,
                                        Find(texts[1], "&"), texts, Verdict::kAgreement,
                                        "'quoted' <script>alert(1)</script>"));
  auto html = RenderHtml(docs, report);
  REQUIRE(html.ok());
  CHECK(html->find("<b>said") == std::string::npos);
  CHECK(html->find("<b>5") == std::string::npos);
  CHECK(html->find("<i>") == std::string::npos);
  CHECK(html->find("<Wire>") == std::string::npos);
  CHECK(html->find("alert(1)</script>") == std::string::npos);
  CHECK(html->find("&lt;b&gt;said&lt;/b&gt; &quot;5&quot;") != std::string::npos);
  const Page page = ParsePage(*html);
  CheckPage(page, docs, report);
  CHECK(page.by_id.at("passage-1").attrs.at("data-a-doc") == "a<1>.txt");
  CHECK(page.by_id.at("f1a").attrs.at("title").find("says <b>5</b> & \"6\" elsewhere </mark>") !=
        std::string::npos);
  CheckSelfContained(*html);

  // JSON and text keep the bytes as they are.
  auto json = RenderJson(docs, report);
  REQUIRE(json.ok());
  auto parsed = ParseJson(*json);
  REQUIRE(parsed.ok());
  CHECK(parsed->Find("findings")->array()[0].Find("a")->Find("text")->string() ==
        "<b>said</b> \"5\"");
  CHECK(parsed->Find("documents")->array()[0].Find("published")->is_null());
  CHECK(parsed->Find("documents")->array()[0].Find("published_from")->string() == "none");
  auto text = RenderText(docs, report);
  REQUIRE(text.ok());
  CHECK(text->find("\u201c<b>said</b> \"5\"\u201d = x") != std::string::npos);
  CHECK(text->find("publication time unknown") != std::string::npos);
}

TEST_CASE("report: crossing and nested highlights keep every side's text", "[report][html]") {
  std::vector<AnalyzedText> texts;
  texts.push_back(AnalyzeOrDie("भारत और ईरान ने आपदा प्रबंधन पर 12 सदस्यीय दल भेजा।"));
  texts.push_back(AnalyzeOrDie("India and Iran sent a 15-member team on disaster management."));
  std::vector<ReportDocument> docs(2);
  docs[0] = {"hi", "", std::nullopt, ReferenceSource::kNone, "", &texts[0]};
  docs[1] = {"en", "", std::nullopt, ReferenceSource::kNone, "", &texts[1]};
  const uint32_t na = static_cast<uint32_t>(texts[0].text().size());
  const uint32_t nb = static_cast<uint32_t>(texts[1].text().size());
  ReconcileReport report;
  report.passages.push_back({0, 1, ByteSpan{0, na}, ByteSpan{0, nb}, 0.4});
  const ByteSpan ab = Find(texts[0], "ईरान ने आपदा");
  const ByteSpan cd = Find(texts[0], "आपदा प्रबंधन पर 12");  // crosses ab
  const ByteSpan inner = Find(texts[0], "12");             // inside cd
  report.findings.push_back(MakeFinding(0, ab, 1, Find(texts[1], "Iran"), texts,
                                        Verdict::kAgreement, "one"));
  report.findings.push_back(MakeFinding(0, cd, 1, Find(texts[1], "15-member team on"), texts,
                                        Verdict::kConflict, "two"));
  report.findings.push_back(MakeFinding(1, Find(texts[1], "15"), 0, inner, texts,
                                        Verdict::kConflict, "three (sides swapped)"));
  report.findings.push_back(MakeFinding(0, inner, 1, Find(texts[1], "15-member"), texts,
                                        Verdict::kConflict, "four (same span as three)"));
  auto html = RenderHtml(docs, report);
  REQUIRE(html.ok());
  const Page page = ParsePage(*html);
  CheckPage(page, docs, report);
  // "ईरान ने आपदा" is cut where "आपदा प्रबंधन पर 12" begins; the later side is split, and only
  // its first fragment has the id.
  size_t fragments = 0;
  for (size_t at = html->find("data-side=\"2a\""); at != std::string::npos;
       at = html->find("data-side=\"2a\"", at + 1)) {
    ++fragments;
  }
  CHECK(fragments >= 2);
  CHECK(page.side_text.at("1a") == "ईरान ने आपदा");
  CHECK(page.side_text.at("2a") == "आपदा प्रबंधन पर 12");
}

TEST_CASE("report: a finding outside every passage gets a context block", "[report][html]") {
  std::vector<AnalyzedText> texts;
  texts.push_back(AnalyzeOrDie("Headline about Iran\n\nThe meeting was in Tehran. It was the "
                               "sixth meeting.\n\nUnrelated closing line about Iraq.\n"));
  std::vector<ReportDocument> docs(1);
  docs[0] = {"self.txt", "Wire", std::nullopt, ReferenceSource::kNone, "en", &texts[0]};
  ReconcileReport report;
  report.passages.push_back({0, 0, Find(texts[0], "Headline about Iran"),
                             Find(texts[0], "The meeting was in Tehran."), 0.6});
  // Iran (headline) vs Iraq (last line): the second side lies in no passage.
  report.findings.push_back(MakeFinding(0, Find(texts[0], "Iran"), 0, Find(texts[0], "Iraq"),
                                        texts, Verdict::kConflict, "Iran or Iraq"));
  auto html = RenderHtml(docs, report);
  REQUIRE(html.ok());
  const Page page = ParsePage(*html);
  CheckPage(page, docs, report);
  REQUIRE(page.by_id.count("passage-2") == 1);
  CHECK(page.by_id.at("passage-2").attrs.count("data-context") == 1);
  CHECK(page.by_id.at("f1b").passage == "passage-2");
  // The context shows the whole sentence around each side, cut from the original.
  CHECK(html->find("Unrelated closing line about <mark") != std::string::npos);
}

TEST_CASE("report: bad reports are errors that name the finding or passage", "[report]") {
  std::vector<AnalyzedText> texts;
  texts.push_back(AnalyzeOrDie("भारत-ईरान बैठक।"));
  std::vector<ReportDocument> docs(1);
  docs[0] = {"d", "", std::nullopt, ReferenceSource::kNone, "", &texts[0]};
  const uint32_t n = static_cast<uint32_t>(texts[0].text().size());
  auto expect_error = [&](const ReconcileReport& report, std::string_view words) {
    for (auto render : {&RenderJson, &RenderText, &RenderHtml}) {
      auto out = render(docs, report, {});
      REQUIRE(!out.ok());
      CHECK(out.status().code() == absl::StatusCode::kInvalidArgument);
      INFO(out.status().message());
      CHECK(std::string(out.status().message()).find(words) != std::string::npos);
    }
  };
  ReconcileReport report;
  report.findings.push_back(MakeFinding(0, ByteSpan{0, 3}, 0, ByteSpan{0, 3}, texts,
                                        Verdict::kConflict, "ok"));
  REQUIRE(ValidateReport(docs, report).ok());

  ReconcileReport bad = report;
  bad.findings[0].b.doc = 3;
  expect_error(bad, "finding 1 side b: document index 3");
  bad = report;
  bad.findings[0].a.span = ByteSpan{2, n + 1};
  expect_error(bad, "finding 1 side a: span [2, ");
  bad = report;
  bad.findings[0].a.span = ByteSpan{1, 3};  // inside the first Devanagari letter
  expect_error(bad, "cuts a UTF-8 character");
  bad = report;
  bad.passages.push_back({0, 1, ByteSpan{0, 3}, ByteSpan{0, 3}, 0.5});
  expect_error(bad, "passage 1 side b");
  std::vector<ReportDocument> no_text = docs;
  no_text[0].text = nullptr;
  CHECK(!RenderHtml(no_text, report).ok());
}

TEST_CASE("report: invalid UTF-8 (lenient analysis) is shown as U+FFFD", "[report][html]") {
  std::vector<AnalyzedText> texts;
  texts.push_back(AnalyzeOrDie("Bad \xFF byte near 12 members.", /*lenient=*/true));
  texts.push_back(AnalyzeOrDie("Good text with 15 members."));
  REQUIRE(!texts[0].repairs().empty());
  std::vector<ReportDocument> docs(2);
  docs[0] = {"bad", "", std::nullopt, ReferenceSource::kNone, "", &texts[0]};
  docs[1] = {"good", "", std::nullopt, ReferenceSource::kNone, "", &texts[1]};
  ReconcileReport report;
  report.passages.push_back({0, 1, ByteSpan{0, static_cast<uint32_t>(texts[0].text().size())},
                             ByteSpan{0, static_cast<uint32_t>(texts[1].text().size())}, 0.5});
  report.findings.push_back(MakeFinding(0, Find(texts[0], "\xFF byte near 12"), 1,
                                        Find(texts[1], "with 15"), texts, Verdict::kConflict,
                                        "12 vs 15"));
  auto html = RenderHtml(docs, report);
  REQUIRE(html.ok());
  CHECK(html->find('\xFF') == std::string::npos);
  CHECK(html->find("\xEF\xBF\xBD byte near") != std::string::npos);
  auto json = RenderJson(docs, report);
  REQUIRE(json.ok());
  CHECK(ParseJson(*json).ok());
  auto text = RenderText(docs, report);
  REQUIRE(text.ok());
  CHECK(!FindInvalidUtf8(*text).has_value());
}

TEST_CASE("report: MakeReportDocument says where the publication time came from", "[report]") {
  const std::string body = "Updated 12 March 2025 14:20 IST\n\nThe meeting was held on Tuesday.\n";
  const AnalyzedText text = AnalyzeOrDie(body);
  Document doc{"x.txt", body, "Eastline", std::nullopt, "en"};
  const DocumentFacts from_dateline = ExtractFacts(text);
  const ReportDocument a = MakeReportDocument(doc, text, from_dateline);
  CHECK(a.published_from == ReferenceSource::kDateline);
  REQUIRE(a.published.has_value());
  CHECK(a.published->ToIso8601() == "2025-03-12T14:20:00+05:30");
  CHECK(a.source == "Eastline");
  CHECK(a.text == &text);

  auto meta = ParseIso8601("2025-03-13T06:00:00+05:30");
  REQUIRE(meta.ok());
  doc.published = *meta;
  FactOptions options;
  options.published = *meta;
  const ReportDocument b = MakeReportDocument(doc, text, ExtractFacts(text, options));
  CHECK(b.published_from == ReferenceSource::kMetadata);
  CHECK(b.published->ToIso8601() == "2025-03-13T06:00:00+05:30");

  const AnalyzedText plain = AnalyzeOrDie("No dateline here.");
  doc.published = std::nullopt;
  const ReportDocument c = MakeReportDocument(doc, plain, ExtractFacts(plain));
  CHECK(c.published_from == ReferenceSource::kNone);
  CHECK(!c.published.has_value());
}

// Random texts (Devanagari, Latin, markup characters) with random, possibly crossing, nested or
// empty highlights: the page always parses, and every side's fragments give back its bytes.
TEST_CASE("report: random highlights always reconstruct the original bytes", "[report][html]") {
  static const std::vector<std::string> kPieces = {
      "भारत", "ईरान", "ने", "12", "छठी", "बैठक", "।", " ", " ", "\n", "<", ">", "&", "\"", "'",
      "India", "Iran", "6th", ".", "—", "क़", "😀", "\r\n", "\t"};
  std::mt19937 rng(20250312);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> raw(2);
    std::vector<std::vector<uint32_t>> cuts(2);  // character boundaries
    for (int d = 0; d < 2; ++d) {
      const int pieces = 1 + static_cast<int>(rng() % 40);
      cuts[d].push_back(0);
      for (int k = 0; k < pieces; ++k) {
        raw[d] += kPieces[rng() % kPieces.size()];
        cuts[d].push_back(static_cast<uint32_t>(raw[d].size()));
      }
    }
    std::vector<AnalyzedText> texts = {AnalyzeOrDie(raw[0]), AnalyzeOrDie(raw[1])};
    std::vector<ReportDocument> docs(2);
    docs[0] = {"r0", "", std::nullopt, ReferenceSource::kNone, "", &texts[0]};
    docs[1] = {"r1", "", std::nullopt, ReferenceSource::kNone, "", &texts[1]};
    auto random_span = [&](int d) {
      uint32_t x = cuts[d][rng() % cuts[d].size()];
      uint32_t y = cuts[d][rng() % cuts[d].size()];
      if (x > y) std::swap(x, y);
      return ByteSpan{x, y};
    };
    ReconcileReport report;
    const int passages = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < passages; ++k) {
      report.passages.push_back({0, 1, random_span(0), random_span(1), 0.5});
    }
    const int findings = static_cast<int>(rng() % 8);
    for (int k = 0; k < findings; ++k) {
      const bool swap = rng() % 2 == 0;
      const ByteSpan s0 = random_span(0);
      const ByteSpan s1 = random_span(1);
      report.findings.push_back(swap ? MakeFinding(1, s1, 0, s0, texts, Verdict::kAgreement, "s")
                                     : MakeFinding(0, s0, 1, s1, texts, Verdict::kConflict, "c"));
    }
    INFO("round " << round << ": " << raw[0] << " | " << raw[1]);
    auto html = RenderHtml(docs, report);
    REQUIRE(html.ok());
    CHECK(!FindInvalidUtf8(*html).has_value());
    CheckPage(ParsePage(*html), docs, report);
  }
}

}  // namespace
}  // namespace crossdoc
