// Tests for stage 1 (text): normalization, equivalence keys, segmentation, spans, robustness.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>
#include <set>

#include "crossdoc/io.h"
#include "crossdoc/text.h"
#include "test_support.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace {

using crossdoc::AnalyzedText;
using crossdoc::Analyzer;
using crossdoc::AnalyzerOptions;
using crossdoc::Normalize;
using crossdoc::Token;
using crossdoc::TokenKind;
using crossdoc::testing::FixturePath;
using crossdoc::testing::ReadFile;

AnalyzedText MustAnalyze(std::string_view text, AnalyzerOptions options = {}) {
  auto result = Analyzer(options).Analyze(text);
  REQUIRE(result.ok());
  return *std::move(result);
}

std::vector<std::string> Originals(const AnalyzedText& a) {
  std::vector<std::string> out;
  for (const Token& t : a.tokens()) out.emplace_back(a.Original(t));
  return out;
}

// Index of the first token whose original bytes equal `word`, or -1.
int FindToken(const AnalyzedText& a, std::string_view word, size_t from = 0) {
  for (size_t i = from; i < a.tokens().size(); ++i) {
    if (a.Original(a.tokens()[i]) == word) return static_cast<int>(i);
  }
  return -1;
}

bool IsUtf8Boundary(std::string_view s, size_t pos) {
  return pos == s.size() || (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80;
}

// Checks the invariants every analysis must satisfy, whatever the input.
void CheckInvariants(const AnalyzedText& a, bool input_valid_utf8) {
  const std::string_view text = a.text();
  uint32_t last_end = 0;
  for (const Token& t : a.tokens()) {
    REQUIRE(t.span.begin < t.span.end);
    REQUIRE(t.span.end <= text.size());
    REQUIRE(t.span.begin >= last_end);  // tokens never overlap, in text order
    last_end = t.span.end;
    if (input_valid_utf8) {
      REQUIRE(IsUtf8Boundary(text, t.span.begin));
      REQUIRE(IsUtf8Boundary(text, t.span.end));
    }
    REQUIRE(t.sentence < a.sentences().size());
  }
  uint32_t next_token = 0;
  for (size_t s = 0; s < a.sentences().size(); ++s) {
    const auto& sentence = a.sentences()[s];
    REQUIRE(sentence.first_token == next_token);
    REQUIRE(sentence.token_count > 0);
    next_token += sentence.token_count;
    const auto& first = a.tokens()[sentence.first_token];
    const auto& last = a.tokens()[sentence.first_token + sentence.token_count - 1];
    REQUIRE(sentence.span.begin == first.span.begin);
    REQUIRE(sentence.span.end == last.span.end);
    REQUIRE(first.sentence == s);
  }
  REQUIRE(next_token == a.tokens().size());
}

// Counts sentences independently of the splitter, for news text whose sentences end in a danda:
// every danda ends one, and a non-empty line that does not end in a danda (possibly followed by
// a closing quote) is one more (a headline, a caption, a byline, a dateline).
size_t ExpectedSentenceCount(std::string_view text) {
  size_t expected = 0;
  size_t pos = 0;
  const std::string_view danda = "।";
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const size_t last = line.find_last_not_of(" \t\r\xC2\xA0");  // NBSP too
    if (last == std::string_view::npos) continue;
    line = line.substr(0, last + 1);
    size_t dandas = 0;
    for (size_t p = line.find(danda); p != std::string_view::npos; p = line.find(danda, p + 1)) {
      ++dandas;
    }
    const bool ends_closed = line.ends_with(danda) || line.ends_with("।\u201D") ||
                             line.ends_with("।\"");
    expected += dandas + (ends_closed ? 0 : 1);
  }
  return expected;
}

}  // namespace

