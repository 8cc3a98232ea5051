// Align stage throughput: article pairs of about 600 words (an article against another outlet's
// rewrite of it: paragraphs reordered, words changed) and a 50-document story cluster.
// Goal: >= 2,000 aligned article pairs per second per core. Analysis is done before timing.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "absl/strings/str_split.h"
#include "corpus.h"
#include "crossdoc/align.h"
#include "crossdoc/text.h"

namespace {

size_t Words(const std::string& text) {
  size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// Another outlet's version of `text`: paragraphs in a different order, every 9th word replaced,
// every 4th paragraph dropped.
std::string Rewrite(const std::string& text, uint32_t seed) {
  std::vector<std::string> paragraphs;
  for (absl::string_view p : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    paragraphs.emplace_back(p);
  }
  std::mt19937 rng(seed);
  std::shuffle(paragraphs.begin(), paragraphs.end(), rng);
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i % 4 == 3) continue;
    size_t word = 0;
    for (absl::string_view w : absl::StrSplit(paragraphs[i], ' ')) {
      out += (++word % 9 == 0) ? std::string("बदलाव") : std::string(w);
      out += ' ';
    }
    out += "\n\n";
  }
  return out;
}

struct PairSet {
  std::vector<crossdoc::AnalyzedText> a, b;
};

// Up to 64 articles of 500-700 words from the corpus (or the fixtures), each with its rewrite.
const PairSet& ArticlePairs(const std::string& corpus) {
  static auto* cache = new std::vector<std::pair<std::string, PairSet>>();
  for (const auto& [name, set] : *cache) {
    if (name == corpus) return set;
  }
  const std::vector<std::string> texts = crossdoc::bench::LoadCorpus(
      corpus, "../../examples/data/jtf_hi_deepstambh.txt");
  const crossdoc::Analyzer analyzer;
  PairSet set;
  for (const std::string& text : texts) {
    if (set.a.size() == 64) break;
    const size_t words = Words(text);
    std::string source = text;
    if (words < 500) {  // the fixture fallback: repeat it up to article length
      if (texts.size() > 100) continue;
      while (Words(source) < 550) source += "\n\n" + text;
    } else if (words > 700) {
      continue;
    }
    auto a = analyzer.Analyze(source);
    auto b = analyzer.Analyze(Rewrite(source, static_cast<uint32_t>(set.a.size())));
    if (!a.ok() || !b.ok()) continue;
    set.a.push_back(*std::move(a));
    set.b.push_back(*std::move(b));
  }
  cache->emplace_back(corpus, std::move(set));
  return cache->back().second;
}

void RunPairs(benchmark::State& state, const std::string& corpus, bool related) {
  const PairSet& set = ArticlePairs(corpus);
  if (set.a.empty()) {
    state.SkipWithError("no articles");
    return;
  }
  uint64_t sentence_pairs = 0, pairs = 0, scored = 0, sentences = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < set.a.size(); ++i) {
      const auto& b = related ? set.b[i] : set.b[(i + 1) % set.b.size()];
      auto result = crossdoc::Align(set.a[i], b);
      for (const auto& p : result->passages) sentence_pairs += p.pairs.size();
      scored += result->candidate_pairs_scored;
      sentences += set.a[i].sentences().size() * b.sentences().size();
      bytes += set.a[i].text().size() + b.text().size();
      ++pairs;
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(pairs));  // article pairs
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["sentence_pairs_per_article_pair"] =
      static_cast<double>(sentence_pairs) / static_cast<double>(pairs);
  state.counters["scored_of_all_sentence_pairs"] =
      static_cast<double>(scored) / static_cast<double>(sentences);
  state.counters["sentence_pairs/s"] =
      benchmark::Counter(static_cast<double>(sentence_pairs), benchmark::Counter::kIsRate);
}

void BM_AlignArticlePairHindi(benchmark::State& state) {
  RunPairs(state, "hindi-covid-news", true);
}
void BM_AlignArticlePairEnglish(benchmark::State& state) { RunPairs(state, "bbc-news-en", true); }
void BM_AlignUnrelatedPairHindi(benchmark::State& state) {
  RunPairs(state, "hindi-covid-news", false);
}
BENCHMARK(BM_AlignArticlePairHindi)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AlignArticlePairEnglish)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AlignUnrelatedPairHindi)->Unit(benchmark::kMicrosecond);

// 50 documents: 25 articles and a rewrite of each; AlignCluster must find the 25 pairs among
// 1,225 possible ones without aligning them all.
void BM_AlignCluster50(benchmark::State& state) {
  const PairSet& set = ArticlePairs("hindi-covid-news");
  std::vector<const crossdoc::AnalyzedText*> docs;
  for (size_t i = 0; i < set.a.size() && docs.size() < 50; ++i) {
    docs.push_back(&set.a[i]);
    docs.push_back(&set.b[i]);
  }
  uint64_t aligned_pairs = 0, candidates = 0;
  size_t bytes = 0;
  for (const auto* d : docs) bytes += d->text().size();
  for (auto _ : state) {
    auto result = crossdoc::AlignCluster(docs);
    aligned_pairs = result->pairs.size();
    candidates = result->candidate_document_pairs;
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["documents"] = static_cast<double>(docs.size());
  state.counters["candidate_document_pairs"] = static_cast<double>(candidates);
  state.counters["pairs_with_passages"] = static_cast<double>(aligned_pairs);
}
BENCHMARK(BM_AlignCluster50)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
