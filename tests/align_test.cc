// Tests of stage 4, align: sentence and passage alignment, token diffs, self- and cluster
// alignment, limits. Uses the invented articles in examples/data and, when present, the seeds.
#include "crossdoc/align.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "crossdoc/text.h"
#include "test_support.h"

namespace crossdoc {
namespace {

using testing::FixturePath;
using testing::ReadFile;
using testing::SeedPath;

std::filesystem::path ExamplePath(const std::string& name) {
  return std::filesystem::path(CROSSDOC_TEST_DATA_DIR) / ".." / ".." / "examples" / "data" /
         (name + ".txt");
}

AnalyzedText AnalyzeOrDie(const std::string& text) {
  static const Analyzer* analyzer = new Analyzer();
  absl::StatusOr<AnalyzedText> result = analyzer->Analyze(text);
  REQUIRE(result.ok());
  return *std::move(result);
}

AnalyzedText LoadExample(const std::string& name) {
  return AnalyzeOrDie(ReadFile(ExamplePath(name)));
}

// Index of the one sentence whose original bytes contain `words`; fails when none or several do.
uint32_t SentenceWith(const AnalyzedText& doc, std::string_view words) {
  std::vector<uint32_t> hits;
  for (uint32_t s = 0; s < doc.sentences().size(); ++s) {
    if (doc.Original(doc.sentences()[s]).find(words) != std::string_view::npos) hits.push_back(s);
  }
  INFO("looking for a sentence containing: " << words);
  REQUIRE(hits.size() == 1);
  return hits[0];
}

// All sentences containing `words` (a seed may say the same thing twice).
std::set<uint32_t> SentencesWith(const AnalyzedText& doc, std::string_view words) {
  std::set<uint32_t> hits;
  for (uint32_t s = 0; s < doc.sentences().size(); ++s) {
    if (doc.Original(doc.sentences()[s]).find(words) != std::string_view::npos) hits.insert(s);
  }
  INFO("looking for sentences containing: " << words);
  REQUIRE(!hits.empty());
  return hits;
}

// Every (sentence of A, sentence of B) cell covered by an aligned pair.
std::set<std::pair<uint32_t, uint32_t>> Cells(const Alignment& alignment) {
  std::set<std::pair<uint32_t, uint32_t>> cells;
  for (const Passage& p : alignment.passages) {
    for (const SentencePair& sp : p.pairs) {
      for (uint32_t i = 0; i < sp.a_sentence_count; ++i) {
        for (uint32_t j = 0; j < sp.b_sentence_count; ++j) {
          cells.insert({sp.a_first_sentence + i, sp.b_first_sentence + j});
        }
      }
    }
  }
  return cells;
}

bool Paired(const Alignment& alignment, const std::set<uint32_t>& a, const std::set<uint32_t>& b) {
  for (const auto& [x, y] : Cells(alignment)) {
    if (a.count(x) && b.count(y)) return true;
  }
  return false;
}

const SentencePair* FindPair(const Alignment& alignment, uint32_t a_sentence,
                             uint32_t b_sentence) {
  for (const Passage& p : alignment.passages) {
    for (const SentencePair& sp : p.pairs) {
      if (a_sentence >= sp.a_first_sentence &&
          a_sentence < sp.a_first_sentence + sp.a_sentence_count &&
          b_sentence >= sp.b_first_sentence &&
          b_sentence < sp.b_first_sentence + sp.b_sentence_count) {
        return &sp;
      }
    }
  }
  return nullptr;
}

// Structural promises of the header, checked on any result.
void CheckInvariants(const AnalyzedText& a, const AnalyzedText& b, const Alignment& alignment,
                     bool same) {
  const auto in_text = [](ByteSpan s, const AnalyzedText& t) {
    return s.begin <= s.end && s.end <= t.text().size();
  };
  std::set<uint32_t> used_a, used_b;
  for (const Passage& p : alignment.passages) {
    REQUIRE(!p.pairs.empty());
    REQUIRE(in_text(p.a_span, a));
    REQUIRE(in_text(p.b_span, b));
    REQUIRE(p.similarity >= 0.0);
    REQUIRE(p.similarity <= 1.0);
    for (size_t k = 0; k < p.pairs.size(); ++k) {
      const SentencePair& sp = p.pairs[k];
      REQUIRE((sp.a_sentence_count >= 1 && sp.a_sentence_count <= 2));
      REQUIRE((sp.b_sentence_count >= 1 && sp.b_sentence_count <= 2));
      REQUIRE(sp.a_sentence_count + sp.b_sentence_count <= 3);
      REQUIRE(sp.a_first_sentence + sp.a_sentence_count <= a.sentences().size());
      REQUIRE(sp.b_first_sentence + sp.b_sentence_count <= b.sentences().size());
      REQUIRE(sp.a_span.begin == a.sentences()[sp.a_first_sentence].span.begin);
      REQUIRE(sp.b_span.begin == b.sentences()[sp.b_first_sentence].span.begin);
      REQUIRE(sp.a_span.begin >= p.a_span.begin);
      REQUIRE(sp.a_span.end <= p.a_span.end);
      REQUIRE(sp.b_span.begin >= p.b_span.begin);
      REQUIRE(sp.b_span.end <= p.b_span.end);
      if (k > 0) {  // consecutive in both documents
        const SentencePair& prev = p.pairs[k - 1];
        REQUIRE(sp.a_first_sentence == prev.a_first_sentence + prev.a_sentence_count);
        REQUIRE(sp.b_first_sentence == prev.b_first_sentence + prev.b_sentence_count);
      }
      if (same) {
        REQUIRE(sp.a_first_sentence + sp.a_sentence_count <= sp.b_first_sentence);
      } else {
        for (uint32_t i = 0; i < sp.a_sentence_count; ++i) {
          REQUIRE(used_a.insert(sp.a_first_sentence + i).second);
        }
        for (uint32_t j = 0; j < sp.b_sentence_count; ++j) {
          REQUIRE(used_b.insert(sp.b_first_sentence + j).second);
        }
      }
      // The diff covers every word-like token of the pair once on each side.
      if (sp.diff.empty()) continue;
      std::multiset<uint32_t> a_words, b_words;
      for (const DiffSegment& d : sp.diff) {
        REQUIRE(in_text(d.a_span, a));
        REQUIRE(in_text(d.b_span, b));
        REQUIRE(d.a_span.begin >= sp.a_span.begin);
        REQUIRE(d.a_span.end <= sp.a_span.end);
        REQUIRE(d.b_span.begin >= sp.b_span.begin);
        REQUIRE(d.b_span.end <= sp.b_span.end);
        REQUIRE((d.a_token_count > 0 || d.b_token_count > 0));
        if (d.op != DiffOp::kChanged) {
          REQUIRE(d.a_token_count > 0);
          REQUIRE(d.b_token_count > 0);
        }
        if (d.a_token_count == 0) REQUIRE(d.a_span.empty());
        for (uint32_t t = d.a_first_token; t < d.a_first_token + d.a_token_count; ++t) {
          if (a.tokens()[t].IsWordLike() && a.tokens()[t].key_size > 0) a_words.insert(t);
        }
        for (uint32_t t = d.b_first_token; t < d.b_first_token + d.b_token_count; ++t) {
          if (b.tokens()[t].IsWordLike() && b.tokens()[t].key_size > 0) b_words.insert(t);
        }
        if (d.a_token_count > 0) {
          REQUIRE(d.a_span.begin == a.tokens()[d.a_first_token].span.begin);
          REQUIRE(d.a_span.end == a.tokens()[d.a_first_token + d.a_token_count - 1].span.end);
        }
        if (d.b_token_count > 0) {
          REQUIRE(d.b_span.begin == b.tokens()[d.b_first_token].span.begin);
          REQUIRE(d.b_span.end == b.tokens()[d.b_first_token + d.b_token_count - 1].span.end);
        }
      }
      std::multiset<uint32_t> a_expected, b_expected;
      for (uint32_t s = sp.a_first_sentence; s < sp.a_first_sentence + sp.a_sentence_count; ++s) {
        for (const Token& t : a.TokensOf(a.sentences()[s])) {
          if (t.IsWordLike() && t.key_size > 0) a_expected.insert(&t - a.tokens().data());
        }
      }
      for (uint32_t s = sp.b_first_sentence; s < sp.b_first_sentence + sp.b_sentence_count; ++s) {
        for (const Token& t : b.TokensOf(b.sentences()[s])) {
          if (t.IsWordLike() && t.key_size > 0) b_expected.insert(&t - b.tokens().data());
        }
      }
      REQUIRE(a_words == a_expected);
      REQUIRE(b_words == b_expected);
    }
  }
  for (size_t k = 1; k < alignment.passages.size(); ++k) {
    REQUIRE(alignment.passages[k - 1].a_span.begin <= alignment.passages[k].a_span.begin);
  }
}

Alignment AlignOk(const AnalyzedText& a, const AnalyzedText& b, const AlignOptions& o = {}) {
  absl::StatusOr<Alignment> r = Align(a, b, o);
  REQUIRE(r.ok());
  CheckInvariants(a, b, *r, false);
  return *std::move(r);
}

Alignment AlignWithinOk(const AnalyzedText& a, const AlignOptions& o = {}) {
  absl::StatusOr<Alignment> r = AlignWithin(a, o);
  REQUIRE(r.ok());
  CheckInvariants(a, a, *r, true);
  return *std::move(r);
}

std::string DiffText(const AnalyzedText& doc, ByteSpan span) {
  return std::string(span.In(doc.text()));
}

// ---------------------------------------------------------------------------------------------

TEST_CASE("hand-marked alignments of the example articles: precision and recall >= 0.9") {
  const std::string truth = ReadFile(FixturePath("align_truth.txt"));
  std::map<std::string, AnalyzedText> docs;
  auto doc = [&](const std::string& name) -> const AnalyzedText& {
    auto it = docs.find(name);
    if (it == docs.end()) it = docs.emplace(name, LoadExample(name)).first;
    return it->second;
  };
  using Cell = std::pair<uint32_t, uint32_t>;
  std::vector<std::pair<std::string, std::string>> evaluated;
  std::map<std::pair<std::string, std::string>, std::set<Cell>> required, optional;
  // Abseil here may have its own string_view type; stay within it while splitting.
  for (absl::string_view line : absl::StrSplit(truth, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    for (absl::string_view part : absl::StrSplit(line, '|')) {
      f.emplace_back(absl::StripAsciiWhitespace(part));
    }
    if (f[0] == "pairs") {
      REQUIRE(f.size() == 3);
      evaluated.emplace_back(f[1], f[2]);
      continue;
    }
    REQUIRE(f.size() == 5);
    uint32_t x = SentenceWith(doc(f[0]), f[1]);
    uint32_t y = SentenceWith(doc(f[2]), f[3]);
    if (f[0] == f[2] && x > y) std::swap(x, y);
    (f[4] == "required" ? required : optional)[{f[0], f[2]}].insert({x, y});
  }
  REQUIRE(evaluated.size() >= 5);
  size_t tp = 0, fp = 0, fn = 0;
  for (const auto& key : evaluated) {
    const AnalyzedText& a = doc(key.first);
    const AnalyzedText& b = doc(key.second);
    const Alignment alignment = key.first == key.second ? AlignWithinOk(a) : AlignOk(a, b);
    const std::set<Cell> predicted = Cells(alignment);
    const std::set<Cell>& req = required[key];
    const std::set<Cell>& opt = optional[key];
    for (const Cell& c : predicted) {
      if (req.count(c)) {
        ++tp;
      } else if (!opt.count(c)) {
        ++fp;
        WARN("unexpected pair " << key.first << ":" << c.first << " " << key.second << ":"
                                << c.second << "\n  "
                                << a.Original(a.sentences()[c.first]) << "\n  "
                                << b.Original(b.sentences()[c.second]));
      }
    }
    for (const Cell& c : req) {
      if (!predicted.count(c)) {
        ++fn;
        WARN("missed pair " << key.first << ":" << c.first << " " << key.second << ":"
                            << c.second << "\n  " << a.Original(a.sentences()[c.first]) << "\n  "
                            << b.Original(b.sentences()[c.second]));
      }
    }
  }
  const double precision = tp + fp == 0 ? 0.0 : static_cast<double>(tp) / (tp + fp);
  const double recall = tp + fn == 0 ? 0.0 : static_cast<double>(tp) / (tp + fn);
  WARN("align truth: tp=" << tp << " fp=" << fp << " fn=" << fn << " precision=" << precision
                          << " recall=" << recall);
  CHECK(precision >= 0.9);
  CHECK(recall >= 0.9);
}

TEST_CASE("token diff: cross-script acronyms are equal, word order changes are moves") {
  const AnalyzedText a = LoadExample("jtf_hi_deepstambh");
  const AnalyzedText b = LoadExample("jtf_hi_samachar_setu");
  const Alignment alignment = AlignOk(a, b);

  SECTION("ordinal and acronym in the next-meeting sentence") {
    const SentencePair* sp =
        FindPair(alignment, SentenceWith(a, "सातवीं बैठक"), SentenceWith(b, "7वीं बैठक"));
    REQUIRE(sp != nullptr);
    bool acronym_equal = false, ordinal_changed = false, place_moved = false;
    for (const DiffSegment& d : sp->diff) {
      const std::string at = DiffText(a, d.a_span), bt = DiffText(b, d.b_span);
      if (d.op == DiffOp::kEqual && at.find("जेटीएफ") != std::string::npos &&
          bt.find("JTF") != std::string::npos) {
        acronym_equal = true;
      }
      if (d.op == DiffOp::kChanged && at == "सातवीं" && bt == "7वीं") ordinal_changed = true;
      if (d.op == DiffOp::kMoved && at.find("नई दिल्ली") != std::string::npos &&
          bt.find("नई दिल्ली") != std::string::npos) {
        place_moved = true;
      }
      // Nothing that both sides say may be reported as a difference of words.
      if (d.op == DiffOp::kChanged) {
        CHECK(at.find("आपसी सहमति") == std::string::npos);
        CHECK(at.find("दिल्ली") == std::string::npos);
      }
    }
    CHECK(acronym_equal);
    CHECK(ordinal_changed);
    CHECK(place_moved);
  }

  SECTION("weekday against absolute date is one hunk") {
    const SentencePair* sp = FindPair(alignment, SentenceWith(a, "मंगलवार को तेहरान"),
                                      SentenceWith(b, "11 मार्च 2025 को"));
    REQUIRE(sp != nullptr);
    bool date_hunk = false;
    for (const DiffSegment& d : sp->diff) {
      if (d.op == DiffOp::kChanged && DiffText(a, d.a_span) == "मंगलवार" &&
          DiffText(b, d.b_span) == "11 मार्च 2025") {
        date_hunk = true;
      }
    }
    CHECK(date_hunk);
  }

  SECTION("a sentence split in two aligns one-to-two") {
    const uint32_t x = SentenceWith(a, "एससीओ जैसे");
    const uint32_t y1 = SentenceWith(b, "SCO जैसे");
    const uint32_t y2 = SentenceWith(b, "इसके लिए दोनों पक्षों ने");
    REQUIRE(y2 == y1 + 1);
    const SentencePair* sp = FindPair(alignment, x, y1);
    REQUIRE(sp != nullptr);
    CHECK(sp->a_sentence_count == 1);
    CHECK(sp->b_sentence_count == 2);
    CHECK(sp->b_first_sentence == y1);
  }

  SECTION("the background paragraph only one outlet has is not aligned") {
    const uint32_t background = SentenceWith(b, "गौरतलब है कि");
    for (const auto& [x, y] : Cells(alignment)) CHECK(y != background);
  }
}

TEST_CASE("English outlets: reordered paragraphs, split sentence, paraphrased order") {
  const AnalyzedText a = LoadExample("jtf_en_meridian_courier");
  const AnalyzedText b = LoadExample("jtf_en_eastline_wire");
  const Alignment alignment = AlignOk(a, b);
  // Paragraph order differs: challenges come before cooperation in A and after it in B.
  const uint32_t a_challenges = SentenceWith(a, "They also assessed");
  const uint32_t a_cooperation = SentenceWith(a, "Both sides stressed");
  const uint32_t b_challenges = SentenceWith(b, "the two sides assessed");
  const uint32_t b_cooperation = SentenceWith(b, "Both sides stressed");
  REQUIRE(a_challenges < a_cooperation);
  REQUIRE(b_challenges > b_cooperation);
  CHECK(FindPair(alignment, a_challenges, b_challenges) != nullptr);
  CHECK(FindPair(alignment, a_cooperation, b_cooperation) != nullptr);
  CHECK(FindPair(alignment, a_cooperation, SentenceWith(b, "To that end")) != nullptr);
  for (const auto& [x, y] : Cells(alignment)) CHECK(y != SentenceWith(b, "fault lines"));
  // Languages do not mix: Hindi and English versions of the story share only names.
  const Alignment cross = AlignOk(LoadExample("jtf_hi_deepstambh"), a);
  CHECK(cross.passages.empty());
}

TEST_CASE("self-alignment: a headline and the body sentence that contradicts it") {
  const AnalyzedText doc = LoadExample("jtf_hi_deepstambh");
  const Alignment alignment = AlignWithinOk(doc);
  const uint32_t headline = SentenceWith(doc, "भारत-ईरान ने मिलाया हाथ");
  const uint32_t body = SentenceWith(doc, "भारत-इराक ने मिलाया हाथ");
  const SentencePair* sp = FindPair(alignment, headline, body);
  REQUIRE(sp != nullptr);
  bool country_hunk = false;
  for (const DiffSegment& d : sp->diff) {
    if (d.op == DiffOp::kChanged && DiffText(doc, d.a_span) == "ईरान" &&
        DiffText(doc, d.b_span) == "इराक") {
      country_hunk = true;
    }
  }
  CHECK(country_hunk);
}

TEST_CASE("seed articles 000 and 001") {
  const auto p0 = SeedPath("000_");
  const auto p1 = SeedPath("001_");
  CROSSDOC_SKIP_IF_NO_SEEDS(p0 && p1);
  const AnalyzedText a = AnalyzeOrDie(ReadFile(*p0));
  const AnalyzedText b = AnalyzeOrDie(ReadFile(*p1));

  SECTION("the shared statements are paired") {
    const Alignment alignment = AlignOk(a, b);
    CHECK(Paired(alignment, SentencesWith(a, "आतंकवादी खतरों पर"),
                 SentencesWith(b, "आतंकवादी धमकियों")));
    CHECK(Paired(alignment, SentencesWith(a, "इंटरनेट का दुरुपयोग"),
                 SentencesWith(b, "इंटरनेट का आतंकवादी")));
    CHECK(Paired(alignment, SentencesWith(a, "ईएजी और एससीओ"), SentencesWith(b, "EAG और SCO")));
    CHECK(Paired(alignment, SentencesWith(a, "जेडब्ल्यूजी की छठी"),
                 SentencesWith(b, "JWG की 6वीं")));
    CHECK(Paired(alignment, SentencesWith(a, "सोमवार को अस्ताना में"),
                 SentencesWith(b, "8 अप्रैल 2024 को")));

    // The 2023 exercise paragraphs of 001 have no counterpart in 000.
    const size_t exercise = b.text().find("पिछले साल");
    REQUIRE(exercise != std::string_view::npos);
    REQUIRE(b.text().find("KAZIND") > exercise);
    for (const Passage& p : alignment.passages) CHECK(p.b_span.end <= exercise);

    // Inside the JWG pair: the acronym matches across scripts, the ordinal differs in form.
    const SentencePair* sp = FindPair(alignment, *SentencesWith(a, "जेडब्ल्यूजी").begin(),
                                      *SentencesWith(b, "JWG की").begin());
    REQUIRE(sp != nullptr);
    bool acronym_equal = false, ordinal_changed = false, moved = false;
    for (const DiffSegment& d : sp->diff) {
      const std::string at = DiffText(a, d.a_span), bt = DiffText(b, d.b_span);
      if (d.op == DiffOp::kEqual && at.find("जेडब्ल्यूजी") != std::string::npos &&
          bt.find("JWG") != std::string::npos) {
        acronym_equal = true;
      }
      if (d.op == DiffOp::kChanged && at.find("छठी") != std::string::npos &&
          bt.find("6वीं") != std::string::npos) {
        ordinal_changed = true;
      }
      if (d.op == DiffOp::kMoved && at.find("भारत में") != std::string::npos) moved = true;
    }
    CHECK(acronym_equal);
    CHECK(ordinal_changed);
    CHECK(moved);
  }

  SECTION("self-alignment of 000 pairs the headline with the first body sentence") {
    const Alignment alignment = AlignWithinOk(a);
    const uint32_t headline = SentenceWith(a, "आए साथ, सुरक्षा");
    const uint32_t first_body = SentenceWith(a, "कदम उठाने के लिए");
    REQUIRE(a.sentences()[headline].span.end < a.sentences()[first_body].span.begin);
    const SentencePair* sp = FindPair(alignment, headline, first_body);
    REQUIRE(sp != nullptr);
    bool country_hunk = false;
    for (const DiffSegment& d : sp->diff) {
      if (d.op == DiffOp::kChanged && DiffText(a, d.a_span) == "कजाकिस्तान" &&
          DiffText(a, d.b_span) == "तजाकिस्तान") {
        country_hunk = true;
      }
    }
    CHECK(country_hunk);
  }
}

TEST_CASE("shuffled paragraphs align back to the original, whatever the order") {
  std::mt19937 rng(20250312);
  for (const char* name : {"jtf_hi_deepstambh", "jtf_hi_samachar_setu", "jtf_en_eastline_wire"}) {
    const std::string text = ReadFile(ExamplePath(name));
    std::vector<std::string> paragraphs;
    for (absl::string_view p : absl::StrSplit(text, "\n\n", absl::SkipWhitespace())) {
      paragraphs.emplace_back(absl::StripAsciiWhitespace(p));
    }
    for (int round = 0; round < 3; ++round) {
      std::shuffle(paragraphs.begin(), paragraphs.end(), rng);
      std::string shuffled;
      for (const std::string& p : paragraphs) shuffled += p + "\n\n";
      const AnalyzedText a = AnalyzeOrDie(text);
      const AnalyzedText b = AnalyzeOrDie(shuffled);
      const Alignment alignment = AlignOk(a, b);
      // Every sentence that states something finds its copy (datelines, made of numbers and a
      // few words, are metadata and never aligned).
      for (const auto& [x, y] : Cells(alignment)) {
        CHECK(a.Original(a.sentences()[x]) == b.Original(b.sentences()[y]));
      }
      size_t statements = 0, found = 0;
      for (uint32_t s = 0; s < a.sentences().size(); ++s) {
        size_t words = 0;
        for (const Token& t : a.TokensOf(a.sentences()[s])) words += t.kind == TokenKind::kWord;
        if (words < 5) continue;
        ++statements;
        for (const auto& [x, y] : Cells(alignment)) found += x == s;
      }
      INFO(name << " round " << round);
      CHECK(found == statements);
    }
  }
}

TEST_CASE("random mixes of scripts never break the invariants") {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "भारत", "ईरान", "बैठक", "JTF", "जेटीएफ", "SCO", "एससीओ", "२०२४", "2024", "6वीं", "छठी",
      "the", "meeting", "Tehran", "तेहरान", "।", ".", ",", "\n", "\n\n", "-", "“", "”", "?",
      "सहमति", "नहीं", "agreed", "not", "😀", "ﬁ", "क़", "e\xCC\x81"};
  for (int round = 0; round < 40; ++round) {
    auto make = [&] {
      std::string s;
      const int n = 20 + static_cast<int>(rng() % 200);
      for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()] + (rng() % 3 ? " " : "");
      return s;
    };
    const AnalyzedText a = AnalyzeOrDie(make());
    const AnalyzedText b = AnalyzeOrDie(make());
    AlignOptions options;
    options.min_similarity = 0.2;
    AlignOk(a, b, options);
    AlignWithinOk(a, options);
  }
}

TEST_CASE("cluster alignment finds the same-language pairs through the index") {
  const std::vector<std::string> names = {"jtf_hi_deepstambh", "jtf_hi_samachar_setu",
                                          "jtf_hi_janpath_varta", "jtf_en_meridian_courier",
                                          "jtf_en_eastline_wire"};
  std::vector<AnalyzedText> docs;
  for (const auto& n : names) docs.push_back(LoadExample(n));
  // Unrelated documents of made-up words: the index must not propose them.
  std::mt19937 rng(11);
  for (int d = 0; d < 20; ++d) {
    std::string text;
    for (int s = 0; s < 10; ++s) {
      for (int w = 0; w < 12; ++w) text += "w" + std::to_string(rng() % 5000) + " ";
      text += ".\n";
    }
    docs.push_back(AnalyzeOrDie(text));
  }
  std::vector<const AnalyzedText*> pointers;
  for (const auto& d : docs) pointers.push_back(&d);
  absl::StatusOr<ClusterAlignment> result = AlignCluster(pointers);
  REQUIRE(result.ok());
  std::set<std::pair<uint32_t, uint32_t>> found;
  for (const DocumentPairAlignment& p : result->pairs) {
    CHECK(p.a <= p.b);
    CHECK(!p.alignment.passages.empty());
    CheckInvariants(docs[p.a], docs[p.b], p.alignment, p.a == p.b);
    found.insert({p.a, p.b});
  }
  const std::vector<std::pair<uint32_t, uint32_t>> expected = {
      {0, 1}, {0, 2}, {1, 2}, {3, 4}, {0, 0}};
  for (auto pair : expected) {
    INFO(names[pair.first] << " with " << names[pair.second]);
    CHECK(found.count(pair) == 1);
  }
  // Far fewer candidates than the 300 pairs of 25 documents; none with the made-up ones.
  CHECK(result->candidate_document_pairs <= 10);
  for (const auto& [x, y] : found) CHECK(y < names.size());

  SECTION("a document-pair limit truncates and says so") {
    ClusterAlignOptions options;
    options.max_document_pairs = 1;
    options.include_self = false;
    absl::StatusOr<ClusterAlignment> limited = AlignCluster(pointers, options);
    REQUIRE(limited.ok());
    CHECK(limited->truncated);
    CHECK(limited->truncation_reason.find("max_document_pairs") != std::string::npos);
    CHECK(limited->pairs.size() <= 1);
  }
  SECTION("a null document is an error") {
    std::vector<const AnalyzedText*> with_null = pointers;
    with_null.push_back(nullptr);
    CHECK(AlignCluster(with_null).status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("pathological input stays bounded and reports truncation") {
  const std::string sentence = "सोमवार को दोनों देशों ने बाढ़ राहत पर चर्चा की। ";
  std::string repeated;
  repeated.reserve(sentence.size() * 100000);
  for (int i = 0; i < 100000; ++i) repeated += sentence;
  REQUIRE(repeated.size() > 7'000'000);
  const AnalyzedText big = AnalyzeOrDie(repeated);
  const AnalyzedText small = LoadExample("jtf_hi_janpath_varta");

  SECTION("default limits") {
    const Alignment alignment = AlignOk(big, small);
    CHECK(alignment.truncated);
    CHECK(alignment.truncation_reason.find("max_sentences") != std::string::npos);
    const Alignment self = AlignWithinOk(big);
    CHECK(self.truncated);
    CHECK(self.candidate_pairs_scored <= AlignOptions{}.max_candidate_pairs);
  }
  SECTION("every sentence kept: common keys propose nothing") {
    AlignOptions options;
    options.max_sentences = 200000;
    const Alignment self = AlignWithinOk(big, options);
    CHECK(self.truncated);
    CHECK(self.truncation_reason.find("max_key_postings") != std::string::npos);
    CHECK(self.candidate_pairs_scored == 0);
  }
  SECTION("candidate and diff budgets") {
    const AnalyzedText a = LoadExample("jtf_hi_deepstambh");
    const AnalyzedText b = LoadExample("jtf_hi_samachar_setu");
    AlignOptions options;
    options.max_candidate_pairs = 5;
    Alignment limited = AlignOk(a, b, options);
    CHECK(limited.truncated);
    CHECK(limited.candidate_pairs_scored <= 5);
    options = AlignOptions{};
    options.max_diff_cells = 10;
    limited = AlignOk(a, b, options);
    CHECK(limited.truncated);
    CHECK(limited.truncation_reason.find("max_diff_cells") != std::string::npos);
    CHECK(!limited.passages.empty());
  }
}

TEST_CASE("empty and one-word documents align to nothing") {
  const AnalyzedText empty = AnalyzeOrDie("");
  const AnalyzedText word = AnalyzeOrDie("एक");
  const AnalyzedText article = LoadExample("jtf_hi_deepstambh");
  CHECK(AlignOk(empty, empty).passages.empty());
  CHECK(AlignOk(empty, article).passages.empty());
  CHECK(AlignOk(word, article).passages.empty());
  CHECK(AlignWithinOk(empty).passages.empty());
  CHECK(!AlignOk(empty, article).truncated);
}

TEST_CASE("options out of range are rejected") {
  const AnalyzedText a = LoadExample("jtf_en_eastline_wire");
  AlignOptions options;
  options.min_similarity = 0;
  CHECK(Align(a, a, options).status().code() == absl::StatusCode::kInvalidArgument);
  options.min_similarity = 1.5;
  CHECK(AlignWithin(a, options).status().code() == absl::StatusCode::kInvalidArgument);
  options = AlignOptions{};
  options.max_sentence_tokens = 0;
  CHECK(Align(a, a, options).status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace crossdoc