TEST_CASE("Normalize folds what matching must ignore", "[text][normalize]") {
  SECTION("nukta: precomposed, decomposed and absent all match") {
    const std::string variants = ReadFile(FixturePath("text/nukta_variants.txt"));
    const AnalyzedText a = MustAnalyze(variants);
    REQUIRE(a.tokens().size() == 3);
    // The three spellings differ in bytes ...
    CHECK(a.Original(a.tokens()[0]) != a.Original(a.tokens()[1]));
    CHECK(a.Original(a.tokens()[1]) != a.Original(a.tokens()[2]));
    // ... and normalize to one form.
    CHECK(a.Normalized(a.tokens()[0]) == a.Normalized(a.tokens()[2]));
    CHECK(a.Normalized(a.tokens()[1]) == a.Normalized(a.tokens()[2]));
    CHECK(Normalize("\u0929") == Normalize("\u0928"));  // ICU recomposes this one: dropped anyway
    CHECK(Normalize("\u0928\u093C") == "\u0928");
  }
  SECTION("chandrabindu becomes anusvara, ZWJ and ZWNJ disappear") {
    CHECK(Normalize("हँसी") == Normalize("हंसी"));
    CHECK(Normalize("क्\u200Dष") == Normalize("क्ष"));
    CHECK(Normalize("क्\u200Cष") == Normalize("क्ष"));
  }
  SECTION("digits of every script become ASCII") {
    CHECK(Normalize("२०२४") == "2024");
    CHECK(Normalize("\u0662\u0660\u0662\u0664") == "2024");  // Arabic-Indic
    CHECK(Normalize("\u09E8\u09E6\u09E8\u09EA") == "2024");  // Bengali
    CHECK(Normalize("６वीं") == Normalize("6वीं"));           // full-width digit
  }
  SECTION("case, width, dashes and quotes") {
    CHECK(Normalize("KAZAKHSTAN") == "kazakhstan");
    CHECK(Normalize("ＳＣＯ") == "sco");
    CHECK(Normalize("Straße") == "strasse");
    CHECK(Normalize("a\u2013b\u2014c\u2212d") == "a-b-c-d");
    CHECK(Normalize("\u201Cquoted\u201D \u2018x\u2019") == "\"quoted\" 'x'");
  }
  SECTION("idempotent on tricky inputs") {
    for (const char* s : {"ज़ोर", "क़\u093C", "\u0915\u094D\u093C", "Ǆ", "ﬁ", "\u0958\u0951",
                          "e\u0301\u093C", "\xED\xA0\x80", "१२३abc", "ΣΑΣ"}) {
      const std::string once = Normalize(s);
      CHECK(Normalize(once) == once);
    }
  }
}

TEST_CASE("The compile-time ASCII classes agree with ICU", "[text][segment]") {
  for (char32_t c = 0; c < 0x80; ++c) {
    INFO("code point " << static_cast<int>(c));
    CHECK(crossdoc::text_internal::ClassifyAscii(c) == crossdoc::text_internal::ClassifyWithIcu(c));
  }
}

TEST_CASE("Devanagari letter names decode to acronyms", "[text][keys]") {
  CHECK(crossdoc::DecodeDevanagariAcronym(Normalize("एससीओ")) == "sco");
  CHECK(crossdoc::DecodeDevanagariAcronym(Normalize("जेडब्ल्यूजी")) == "jwg");
  CHECK(crossdoc::DecodeDevanagariAcronym(Normalize("ईएजी")) == "eag");
  CHECK(crossdoc::DecodeDevanagariAcronym(Normalize("आईएएफ")) == "iaf");
  CHECK(crossdoc::DecodeDevanagariAcronym(Normalize("ज़ेडटी")) == "zt");  // nukta spelling
  CHECK_FALSE(crossdoc::DecodeDevanagariAcronym(Normalize("भारत")));
  CHECK_FALSE(crossdoc::DecodeDevanagariAcronym(Normalize("के")));  // one letter is a word
  CHECK_FALSE(crossdoc::DecodeDevanagariAcronym(""));

  const AnalyzedText a = MustAnalyze("UN, EAG और SCO तथा संयुक्त राष्ट्र, ईएजी और एससीओ");
  const int sco = FindToken(a, "SCO");
  const int sco_hi = FindToken(a, "एससीओ");
  const int eag = FindToken(a, "EAG");
  const int eag_hi = FindToken(a, "ईएजी");
  REQUIRE(sco >= 0);
  REQUIRE(sco_hi >= 0);
  REQUIRE(eag >= 0);
  REQUIRE(eag_hi >= 0);
  CHECK(a.Key(a.tokens()[sco]) == a.Key(a.tokens()[sco_hi]));
  CHECK(a.Key(a.tokens()[eag]) == a.Key(a.tokens()[eag_hi]));
  CHECK(a.tokens()[sco].Has(crossdoc::kAllCaps));
  CHECK(a.tokens()[sco_hi].Has(crossdoc::kAcronymKey));
  // The normalized form keeps the script; only the key crosses it.
  CHECK(a.Normalized(a.tokens()[sco_hi]) == "एससीओ");
}

