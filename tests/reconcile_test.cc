// Tests of stage 6 (reconcile): conflicts and agreements at aligned positions, precision first.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/align.h"
#include "crossdoc/facts.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"
#include "test_support.h"

namespace crossdoc {
namespace {

// Documents analyzed and read for facts, kept alive for the report's pointers.
struct Corpus {
  std::vector<std::string> ids;
  std::vector<AnalyzedText> texts;
  std::vector<DocumentFacts> facts;

  void Add(std::string id, const std::string& text, std::optional<Timestamp> published = {}) {
    static const Analyzer analyzer;
    auto analyzed = analyzer.Analyze(text);
    REQUIRE(analyzed.ok());
    ids.push_back(std::move(id));
    texts.push_back(*std::move(analyzed));
    FactOptions options;
    options.published = published;
    facts.push_back(ExtractFacts(texts.back(), options));
  }
  std::vector<ReconcileDocument> Inputs() const {
    std::vector<ReconcileDocument> out;
    for (size_t i = 0; i < ids.size(); ++i) out.push_back({ids[i], &texts[i], &facts[i], ""});
    return out;
  }
  ReconcileReport Run(const ReconcileOptions& options = {}) const {
    const auto inputs = Inputs();
    auto report = Reconcile(inputs, options);
    REQUIRE(report.ok());
    CheckSpans(*report);
    return *std::move(report);
  }
  // Every span points at exactly the bytes the finding quotes.
  void CheckSpans(const ReconcileReport& report) const {
    for (const Finding& f : report.findings) {
      for (const FindingSide* s : {&f.a, &f.b}) {
        REQUIRE(s->doc < texts.size());
        CHECK(s->doc_id == ids[s->doc]);
        const std::string_view text = texts[s->doc].text();
        REQUIRE(s->span.end <= text.size());
        REQUIRE(s->span.begin < s->span.end);
        CHECK(s->span.In(text) == s->text);
        CHECK(!s->value.empty());
      }
      CHECK(f.confidence > 0.0);
      CHECK(f.confidence <= 1.0);
      CHECK(!f.explanation.empty());
      CHECK(f.explanation.find('\n') == std::string::npos);
      if (f.verdict == Verdict::kAgreement) {
        CHECK(f.a.value == f.b.value);
        CHECK(f.a.text != f.b.text);
      } else {
        CHECK(f.a.value != f.b.value);
      }
    }
    for (const DocumentPassage& p : report.passages) {
      REQUIRE(p.a < texts.size());
      REQUIRE(p.b < texts.size());
      CHECK(p.a_span.end <= texts[p.a].text().size());
      CHECK(p.b_span.end <= texts[p.b].text().size());
      CHECK(p.similarity > 0.0);
      CHECK(p.similarity <= 1.0);
    }
  }
};

bool HasFinding(const ReconcileReport& r, Verdict verdict, FactKind kind, uint32_t doc_a,
                std::string_view text_a, uint32_t doc_b, std::string_view text_b) {
  for (const Finding& f : r.findings) {
    if (f.verdict != verdict || f.kind != kind) continue;
    if (f.a.doc == doc_a && f.a.text == text_a && f.b.doc == doc_b && f.b.text == text_b) {
      return true;
    }
    if (f.b.doc == doc_a && f.b.text == text_a && f.a.doc == doc_b && f.a.text == text_b) {
      return true;
    }
  }
  return false;
}

std::string Describe(const ReconcileReport& r) {
  std::string out;
  for (const Finding& f : r.findings) {
    out += std::string(VerdictName(f.verdict)) + " " + std::string(FactKindName(f.kind)) + ": " +
           f.a.text + " (" + f.a.value + ") | " + f.b.text + " (" + f.b.value + ")\n";
  }
  return out;
}

std::filesystem::path ExampleData(const std::string& name) {
  return std::filesystem::path(CROSSDOC_TEST_DATA_DIR).parent_path().parent_path() / "examples" /
         "data" / name;
}

Timestamp At(std::string_view iso) {
  auto t = ParseIso8601(iso);
  REQUIRE(t.ok());
  return *t;
}

TEST_CASE("Seeds: the India-Kazakhstan meeting as two outlets told it") {
  const auto p0 = testing::SeedPath("000_");
  const auto p1 = testing::SeedPath("001_");
  CROSSDOC_SKIP_IF_NO_SEEDS(p0 && p1);
  Corpus c;
  c.Add("000", testing::ReadFile(*p0));
  c.Add("001", testing::ReadFile(*p1));
  // 000 is dated by its dateline (10 April 2024, a Wednesday); 001 carries no time at all.
  REQUIRE(c.facts[0].reference_source == ReferenceSource::kDateline);
  REQUIRE(c.facts[1].reference_source == ReferenceSource::kNone);
  const ReconcileReport r = c.Run();
  INFO(Describe(r));
  CHECK(!r.passages.empty());

  // The wrong country, across outlets and inside 000 (whose headline says Kazakhstan).
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kEntity, 0, "तजाकिस्तान", 1, "कजाकिस्तान"));
  bool headline_conflict = false;
  for (const Finding& f : r.findings) {
    if (f.verdict != Verdict::kConflict || f.a.doc != 0 || f.b.doc != 0) continue;
    const FindingSide& kz = f.a.value == "KZ" ? f.a : f.b;
    const FindingSide& tj = f.a.value == "KZ" ? f.b : f.a;
    if (kz.value == "KZ" && tj.value == "TJ" && kz.text == "कजाकिस्तान" &&
        c.texts[0].sentences()[kz.sentence].headline && tj.text == "तजाकिस्तान") {
      headline_conflict = true;
    }
  }
  CHECK(headline_conflict);
  for (const Finding& f : r.findings) {
    if (f.verdict == Verdict::kConflict && f.kind == FactKind::kEntity) {
      CHECK(((f.a.value == "TJ" && f.b.value == "KZ") || (f.a.value == "KZ" && f.b.value == "TJ")));
      CHECK(f.explanation.find("Tajikistan") != std::string::npos);
      CHECK(f.explanation.find("Kazakhstan") != std::string::npos);
    }
  }

