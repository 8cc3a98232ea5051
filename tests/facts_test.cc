// Tests of stage 5 (facts): numbers, dates, entities and negation in Hindi and English.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/facts.h"
#include "crossdoc/text.h"
#include "test_support.h"

namespace crossdoc {
namespace {

AnalyzedText AnalyzeOrDie(std::string_view text) {
  static const Analyzer analyzer;
  auto analyzed = analyzer.Analyze(text);
  REQUIRE(analyzed.ok());
  return *std::move(analyzed);
}

Timestamp At(std::string_view iso) {
  auto t = ParseIso8601(iso);
  REQUIRE(t.ok());
  return *t;
}

// The facts whose original text is exactly `surface`.
std::vector<Fact> WithText(const AnalyzedText& text, const DocumentFacts& facts,
                           std::string_view surface) {
  std::vector<Fact> out;
  for (const Fact& f : facts.facts) {
    if (f.span.In(text.text()) == surface) out.push_back(f);
  }
  return out;
}

std::optional<Fact> One(const AnalyzedText& text, const DocumentFacts& facts,
                        std::string_view surface) {
  auto all = WithText(text, facts, surface);
  if (all.empty()) return std::nullopt;
  return all.front();
}

// Every fact points at real bytes: token-aligned, inside its sentence, in text order.
void CheckSpans(const AnalyzedText& text, const DocumentFacts& facts) {
  uint32_t last_begin = 0;
  for (const Fact& f : facts.facts) {
    INFO("fact " << f.value << " at " << f.span.begin);
    REQUIRE(f.span.end <= text.text().size());
    REQUIRE(f.span.begin < f.span.end);
    REQUIRE(f.span.begin >= last_begin);
    last_begin = f.span.begin;
    REQUIRE(f.first_token + f.token_count <= text.tokens().size());
    const Token& first = text.tokens()[f.first_token];
    const Token& last = text.tokens()[f.first_token + f.token_count - 1];
    CHECK(first.span.begin == f.span.begin);
    CHECK(last.span.end == f.span.end);
    const Sentence& s = text.sentences()[f.sentence];
    CHECK(f.span.begin >= s.span.begin);
    CHECK(f.span.end <= s.span.end);
    CHECK(f.confidence > 0.0f);
    CHECK(f.confidence <= 1.0f);
    CHECK(!f.value.empty());
  }
}

std::filesystem::path ExampleData(const std::string& name) {
  return std::filesystem::path(CROSSDOC_TEST_DATA_DIR).parent_path().parent_path() / "examples" /
         "data" / name;
}

TEST_CASE("English numbers, ordinals, lakh, crore and percentages") {
  const auto text = AnalyzeOrDie(
      "About 1.2 lakh people voted, 45% of the total. The budget is 3 crore rupees. "
      "It was the sixth round, after the 6th one. Twenty-five thousand came; "
      "one hundred and twenty left. The rate rose 5 per cent to 12 km.");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  auto lakh = One(text, facts, "1.2 lakh");
  REQUIRE(lakh);
  CHECK(lakh->type == FactType::kCardinal);
  CHECK(lakh->value == "120000");
  auto pct = One(text, facts, "45%");
  REQUIRE(pct);
  CHECK(pct->type == FactType::kPercent);
  CHECK(pct->value == "45%");
  auto crore = One(text, facts, "3 crore rupees");
  REQUIRE(crore);
  CHECK(crore->value == "30000000 rupees");
  auto sixth = One(text, facts, "sixth");
  auto sixth_digits = One(text, facts, "6th");
  REQUIRE(sixth);
  REQUIRE(sixth_digits);
  CHECK(sixth->type == FactType::kOrdinal);
  CHECK(sixth->value == sixth_digits->value);
  CHECK(sixth->value == "6th");
  auto twenty_five = One(text, facts, "Twenty-five thousand");
  REQUIRE(twenty_five);
  CHECK(twenty_five->value == "25000");
  auto hundred_twenty = One(text, facts, "one hundred and twenty");
  REQUIRE(hundred_twenty);
  CHECK(hundred_twenty->value == "120");
  auto per_cent = One(text, facts, "5 per cent");
  REQUIRE(per_cent);
  CHECK(per_cent->value == "5%");
  auto km = One(text, facts, "12 km");
  REQUIRE(km);
  CHECK(km->type == FactType::kQuantity);
  CHECK(km->value == "12 km");
}

TEST_CASE("Hindi number words, ordinals and scales") {
  const auto text = AnalyzeOrDie(
      "पांचवीं बैठक में छठी और छठवीं बार 6वीं टीम आई। एक सौ बीस लोग, डेढ़ लाख किसान, "
      "साढ़े तीन करोड़ रुपये और ४५ प्रतिशत मत। सातवें संस्करण में पाँच लाख लोग थे। "
      "दो तीन लोग आए।");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  auto fifth = One(text, facts, "पांचवीं");
  REQUIRE(fifth);
  CHECK(fifth->type == FactType::kOrdinal);
  CHECK(fifth->value == "5th");
  for (std::string_view six : {"छठी", "छठवीं", "6वीं"}) {
    INFO(six);
    auto f = One(text, facts, six);
    REQUIRE(f);
    CHECK(f->type == FactType::kOrdinal);
    CHECK(f->value == "6th");
  }
  CHECK(One(text, facts, "एक सौ बीस")->value == "120");
  CHECK(One(text, facts, "डेढ़ लाख")->value == "150000");
  CHECK(One(text, facts, "साढ़े तीन करोड़ रुपये")->value == "35000000 rupees");
  auto pct = One(text, facts, "४५ प्रतिशत");
  REQUIRE(pct);
  CHECK(pct->value == "45%");
  CHECK(One(text, facts, "सातवें")->value == "7th");
  // पाँच with a chandrabindu is पांच.
  CHECK(One(text, facts, "पाँच लाख")->value == "500000");
  // "दो तीन" means "two or three": no exact number to compare.
  CHECK(WithText(text, facts, "दो तीन").empty());
  CHECK(WithText(text, facts, "दो").empty());
}

TEST_CASE("Absolute dates in Hindi, English and numeric forms") {
  const auto text = AnalyzeOrDie(
      "बैठक 8 अप्रैल 2024 को हुई। The talks began on 10 April 2024 and on April 12, 2024. "
      "नोट 17 अक्टूबर, 2023 को जारी हुआ। अभ्यास 30 अक्टूबर से 11 नवम्बर, 2023 तक चला। "
      "Filed 2024-04-08 and 08/04/2024 and 04/18/2024. सितंबर 2023 में।");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  CHECK(facts.reference_source == ReferenceSource::kNone);
  auto hi = One(text, facts, "8 अप्रैल 2024");
  REQUIRE(hi);
  CHECK(hi->kind == FactKind::kDate);
  CHECK(hi->value == "2024-04-08");
  CHECK(!hi->relative);
  CHECK(One(text, facts, "10 April 2024")->value == "2024-04-10");
  CHECK(One(text, facts, "April 12, 2024")->value == "2024-04-12");
  CHECK(One(text, facts, "17 अक्टूबर, 2023")->value == "2023-10-17");
  auto range = One(text, facts, "30 अक्टूबर से 11 नवम्बर, 2023");
  REQUIRE(range);
  CHECK(range->type == FactType::kDateRange);
  CHECK(range->value == "2023-10-30/2023-11-11");
  CHECK(One(text, facts, "2024-04-08")->value == "2024-04-08");
  // The documented rule: day first, unless only month-first makes sense.
  auto day_first = One(text, facts, "08/04/2024");
  REQUIRE(day_first);
  CHECK(day_first->value == "2024-04-08");
  CHECK(day_first->confidence < 1.0f);
  CHECK(One(text, facts, "04/18/2024")->value == "2024-04-18");
  CHECK(One(text, facts, "सितंबर 2023")->value == "2023-09");

  FactOptions us;
  us.numeric_month_first = true;
  const auto us_facts = ExtractFacts(text, us);
  CHECK(One(text, us_facts, "08/04/2024")->value == "2024-08-04");
}

TEST_CASE("Relative dates resolve against the publication time") {
  const auto text = AnalyzeOrDie(
      "The ministers met on Monday. Yesterday he did not attend. Last year the plan failed. "
      "The summit will be held on Friday. "
      "सोमवार को बैठक हुई। कल बैठक हुई थी। कल बैठक होगी। पिछले साल अभ्यास हुआ। कल के बारे में बात।");
  FactOptions options;
  options.published = At("2024-04-10T08:22:00+05:30");  // a Wednesday
  const auto facts = ExtractFacts(text, options);
  CheckSpans(text, facts);
  CHECK(facts.reference_source == ReferenceSource::kMetadata);
  auto monday = One(text, facts, "Monday");
  REQUIRE(monday);
  CHECK(monday->value == "2024-04-08");
  CHECK(monday->relative);
  CHECK(One(text, facts, "Yesterday")->value == "2024-04-09");
  CHECK(One(text, facts, "Last year")->value == "2023");
  CHECK(One(text, facts, "Friday")->value == "2024-04-12");  // future tense: the coming Friday
  CHECK(One(text, facts, "सोमवार")->value == "2024-04-08");
  auto kal = WithText(text, facts, "कल");
  // Past tense: yesterday; future tense: tomorrow; no tense: not a fact.
  REQUIRE(kal.size() == 2);
  CHECK(kal[0].value == "2024-04-09");
  CHECK(kal[1].value == "2024-04-11");
  CHECK(One(text, facts, "पिछले साल")->value == "2023");

  SECTION("without a publication time, relative references are not facts") {
    const auto bare = ExtractFacts(text);
    CHECK(bare.reference_source == ReferenceSource::kNone);
    for (const Fact& f : bare.facts) CHECK(!f.relative);
    CHECK(WithText(text, bare, "Monday").empty());
    CHECK(WithText(text, bare, "पिछले साल").empty());
  }
  SECTION("the local calendar day of the paper counts, not the UTC one") {
    FactOptions late;
    late.published = At("2024-04-10T01:00:00+05:30");  // still 9 April in UTC
    const auto f = ExtractFacts(text, late);
    CHECK(One(text, f, "Yesterday")->value == "2024-04-09");
  }
}

TEST_CASE("A dateline gives the reference time when no metadata does") {
  const auto text = AnalyzeOrDie(
      "अपडेटेड 10 April 2024 at 14:11 IST\n\nसोमवार को अस्ताना में बैठक हुई।\n\n"
      "पब्लिश्ड 9 April 2024 at 08:22 IST");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  REQUIRE(facts.datelines.size() == 2);
  CHECK(facts.datelines[0].is_update);
  CHECK(!facts.datelines[1].is_update);
  CHECK(facts.reference_source == ReferenceSource::kDateline);
  REQUIRE(facts.reference);
  // The publication line wins over the update line.
  CHECK(facts.reference->ToIso8601() == "2024-04-09T08:22:00+05:30");
  CHECK(One(text, facts, "सोमवार")->value == "2024-04-08");
  // The dateline's own date is not a fact of the story.
  CHECK(WithText(text, facts, "10 April 2024").empty());

  FactOptions no_dateline;
  no_dateline.use_dateline = false;
  CHECK(ExtractFacts(text, no_dateline).reference_source == ReferenceSource::kNone);

  const auto english = AnalyzeOrDie("Headline here\nUpdated: Apr 12, 2025, 09:40 PM IST\nBody.");
  const auto d = FindDatelines(english);
  REQUIRE(d.size() == 1);
  CHECK(d[0].has_time);
  CHECK(d[0].time.ToIso8601() == "2025-04-12T21:40:00+05:30");
}

TEST_CASE("Places link to ISO codes across scripts and spellings") {
  for (std::string_view kz : {"कजाकिस्तान", "Kazakhstan", "Казахстан", "कज़ाखस्तान", "कजाखस्तान"}) {
    INFO(kz);
    auto link = LinkEntity(kz);
    REQUIRE(link);
    CHECK(link->id == "KZ");
    CHECK(link->type == FactType::kPlace);
  }
  // A news spelling ICU does not list, linked by its consonant skeleton, and not to Kazakhstan.
  auto tj = LinkEntity("तजाकिस्तान");
  REQUIRE(tj);
  CHECK(tj->id == "TJ");
  CHECK(!tj->note.empty());
  CHECK(LinkEntity("ताजिकिस्तान")->id == "TJ");
  CHECK(LinkEntity("Deutschland")->id == "DE");
  CHECK(LinkEntity("Германия")->id == "DE");
  CHECK(LinkEntity("Allemagne")->id == "DE");
  CHECK(LinkEntity("ईरान")->id == "IR");
  CHECK(LinkEntity("इराक")->id == "IQ");
  CHECK(LinkEntity("अफ़गानिस्तान")->id == "AF");
  CHECK(LinkEntity("अफगानिस्तान")->id == "AF");
  CHECK(EntityDisplayName("KZ") == "Kazakhstan");
  CHECK(EntityDisplayName("SCO") == "SCO");
  // Organisations and acronyms across scripts.
  CHECK(LinkEntity("विदेश मंत्रालय")->id == "MEA");
  CHECK(LinkEntity("शंघाई सहयोग संगठन")->id == "SCO");
  CHECK(LinkEntity("एससीओ")->id == "SCO");
  CHECK(LinkEntity("SCO")->id == "SCO");
  CHECK(!LinkEntity("आतंकवाद"));
  CHECK(!LinkEntity("बैठक"));
}

TEST_CASE("Entities in running text, acronyms decoded from Devanagari") {
  const auto text = AnalyzeOrDie(
      "भारत-कजाकिस्तान संयुक्त कार्य समूह की बैठक में ईएजी, एससीओ और JWG पर बात हुई। "
      "Talgat Kaliyev and KD Dewal met at 08:22 IST in Kazakhstan's capital.");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  auto kz = One(text, facts, "कजाकिस्तान");
  REQUIRE(kz);
  CHECK(kz->value == "KZ");
  CHECK(One(text, facts, "भारत")->value == "IN");
  CHECK(One(text, facts, "ईएजी")->value == "EAG");
  CHECK(One(text, facts, "एससीओ")->value == "SCO");
  CHECK(One(text, facts, "JWG")->value == "JWG");
  auto name = One(text, facts, "Talgat Kaliyev");
  REQUIRE(name);
  CHECK(name->type == FactType::kName);
  CHECK(name->value == "name:talgat kaliyev");
  CHECK(One(text, facts, "KD Dewal"));
  CHECK(One(text, facts, "Kazakhstan's")->value == "KZ");
  // "IST" is a time zone and 08:22 a clock time, not facts.
  CHECK(WithText(text, facts, "IST").empty());
  CHECK(WithText(text, facts, "08").empty());
}

TEST_CASE("Negation cues in Hindi and English") {
  const auto text = AnalyzeOrDie(
      "प्रस्ताव पर अभी सहमति नहीं जताई है। He did not agree and never will. It wasn't true. "
      "न केवल भारत बल्कि ईरान भी आया। Not only India came.");
  const auto facts = ExtractFacts(text);
  CheckSpans(text, facts);
  std::vector<std::string> negs;
  for (const Fact& f : facts.facts) {
    if (f.kind == FactKind::kNegation) negs.emplace_back(f.span.In(text.text()));
  }
  CHECK(negs == std::vector<std::string>{"नहीं", "not", "never", "wasn't"});
}

TEST_CASE("Seed articles: the India-Kazakhstan meeting") {
  const auto p0 = testing::SeedPath("000_");
  const auto p1 = testing::SeedPath("001_");
  CROSSDOC_SKIP_IF_NO_SEEDS(p0 && p1);
  const auto a = AnalyzeOrDie(testing::ReadFile(*p0));
  const auto b = AnalyzeOrDie(testing::ReadFile(*p1));
  const auto fa = ExtractFacts(a);
  const auto fb = ExtractFacts(b);
  CheckSpans(a, fa);
  CheckSpans(b, fb);

  // 000 has no metadata: its "पब्लिश्ड 10 April 2024 at 08:22 IST" line dates it.
  CHECK(fa.reference_source == ReferenceSource::kDateline);
  REQUIRE(fa.reference);
  CHECK(fa.reference->LocalDate() == Timestamp::Date{2024, 4, 10});
  auto monday = One(a, fa, "सोमवार");
  REQUIRE(monday);
  CHECK(monday->value == "2024-04-08");
  CHECK(monday->relative);
  for (const Fact& f : WithText(a, fa, "तजाकिस्तान")) CHECK(f.value == "TJ");
  CHECK(WithText(a, fa, "तजाकिस्तान").size() == 2);
  for (const Fact& f : WithText(a, fa, "कजाकिस्तान")) CHECK(f.value == "KZ");
  CHECK(One(a, fa, "पांचवीं")->value == "5th");
  CHECK(One(a, fa, "छठी")->value == "6th");
  CHECK(One(a, fa, "ईएजी")->value == "EAG");
  CHECK(One(a, fa, "एससीओ")->value == "SCO");
  CHECK(One(a, fa, "जेडब्ल्यूजी")->value == "JWG");
  CHECK(One(a, fa, "अफगानिस्तान")->value == "AF");

  // 001 carries no time at all: its "पिछले साल" cannot be resolved and is no fact.
  CHECK(fb.reference_source == ReferenceSource::kNone);
  CHECK(WithText(b, fb, "पिछले साल").empty());
  CHECK(One(b, fb, "8 अप्रैल 2024")->value == "2024-04-08");
  CHECK(One(b, fb, "17 अक्टूबर, 2023")->value == "2023-10-17");
  CHECK(One(b, fb, "30 अक्टूबर से 11 नवम्बर, 2023")->value == "2023-10-30/2023-11-11");
  CHECK(One(b, fb, "6वीं")->value == "6th");
  CHECK(One(b, fb, "पांचवीं")->value == "5th");
  CHECK(One(b, fb, "SCO")->value == "SCO");
  CHECK(One(b, fb, "EAG")->value == "EAG");
  CHECK(One(b, fb, "JWG")->value == "JWG");
  CHECK(One(b, fb, "120")->value == "120");
  // "KAZIND-2023" is a name, not a year or a count.
  CHECK(WithText(b, fb, "2023").empty());
}

TEST_CASE("Example articles: the facts the truth list names") {
  const auto ds_path = ExampleData("jtf_hi_deepstambh.txt");
  if (!std::filesystem::exists(ds_path)) {
    WARN("SKIPPED: example articles not found under " << ds_path.parent_path());
    return;
  }
  const auto ds = AnalyzeOrDie(testing::ReadFile(ds_path));
  const auto ss = AnalyzeOrDie(testing::ReadFile(ExampleData("jtf_hi_samachar_setu.txt")));
  const auto jv = AnalyzeOrDie(testing::ReadFile(ExampleData("jtf_hi_janpath_varta.txt")));
  const auto mc = AnalyzeOrDie(testing::ReadFile(ExampleData("jtf_en_meridian_courier.txt")));
  const auto ew = AnalyzeOrDie(testing::ReadFile(ExampleData("jtf_en_eastline_wire.txt")));
  const auto fds = ExtractFacts(ds), fss = ExtractFacts(ss), fjv = ExtractFacts(jv),
             fmc = ExtractFacts(mc), few = ExtractFacts(ew);
  for (const auto* f : {&fds, &fss, &fjv, &fmc, &few}) {
    CHECK(f->reference_source == ReferenceSource::kDateline);
    REQUIRE(f->reference);
    CHECK(f->reference->LocalDate() == Timestamp::Date{2025, 3, 12});
  }
  CheckSpans(ds, fds);
  CheckSpans(mc, fmc);
  CHECK(One(ds, fds, "ईरान")->value == "IR");
  CHECK(One(ds, fds, "इराक")->value == "IQ");
  CHECK(One(ds, fds, "मंगलवार")->value == "2025-03-11");
  CHECK(One(jv, fjv, "मंगलवार")->value == "2025-03-11");
  CHECK(One(mc, fmc, "Tuesday")->value == "2025-03-11");
  CHECK(One(ss, fss, "11 मार्च 2025")->value == "2025-03-11");
  CHECK(One(ew, few, "11 March 2025")->value == "2025-03-11");
  CHECK(One(ds, fds, "12")->value == "12");
  CHECK(One(ss, fss, "15")->value == "15");
  CHECK(One(mc, fmc, "12")->value == "12");
  CHECK(One(jv, fjv, "पांचवीं")->value == "5th");
  CHECK(One(ds, fds, "छठी")->value == "6th");
  CHECK(One(ss, fss, "6वीं")->value == "6th");
  CHECK(One(mc, fmc, "sixth")->value == "6th");
  CHECK(One(ew, few, "6th")->value == "6th");
  CHECK(One(ds, fds, "सातवीं")->value == "7th");
  CHECK(One(ss, fss, "7वीं")->value == "7th");
  CHECK(One(ds, fds, "जेटीएफ")->value == "JTF");
  CHECK(One(ss, fss, "JTF")->value == "JTF");
  CHECK(One(jv, fjv, "नहीं"));
  CHECK(WithText(ds, fds, "नहीं").empty());
}

TEST_CASE("Generated text: spans stay valid and extraction never fails") {
  const std::vector<std::string> vocab = {
      "8", "अप्रैल", "2024", ",", "सोमवार", "को", "कल", "हुई", "होगी", "पांचवीं", "6वीं", "लाख",
      "करोड़", "%", "से", "-", "/", "April", "Monday", "last", "year", "पिछले", "साल", "नहीं",
      "not", "SCO", "एससीओ", "कजाकिस्तान", "तजाकिस्तान", "Kazakhstan", "भारत-", "१२", "३१",
      "12", "31", "13", "।", ".", "\n", "one", "hundred", "and", "twenty", "first", "एक", "सौ",
      "Published", "पब्लिश्ड", "at", "08", ":", "22", "IST", "Rs", "₹", "km", "'s", "KD"};
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      text += vocab[rng() % vocab.size()];
      if (rng() % 3 != 0) text += ' ';
    }
    const auto analyzed = AnalyzeOrDie(text);
    FactOptions options;
    if (round % 2 == 0) options.published = At("2024-04-10T08:22:00+05:30");
    const auto facts = ExtractFacts(analyzed, options);
    INFO(text);
    CheckSpans(analyzed, facts);
  }
}

TEST_CASE("Concurrent first use builds the tables once and gives the same facts") {
  const std::string text = "भारत-कजाकिस्तान की पांचवीं बैठक सोमवार को हुई; Kazakhstan's 6th JWG meeting.";
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Analyzer analyzer;
      auto analyzed = analyzer.Analyze(text);
      if (!analyzed.ok()) return;
      FactOptions options;
      options.published = Timestamp{1712717520, 330};
      for (const Fact& f : ExtractFacts(*analyzed, options).facts) results[t].push_back(f.value);
    });
  }
  for (auto& th : threads) th.join();
  REQUIRE(!results[0].empty());
  for (int t = 1; t < 4; ++t) CHECK(results[t] == results[0]);
}

}  // namespace
}  // namespace crossdoc
