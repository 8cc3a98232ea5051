// Quality of facts + reconcile on planted contradictions and rewrites in real articles
// (benchmarks/quality/quality_eval.h). The default case runs a small fixed sample and asserts the
// goals; the hidden "[.full]" case runs both corpora whole and prints the table for the README:
//   build/dev/tests/quality_test "[.full]"
#include <cstdio>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "../benchmarks/quality/quality_eval.h"
#include "test_support.h"

namespace crossdoc::quality {
namespace {

// The same sample in every build (about 2 s in RelWithDebInfo, 7 s under ASan), so the asserted
// figures do not depend on the build type.
constexpr size_t kSampleArticles = 60;

bool HaveCorpora() {
  const auto data = testing::SharedDir() / "data";
  return std::filesystem::exists(data / "hindi-covid-news" / "articles.jsonl") &&
         std::filesystem::exists(data / "bbc-news-en" / "articles.jsonl");
}

void PrintFailures(const Evaluation& eval, size_t limit) {
  for (size_t i = 0; i < eval.failures.size() && i < limit; ++i) {
    std::printf("%s\n", eval.failures[i].c_str());
  }
}

void CheckGoals(const Evaluation& eval) {
  CHECK(eval.bad_pairs == 0);
  CHECK(eval.reconcile_errors == 0);
  for (const LanguageScore* s : {&eval.hindi, &eval.english}) {
    REQUIRE(s->articles > 0);
    REQUIRE(s->conflict_pairs() > 0);
    REQUIRE(s->rewrite_pairs() > 0);
    INFO((s == &eval.hindi ? "Hindi" : "English"));
    CHECK(Ratio(s->recalled(), s->conflict_pairs()) >= 0.9);
    CHECK(Ratio(s->correct_all(), s->reported_all()) >= 0.95);
    CHECK(Ratio(s->flagged(), s->rewrite_pairs()) <= 0.02);
  }
}

TEST_CASE("the generator plants each change at its recorded span", "[quality]") {
  // Invented article of our own; no corpus needed.
  SourceArticle article{"invented-1",
                        "Lakeside officials met in India on Tuesday.\n\nThe council said 120 "
                        "families were moved on 8 April 2024 and the road is closed.",
                        std::nullopt, false};
  const Analyzer analyzer;
  auto a = analyzer.Analyze(article.text);
  REQUIRE(a.ok());
  const DocumentFacts facts = ExtractFacts(*a);
  const Generator generator(article, article.text, *a, facts, {2024, 4, 10});
  Rng rng(7);
  int planted = 0;
  for (PlantKind kind : kAllKinds) {
    auto pair = generator.Plant(kind, rng);
    if (kind == PlantKind::kDigits) {
      CHECK(!pair);  // Devanagari digits are a Hindi rewrite
      continue;
    }
    REQUIRE(pair);
    ++planted;
    INFO(PlantKindName(kind) << ": " << pair->b_text);
    CHECK(pair->conflict == IsConflictKind(kind));
    REQUIRE(pair->b_span.end <= pair->b_text.size());
    CHECK(pair->b_text.compare(0, pair->b_span.begin, pair->a_text, 0, pair->b_span.begin) == 0);
    CHECK(pair->a_text != pair->b_text);
    const std::string changed = std::string(pair->b_span.In(pair->b_text));
    switch (kind) {
      case PlantKind::kEntity: CHECK(changed == "Pakistan"); break;
      case PlantKind::kNumber: CHECK(changed != "120"); CHECK(AllAsciiDigits(changed)); break;
      case PlantKind::kDate: CHECK((changed == "9" || changed == "10" || changed == "11")); break;
      case PlantKind::kNegation: CHECK(changed == "not"); break;
      case PlantKind::kWeekday: CHECK(changed.find("day") != std::string::npos); break;
      default: break;
    }
  }
  CHECK(planted == 7);
}

TEST_CASE("weekday arithmetic", "[quality]") {
  CHECK(Weekday(DaysFromCivil(2024, 4, 8)) == 0);   // a Monday
  CHECK(Weekday(DaysFromCivil(1970, 1, 1)) == 3);   // a Thursday
  const auto d = CivilFromDays(DaysFromCivil(2020, 3, 1) - 1);
  CHECK((d.year == 2020 && d.month == 2 && d.day == 29));
  CHECK(ToDevanagariDigits("2024") == "२०२४");
  CHECK(FromDevanagariDigits("२०२४") == "2024");
  CHECK(DevanagariAcronym("SCO") == "एससीओ");
}

TEST_CASE("planted conflicts are found and rewrites are not flagged (fixed sample)", "[quality]") {
  if (!HaveCorpora()) {
    WARN("SKIPPED: corpora not found under " << testing::SharedDir() << "/data (set CROSSDOC_SHARED)");
    return;
  }
  EvalOptions options;
  options.hindi_articles = kSampleArticles;
  options.english_articles = kSampleArticles;
  const Evaluation eval = Evaluate(testing::SharedDir().string(), options);
  std::printf("%s", FormatTable(eval).c_str());
  PrintFailures(eval, 40);
  CheckGoals(eval);
}

TEST_CASE("full corpora figures", "[.full]") {
  if (!HaveCorpora()) {
    WARN("SKIPPED: corpora not found under " << testing::SharedDir() << "/data (set CROSSDOC_SHARED)");
    return;
  }
  EvalOptions options;
  options.hindi_articles = 0;
  options.english_articles = 0;
  options.max_failures = 100000;
  const Evaluation eval = Evaluate(testing::SharedDir().string(), options);
  std::printf("%s", FormatTable(eval).c_str());
  PrintFailures(eval, eval.failures.size());
  CheckGoals(eval);
}

}  // namespace
}  // namespace crossdoc::quality