  // The large-cluster path (AlignCluster proposes the pairs) finds the same conflicts.
  {
    ReconcileOptions cluster;
    cluster.all_pairs_limit = 0;
    const ReconcileReport rc = c.Run(cluster);
    CHECK(HasFinding(rc, Verdict::kConflict, FactKind::kEntity, 0, "तजाकिस्तान", 1, "कजाकिस्तान"));
    size_t conflicts = 0, cluster_conflicts = 0;
    for (const Finding& f : r.findings) conflicts += f.verdict == Verdict::kConflict;
    for (const Finding& f : rc.findings) cluster_conflicts += f.verdict == Verdict::kConflict;
    CHECK(conflicts == cluster_conflicts);
  }

  // Agreements: a relative date resolved against the dateline, ordinals, acronyms across scripts.
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kDate, 0, "सोमवार", 1, "8 अप्रैल 2024"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, 0, "छठी", 1, "6वीं"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kEntity, 0, "एससीओ", 1, "SCO"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kEntity, 0, "ईएजी", 1, "EAG"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kEntity, 0, "जेडब्ल्यूजी", 1, "JWG"));
  for (const Finding& f : r.findings) {
    if (f.kind == FactKind::kDate) CHECK(f.a.value == "2024-04-08");
  }

  // No conflict but the wrong country: not the meeting's ordinal (पांचवीं in both), not the
  // Af-Pak region, not "state" vs "government" sponsored, not the publication date, nothing about
  // the 2023 exercise only 001 mentions.
  for (const Finding& f : r.findings) {
    if (f.verdict != Verdict::kConflict) continue;
    CHECK(f.kind == FactKind::kEntity);
    for (const FindingSide* s : {&f.a, &f.b}) {
      CHECK(s->text != "पांचवीं");
      CHECK(s->value != "AF");
      CHECK(s->value != "PK");
      CHECK(s->text.find("प्रायोजित") == std::string::npos);
      CHECK(s->text.find("2023") == std::string::npos);
      CHECK(s->text.find("2024") == std::string::npos);
      CHECK(s->text.find("April") == std::string::npos);
    }
  }
}