TEST_CASE("Transliteration gives Latin keys for short spans", "[text][keys]") {
  // ICU's Cyrillic transform writes х as "h".
  CHECK(crossdoc::TransliterateToLatin("Казахстан") == "kazahstan");
  const std::string hi = crossdoc::TransliterateToLatin("कजाकिस्तान");
  CHECK(hi.find("kaja") == 0);
  CHECK(crossdoc::TransliterateToLatin("Kazakhstan") == "kazakhstan");
}

TEST_CASE("Hindi fixture: sentences, words, spans", "[text][segment]") {
  const std::string text = ReadFile(FixturePath("text/hindi_fixture.txt"));
  const AnalyzedText a = MustAnalyze(text);
  CheckInvariants(a, true);

  std::vector<std::string> sentences;
  for (const auto& s : a.sentences()) sentences.emplace_back(a.Original(s));
  REQUIRE(sentences.size() == 7);
  CHECK(sentences[0] == "अपडेटेड 14 February 2025 at 10:05 IST");
  CHECK(sentences[1] == "नेपाल और भारत के बीच बाढ़ राहत पर समझौता");
  CHECK(sentences[2].rfind("नई दिल्ली", 0) == 0);
  CHECK(sentences[2].size() >= 3);
  CHECK(sentences[2].substr(sentences[2].size() - 3) == "।");
  CHECK(sentences[4].substr(sentences[4].size() - 1) == "!");
  CHECK(sentences[5].substr(sentences[5].size() - 1) == "?");
  CHECK(sentences[6].substr(sentences[6].size() - 3) == "॥");
  CHECK(a.sentences()[0].headline);
  CHECK(a.sentences()[1].headline);
  CHECK_FALSE(a.sentences()[2].headline);

  SECTION("hyphenated compound splits with the join marked") {
    const int bharat = FindToken(a, "भारत", 20);
    REQUIRE(bharat >= 0);
    const Token& first = a.tokens()[bharat];
    CHECK(first.Has(crossdoc::kJoinedToNext));
    CHECK(a.Original(a.tokens()[bharat + 1]) == "-");
    CHECK(a.Original(a.tokens()[bharat + 2]) == "नेपाल");
    CHECK_FALSE(a.tokens()[bharat + 2].Has(crossdoc::kJoinedToNext));
  }
  SECTION("words keep their vowel signs, viramas and nuktas whole") {
    CHECK(FindToken(a, "संयुक्त") >= 0);
    CHECK(FindToken(a, "बाढ़") >= 0);
    CHECK(FindToken(a, "ज़ोर") >= 0);
    CHECK(FindToken(a, "दिल्ली") >= 0);
  }
  SECTION("Devanagari digits are a number with an ASCII normalized form") {
    const int year = FindToken(a, "२०२४");
    REQUIRE(year >= 0);
    CHECK(a.tokens()[year].kind == TokenKind::kNumber);
    CHECK(a.Normalized(a.tokens()[year]) == "2024");
    CHECK(a.Key(a.tokens()[year]) == "2024");
  }
  SECTION("every span is the author's bytes") {
    for (const Token& t : a.tokens()) {
      CHECK(text.substr(t.span.begin, t.span.size()) == a.Original(t));
    }
  }
}

