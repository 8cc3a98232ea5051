// Throughput of stage 5, facts: ExtractFacts on real Hindi and English news (the "text" fields of
// shared/data/hindi-covid-news and bbc-news-en when present, else the bundled fixtures repeated to
// about 1 MB), on texts analyzed beforehand, so a regression here is the facts stage's own.
// BM_AnalyzeAndExtract* add the analyzer (what the fact-check program pays per document);
// BM_LinkEntity* time the gazetteer lookup of single names (after its one-time build, which the
// first call pays and no benchmark iteration does).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "corpus.h"
#include "crossdoc/facts.h"
#include "crossdoc/text.h"

namespace {

struct Analyzed {
  std::vector<std::string> texts;
  std::vector<crossdoc::AnalyzedText> analyzed;
  size_t bytes = 0;
  size_t tokens = 0;
};

Analyzed Load(const std::string& name, const std::string& fallback) {
  Analyzed a;
  a.texts = crossdoc::bench::LoadCorpus(name, fallback);
  const crossdoc::Analyzer analyzer;
  for (const auto& text : a.texts) {
    auto result = analyzer.Analyze(text);
    if (!result.ok()) continue;  // (strict UTF-8: a bad article is left out, not fatal)
    a.bytes += text.size();
    a.tokens += result->tokens().size();
    a.analyzed.push_back(std::move(*result));
  }
  // Builds the gazetteer now, outside every timed loop.
  if (!a.analyzed.empty()) benchmark::DoNotOptimize(crossdoc::ExtractFacts(a.analyzed.front()));
  return a;
}

const Analyzed& Hindi() {
  static const auto* a = new Analyzed(Load("hindi-covid-news", "text/hindi_fixture.txt"));
  return *a;
}
const Analyzed& English() {
  static const auto* a = new Analyzed(Load("bbc-news-en", "text/english_fixture.txt"));
  return *a;
}

// A fixed publication time (2024-04-10 08:22 IST), so relative dates are resolved and timed too.
crossdoc::FactOptions Options() {
  crossdoc::FactOptions options;
  options.published = crossdoc::Timestamp{1712717520, 330};
  return options;
}

void Report(benchmark::State& state, const Analyzed& a, size_t facts) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * a.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * a.analyzed.size()));
  const double iterations = static_cast<double>(state.iterations());
  state.counters["docs"] = static_cast<double>(a.analyzed.size());
  state.counters["facts_per_doc"] =
      a.analyzed.empty() ? 0 : static_cast<double>(facts) / iterations /
                                   static_cast<double>(a.analyzed.size());
  state.counters["tokens_per_s"] = benchmark::Counter(
      static_cast<double>(a.tokens) * iterations, benchmark::Counter::kIsRate);
}

void RunExtract(benchmark::State& state, const Analyzed& a) {
  const crossdoc::FactOptions options = Options();
  size_t facts = 0;
  for (auto _ : state) {
    for (const auto& text : a.analyzed) {
      crossdoc::DocumentFacts f = crossdoc::ExtractFacts(text, options);
      facts += f.facts.size();
      benchmark::DoNotOptimize(f);
    }
  }
  Report(state, a, facts);
}

void BM_ExtractFactsHindi(benchmark::State& state) { RunExtract(state, Hindi()); }
void BM_ExtractFactsEnglish(benchmark::State& state) { RunExtract(state, English()); }
BENCHMARK(BM_ExtractFactsHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractFactsEnglish)->Unit(benchmark::kMillisecond);

// Without a publication time: datelines are searched and relative dates without one dropped.
void BM_ExtractFactsHindiNoReference(benchmark::State& state) {
  const Analyzed& a = Hindi();
  size_t facts = 0;
  for (auto _ : state) {
    for (const auto& text : a.analyzed) {
      crossdoc::DocumentFacts f = crossdoc::ExtractFacts(text);
      facts += f.facts.size();
      benchmark::DoNotOptimize(f);
    }
  }
  Report(state, a, facts);
}
BENCHMARK(BM_ExtractFactsHindiNoReference)->Unit(benchmark::kMillisecond);

void RunAnalyzeAndExtract(benchmark::State& state, const Analyzed& a) {
  const crossdoc::Analyzer analyzer;
  const crossdoc::FactOptions options = Options();
  size_t facts = 0;
  for (auto _ : state) {
    for (const auto& text : a.texts) {
      auto analyzed = analyzer.Analyze(text);
      if (!analyzed.ok()) continue;
      crossdoc::DocumentFacts f = crossdoc::ExtractFacts(*analyzed, options);
      facts += f.facts.size();
      benchmark::DoNotOptimize(f);
    }
  }
  Report(state, a, facts);
}

void BM_AnalyzeAndExtractHindi(benchmark::State& state) { RunAnalyzeAndExtract(state, Hindi()); }
void BM_AnalyzeAndExtractEnglish(benchmark::State& state) {
  RunAnalyzeAndExtract(state, English());
}
BENCHMARK(BM_AnalyzeAndExtractHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeAndExtractEnglish)->Unit(benchmark::kMillisecond);

void RunLink(benchmark::State& state, const std::vector<std::string>& names) {
  benchmark::DoNotOptimize(crossdoc::LinkEntity(names.front()));  // gazetteer built
  size_t linked = 0;
  for (auto _ : state) {
    for (const auto& name : names) {
      auto link = crossdoc::LinkEntity(name);
      linked += link.has_value();
      benchmark::DoNotOptimize(link);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names.size()));
  state.counters["linked_fraction"] =
      static_cast<double>(linked) /
      (static_cast<double>(state.iterations()) * static_cast<double>(names.size()));
}

// Country and organisation names as news writes them, plus names no table should know.
void BM_LinkEntityHindi(benchmark::State& state) {
  RunLink(state, {"कजाकिस्तान", "तजाकिस्तान", "भारत", "अमेरिका", "रूस", "चीन", "पाकिस्तान",
                  "एससीओ", "संयुक्त राष्ट्र", "नेपाल", "श्रीलंका", "सुधाकरपुर"});
}
void BM_LinkEntityEnglish(benchmark::State& state) {
  RunLink(state, {"Kazakhstan", "Tajikistan", "India", "United States", "Russia", "China",
                  "Pakistan", "SCO", "United Nations", "Nepal", "Sri Lanka", "Marlowe Heights"});
}
BENCHMARK(BM_LinkEntityHindi)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LinkEntityEnglish)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