TEST_CASE("Seeds: ReconcilePair and ReconcileWithin on stage 4's alignments") {
  const auto p0 = testing::SeedPath("000_");
  const auto p1 = testing::SeedPath("001_");
  CROSSDOC_SKIP_IF_NO_SEEDS(p0 && p1);
  Corpus c;
  c.Add("000", testing::ReadFile(*p0));
  c.Add("001", testing::ReadFile(*p1));
  const auto inputs = c.Inputs();
  auto pair = Align(c.texts[0], c.texts[1]);
  REQUIRE(pair.ok());
  const auto cross = ReconcilePair(inputs[0], inputs[1], *pair);
  INFO(Describe(ReconcileReport{{}, cross, {}, false}));
  CHECK(!cross.empty());
  for (const Finding& f : cross) {
    CHECK(f.a.doc == 0);
    CHECK(f.b.doc == 1);
  }
  auto self = AlignWithin(c.texts[0]);
  REQUIRE(self.ok());
  const auto within = ReconcileWithin(inputs[0], *self);
  CHECK(!within.empty());
  for (const Finding& f : within) {
    CHECK(f.a.doc == 0);
    CHECK(f.b.doc == 0);
    CHECK(f.verdict == Verdict::kConflict);  // agreements inside a document are off by default
  }
  // The other document never contradicts itself.
  auto self1 = AlignWithin(c.texts[1]);
  REQUIRE(self1.ok());
  CHECK(ReconcileWithin(inputs[1], *self1).empty());
}

TEST_CASE("Example articles: five outlets, the conflicts and agreements of the truth list") {
  const auto ds_path = ExampleData("jtf_hi_deepstambh.txt");
  if (!std::filesystem::exists(ds_path)) {
    WARN("SKIPPED: example articles not found under " << ds_path.parent_path());
    return;
  }
  Corpus c;
  enum { DS, SS, JV, MC, EW };
  c.Add("DS", testing::ReadFile(ds_path));
  c.Add("SS", testing::ReadFile(ExampleData("jtf_hi_samachar_setu.txt")));
  c.Add("JV", testing::ReadFile(ExampleData("jtf_hi_janpath_varta.txt")));
  c.Add("MC", testing::ReadFile(ExampleData("jtf_en_meridian_courier.txt")));
  c.Add("EW", testing::ReadFile(ExampleData("jtf_en_eastline_wire.txt")));
  const ReconcileReport r = c.Run();
  INFO(Describe(r));

  // 1. DS contradicts itself: Iran in the headline, Iraq in the first body sentence.
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kEntity, DS, "ईरान", DS, "इराक"));
  // 2. Delegation size 12 vs 15.
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, DS, "12", SS, "15"));
  // 3. The ordinal of the meeting: JV is the outlier.
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, DS, "छठी", JV, "पांचवीं"));
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, JV, "पांचवीं", SS, "6वीं"));
  // 4. JV says the proposal was not agreed.
  bool negation = false;
  for (const Finding& f : r.findings) {
    if (f.kind == FactKind::kNegation && f.verdict == Verdict::kConflict) {
      const FindingSide& neg = f.a.value == "negated" ? f.a : f.b;
      const FindingSide& plain = f.a.value == "negated" ? f.b : f.a;
      CHECK(neg.doc == JV);
      CHECK(neg.text == "नहीं");
      CHECK(plain.value == "not negated");
      CHECK(plain.text.find("प्रस्ताव पर") != std::string::npos);
      negation = true;
    }
  }
  CHECK(negation);
  // 5-7. Agreements.
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kDate, DS, "मंगलवार", SS, "11 मार्च 2025"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kDate, MC, "Tuesday", EW, "11 March 2025"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, DS, "छठी", SS, "6वीं"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, DS, "सातवीं", SS, "7वीं"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, MC, "sixth", EW, "6th"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, MC, "seventh", EW, "7th"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kEntity, DS, "जेटीएफ", SS, "JTF"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kEntity, DS, "एससीओ", SS, "SCO"));

  // Every conflict is one the truth list names.
  for (const Finding& f : r.findings) {
    if (f.verdict != Verdict::kConflict) continue;
    const std::set<std::string> values{f.a.value, f.b.value};
    const bool known = values == std::set<std::string>{"IR", "IQ"} ||
                       values == std::set<std::string>{"12", "15"} ||
                       values == std::set<std::string>{"5th", "6th"} ||
                       values == std::set<std::string>{"negated", "not negated"};
    CHECK(known);
  }

  // The cluster tally names the outliers.
  bool ordinal_outlier = false, size_outlier = false;
  for (const ClaimTally& t : r.claims) {
    if (t.majority == "6th") {
      ordinal_outlier = t.outliers == std::vector<uint32_t>{JV};
      CHECK(t.explanation.find("JV") != std::string::npos);
    }
    if (t.majority == "12") size_outlier = t.outliers == std::vector<uint32_t>{SS};
  }
  CHECK(ordinal_outlier);
  CHECK(size_outlier);
}