TEST_CASE("English fixture: abbreviations do not end sentences", "[text][segment]") {
  const std::string text = ReadFile(FixturePath("text/english_fixture.txt"));
  const AnalyzedText a = MustAnalyze(text);
  CheckInvariants(a, true);
  std::vector<std::string> sentences;
  for (const auto& s : a.sentences()) sentences.emplace_back(a.Original(s));
  REQUIRE(sentences.size() == 5);
  CHECK(sentences[0] == "Flood talks end with a plan");
  CHECK(sentences[1] ==
        "Dr. Meera Rao of the U.S. delegation said the fund would reach $4.5 million by March.");
  CHECK(sentences[3] == "Officials did not say when the next round would start.");
  CHECK(sentences[4] == "\"We will meet again,\" she said.");
  const int amount = FindToken(a, "4.5");
  REQUIRE(amount >= 0);
  CHECK(a.tokens()[amount].kind == TokenKind::kNumber);
  CHECK(FindToken(a, "Kathmandu") >= 0);
  CHECK(a.Normalized(a.tokens()[FindToken(a, "Kathmandu")]) == "kathmandu");
}

TEST_CASE("Ordinals and numbers with separators stay one token", "[text][segment]") {
  const AnalyzedText a = MustAnalyze("JWG की 6वीं बैठक, 1,20,000 लोग; the 6th round don't");
  const auto words = Originals(a);
  CHECK(std::count(words.begin(), words.end(), "6वीं") == 1);
  CHECK(std::count(words.begin(), words.end(), "1,20,000") == 1);
  CHECK(std::count(words.begin(), words.end(), "6th") == 1);
  CHECK(std::count(words.begin(), words.end(), "don't") == 1);
  CHECK(a.tokens()[FindToken(a, "6वीं")].kind == TokenKind::kNumber);
}

TEST_CASE("Invalid UTF-8: strict names the offset, lenient repairs and reports", "[text][utf8]") {
  const std::string bad = std::string("भारत ") + "\xC3\x28" + " ok \xF0\x9F";
  SECTION("strict") {
    auto result = Analyzer().Analyze(bad);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(result.status().message()).find("byte offset 13") != std::string::npos);
    CHECK(crossdoc::FindInvalidUtf8(bad) == 13u);
  }
  SECTION("lenient") {
    AnalyzerOptions options;
    options.lenient_utf8 = true;
    const AnalyzedText a = MustAnalyze(bad, options);
    CheckInvariants(a, false);
    REQUIRE(a.repairs().size() == 2);
    CHECK(a.repairs()[0].offset == 13);
    CHECK(a.repairs()[0].length == 1);
    CHECK(a.repairs()[1].offset == 19);
    CHECK(a.repairs()[1].length == 2);
    CHECK(FindToken(a, "ok") >= 0);
    CHECK(FindToken(a, "भारत") == 0);
  }
}

TEST_CASE("Degenerate inputs", "[text][robustness]") {
  CHECK(MustAnalyze("").tokens().empty());
  CHECK(MustAnalyze("").sentences().empty());
  CHECK(MustAnalyze(" \n\n\t ").tokens().empty());
  const AnalyzedText punct = MustAnalyze("... !!! ??? — । ॥");
  CheckInvariants(punct, true);
  for (const Token& t : punct.tokens()) CHECK(t.kind == TokenKind::kPunctuation);

  AnalyzerOptions limited;
  limited.max_text_bytes = 10;
  auto too_long = Analyzer(limited).Analyze("this text is longer than ten bytes");
  REQUIRE_FALSE(too_long.ok());
  CHECK(std::string(too_long.status().message()).find("exceeds the limit of 10") !=
        std::string::npos);

  // A long single line of mixed scripts: analyzed whole, one sentence per danda.
  std::string line;
  for (int i = 0; i < 20000; ++i) line += "बैठक में SCO पर चर्चा हुई। ";
  const AnalyzedText big = MustAnalyze(line);
  CHECK(big.sentences().size() == 20000);
  CHECK(big.tokens().size() == 20000 * 7);
}