TEST_CASE("English articles: agreements, a conflict, and facts only one outlet has") {
  Corpus c;
  c.Add("wire",
        "Ministers of Avaria and Borsland held their sixth round of talks in Kelm on Monday.\n\n"
        "A delegation of 120 officials attended the talks, the foreign ministry said.\n\n"
        "The two sides did not agree on a new trade treaty.\n\n"
        "Avaria hosted a separate summit in 2019, attended by 4,000 people.",
        At("2024-04-10T08:00:00+00:00"));
  c.Add("daily",
        "Ministers of Avaria and Borsland held their 6th round of talks in Kelm on 8 April 2024.\n\n"
        "A delegation of 150 officials attended the talks, the foreign ministry said.\n\n"
        "The two sides agreed on a new trade treaty.\n\n"
        "Last year the two countries signed a fisheries pact in March.",
        At("2024-04-10T09:30:00+00:00"));
  const ReconcileReport r = c.Run();
  INFO(Describe(r));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, 0, "sixth", 1, "6th"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kDate, 0, "Monday", 1, "8 April 2024"));
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, 0, "120", 1, "150"));
  bool negation = false;
  for (const Finding& f : r.findings) {
    if (f.kind != FactKind::kNegation) continue;
    negation = true;
    CHECK(f.a.text == "not");
    CHECK(f.b.text.find("agreed on a new trade treaty") != std::string::npos);
  }
  CHECK(negation);
  // 2019, 4,000 and "last year" appear in one outlet each: never a conflict.
  for (const Finding& f : r.findings) {
    for (const FindingSide* s : {&f.a, &f.b}) {
      CHECK(s->text.find("2019") == std::string::npos);
      CHECK(s->text != "4,000");
      CHECK(s->text != "Last year");
    }
  }
}

TEST_CASE("Dates of different precision are compatible; unrelated texts give nothing") {
  Corpus c;
  c.Add("a", "The bridge over the Orla river was opened in 2023 by the governor of Kelm province.");
  c.Add("b",
        "The bridge over the Orla river was opened on 14 June 2023 by the governor of Kelm "
        "province.");
  c.Add("c", "Rainfall in the western hills reached 45% above normal; 12 villages were cut off.");
  const ReconcileReport r = c.Run();
  INFO(Describe(r));
  for (const Finding& f : r.findings) CHECK(f.kind != FactKind::kDate);
  for (const Finding& f : r.findings) {
    CHECK(f.a.doc != 2);
    CHECK(f.b.doc != 2);
  }
}

TEST_CASE("Hindi: numbers and places at corresponding places; near misses named") {
  Corpus c;
  c.Add("p",
        "भारत-उज्बेकिस्तान संयुक्त अभ्यास की सातवीं बैठक में 35 अधिकारी शामिल हुए।\n\n"
        "बैठक में भारत-उज्बेकिस्तान सहयोग पर चर्चा हुई।");
  c.Add("q",
        "भारत-उज्बेकिस्तान संयुक्त अभ्यास की 8वीं बैठक में पैंतीस अधिकारी शामिल हुए।\n\n"
        "बैठक में भारत-उजबेकिस्तान सहयोग पर चर्चा हुई।");
  const ReconcileReport r = c.Run();
  INFO(Describe(r));
  CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, 0, "सातवीं", 1, "8वीं"));
  CHECK(HasFinding(r, Verdict::kAgreement, FactKind::kNumber, 0, "35", 1, "पैंतीस"));
  // उजबेकिस्तान is a spelling variant of the same country: an agreement, never a conflict.
  for (const Finding& f : r.findings) {
    if (f.kind == FactKind::kEntity) CHECK(f.verdict == Verdict::kAgreement);
  }
}

TEST_CASE("Reports from different days and lists inside one article are not contradictions") {
  const std::string day1 =
      "Kelm province reported 120 new cases of fever on Monday, health officials said.\n\n"
      "The district of Orla recorded 35 of them, and 12 patients were moved to the city "
      "hospital.\n\n"
      "Schools in the province will stay closed until further notice, the officials added.";
  // One figure differs; the others agree (outlets on one event agree on most figures).
  const std::string day2 =
      "Kelm province reported 150 new cases of fever on Monday, health officials said.\n\n"
      "The district of Orla recorded 35 of them, and 12 patients were moved to the city "
      "hospital.\n\n"
      "Schools in the province will stay closed until further notice, the officials added.";
  SECTION("same day: the differing figures are conflicts") {
    Corpus c;
    c.Add("morning", day1, At("2024-04-09T08:00:00+05:30"));
    c.Add("evening", day2, At("2024-04-09T20:00:00+05:30"));
    const ReconcileReport r = c.Run();
    INFO(Describe(r));
    CHECK(HasFinding(r, Verdict::kConflict, FactKind::kNumber, 0, "120", 1, "150"));
  }
  SECTION("two days apart: yesterday's and today's tallies, no conflicts") {
    Corpus c;
    c.Add("monday", day1, At("2024-04-08T20:00:00+05:30"));
    c.Add("wednesday", day2, At("2024-04-10T20:00:00+05:30"));
    const ReconcileReport r = c.Run();
    INFO(Describe(r));
    for (const Finding& f : r.findings) {
      CHECK(!(f.verdict == Verdict::kConflict && f.kind == FactKind::kNumber));
    }
  }
  SECTION("one article listing what is and is not allowed, figure by figure") {
    Corpus c;
    c.Add("rules",
          "In the red zone 152 shops may open and taxis are allowed.\n\n"
          "In the green zone 120 shops may open and taxis are not allowed.\n\n"
          "Markets in the red zone will open at nine.");
    const ReconcileReport r = c.Run();
    INFO(Describe(r));
    CHECK(r.findings.empty());
  }
}

TEST_CASE("Reconcile rejects missing inputs and bad options") {
  std::vector<ReconcileDocument> docs{{"x", nullptr, nullptr, ""}};
  auto r = Reconcile(docs);
  CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  Corpus c;
  c.Add("a", "Nothing here.");
  ReconcileOptions bad;
  bad.min_pair_similarity = 2.0;
  CHECK(Reconcile(c.Inputs(), bad).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(Reconcile({}).ok());
}

}  // namespace
}  // namespace crossdoc