TEST_CASE("Properties hold on generated inputs", "[text][property]") {
  std::mt19937_64 rng(20241123);
  AnalyzerOptions lenient;
  lenient.lenient_utf8 = true;
  const Analyzer analyzer(lenient);

  SECTION("random bytes never crash and keep spans inside the text") {
    for (int round = 0; round < 3000; ++round) {
      std::string bytes(rng() % 200, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      auto result = analyzer.Analyze(bytes);
      REQUIRE(result.ok());
      CheckInvariants(*result, false);
      const std::string once = Normalize(bytes);
      REQUIRE(Normalize(once) == once);
    }
  }
  SECTION("random script mixes: boundaries, idempotence, token form equals Normalize") {
    const std::vector<std::string> pieces = {
        "भारत", "-", "कजाकिस्तान", " ", "\n", "\n\n", "।", ".", "U.S.", "Dr.", "ज़", "ज\u093C",
        "\u095B", "ँ", "\u200D", "\u200C", "२०२४", "2024", "6वीं", "SCO", "एससीओ", "“", "”", "’",
        "Ǆ", "ﬁ", "Казахстан", "٣", "\u0951", "e\u0301", "😀", "\t", "?", "!", "॥", ",", "3.5",
        "قطر", "東京", "\u00A0", "\r\n", "'", "—", "\u0300", "ऩ", "क्ष"};
    for (int round = 0; round < 3000; ++round) {
      std::string text;
      const int n = static_cast<int>(rng() % 30);
      for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
      auto result = analyzer.Analyze(text);
      REQUIRE(result.ok());
      const AnalyzedText& a = *result;
      CheckInvariants(a, true);
      for (const Token& t : a.tokens()) {
        const std::string_view norm = a.Normalized(t);
        INFO("text: " << text << " token: " << a.Original(t));
        REQUIRE(norm == Normalize(a.Original(t)));
        REQUIRE(Normalize(norm) == norm);
      }
      const std::string once = Normalize(text);
      REQUIRE(Normalize(once) == once);
    }
  }
}

TEST_CASE("Seed articles: sentences and the two country spellings", "[text][seeds]") {
  const auto seed0 = crossdoc::testing::SeedPath("000_");
  CROSSDOC_SKIP_IF_NO_SEEDS(seed0);
  const std::string text = ReadFile(*seed0);
  const AnalyzedText a = MustAnalyze(text);
  CheckInvariants(a, true);

  // Independently find every occurrence of the two spellings in the raw bytes ...
  auto occurrences = [&](std::string_view needle) {
    std::vector<uint32_t> at;
    for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) {
      at.push_back(static_cast<uint32_t>(p));
    }
    return at;
  };
  const std::string tj = "तजाकिस्तान";
  const std::string kz = "कजाकिस्तान";
  const auto tj_raw = occurrences(tj);
  const auto kz_raw = occurrences(kz);
  // ... and require one token at each, spanning exactly the word.
  auto token_starts = [&](std::string_view word) {
    std::vector<uint32_t> at;
    for (const Token& t : a.tokens()) {
      if (a.Original(t) == word) at.push_back(t.span.begin);
    }
    return at;
  };
  CHECK(tj_raw.size() >= 2);
  CHECK(token_starts(tj) == tj_raw);
  CHECK(token_starts(kz) == kz_raw);
  CHECK(kz_raw.size() >= 4);

  CHECK(a.sentences().size() == ExpectedSentenceCount(text));
  CHECK(a.sentences()[0].headline);  // the dateline
  CHECK(a.sentences()[1].headline);  // the headline
}

TEST_CASE("Seed articles: the second seed's sentences", "[text][seeds]") {
  const auto seed1 = crossdoc::testing::SeedPath("001_");
  CROSSDOC_SKIP_IF_NO_SEEDS(seed1);
  const std::string text = ReadFile(*seed1);
  const AnalyzedText a = MustAnalyze(text);
  CheckInvariants(a, true);
  CHECK(a.sentences().size() == ExpectedSentenceCount(text));
  CHECK(a.sentences()[0].headline);
  for (size_t i = 1; i < a.sentences().size(); ++i) CHECK_FALSE(a.sentences()[i].headline);
}

namespace {

// Word spans (begin, end) as ICU's root word break iterator sees them: segments with a word
// rule status (letters, numbers, kana, ideographs), not spaces or punctuation.
std::set<std::pair<uint32_t, uint32_t>> IcuWords(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  REQUIRE(U_SUCCESS(status));
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  it->setText(ut, status);
  std::set<std::pair<uint32_t, uint32_t>> words;
  int32_t prev = it->first();
  for (int32_t p = it->next(); p != icu::BreakIterator::DONE; prev = p, p = it->next()) {
    if (it->getRuleStatus() != UBRK_WORD_NONE) {
      words.insert({static_cast<uint32_t>(prev), static_cast<uint32_t>(p)});
    }
  }
  utext_close(ut);
  return words;
}

std::set<std::pair<uint32_t, uint32_t>> OurWords(const AnalyzedText& a) {
  std::set<std::pair<uint32_t, uint32_t>> words;
  for (const Token& t : a.tokens()) {
    if (t.IsWordLike()) words.insert({t.span.begin, t.span.end});
  }
  return words;
}

// Spans found by one side and not the other, counted on both sides.
size_t Disagreements(const std::set<std::pair<uint32_t, uint32_t>>& x,
                     const std::set<std::pair<uint32_t, uint32_t>>& y) {
  size_t n = 0;
  for (const auto& w : x) n += y.count(w) == 0;
  for (const auto& w : y) n += x.count(w) == 0;
  return n;
}

}  // namespace

TEST_CASE("The fast word splitter gives ICU's word boundaries", "[text][segment][icu]") {
  SECTION("our fixtures: identical") {
    for (const char* name : {"text/hindi_fixture.txt", "text/english_fixture.txt"}) {
      const std::string text = ReadFile(FixturePath(name));
      INFO(name);
      CHECK(OurWords(MustAnalyze(text)) == IcuWords(text));
    }
  }
  SECTION("one deliberate difference: a period between Devanagari words splits them") {
    // ICU joins letters across '.', which Hindi news uses as a full stop without a space.
    const std::string text = "बैठक हुई है.वहीं दूसरी ओर";
    const auto ours = OurWords(MustAnalyze(text));
    const auto icu = IcuWords(text);
    CHECK(ours.size() == icu.size() + 1);
  }
  SECTION("real corpora: at least 99.9% of words agree") {
    for (const char* corpus : {"hindi-covid-news", "bbc-news-en"}) {
      const auto path = crossdoc::testing::SharedDir() / "data" / corpus / "articles.jsonl";
      if (!std::filesystem::exists(path)) {
        WARN("SKIPPED: " << path << " not found (set CROSSDOC_SHARED)");
        continue;
      }
      auto corpus_docs = crossdoc::ReadJsonlFile(path.string());
      REQUIRE(corpus_docs.ok());
      size_t words = 0, disagreements = 0;
      // Every fifth article keeps the test quick under sanitizers.
      for (size_t i = 0; i < corpus_docs->documents.size(); i += 5) {
        const std::string& text = corpus_docs->documents[i].text;
        const auto icu = IcuWords(text);
        words += icu.size();
        disagreements += Disagreements(OurWords(MustAnalyze(text)), icu);
      }
      INFO(corpus << ": " << disagreements << " disagreements in " << words << " words");
      REQUIRE(words > 10000);
      CHECK(static_cast<double>(disagreements) <= 0.001 * static_cast<double>(words));
    }
  }
}
