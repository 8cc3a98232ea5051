// Throughput of stage 3: signature + index insertion, queries, batch adds, clustering, files.
//
// Goal: end-to-end signature + index at >= 25,000 documents/s on one core for ~2 KB English
// documents with word 5-gram shingles and k = 128 (BM_SketchAndAdd* below). Input: the "text"
// fields of shared/data/bbc-news-en/articles.jsonl when present, else synthetic text; the
// clustering benchmarks plant near-duplicates in it with tests/near_duplicate_generator.h.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "crossdoc/index.h"
#include "near_duplicate_generator.h"
#include "test_support.h"

namespace crossdoc {
namespace {

// A deliberately simple tokenizer (ASCII letters and digits, lower-cased) for the benchmarks
// that leave the analyzer out.
std::vector<std::string> SplitWords(std::string_view text) { return testing::AsciiWords(text); }

struct Corpus {
  std::vector<std::string> texts;
  std::vector<std::vector<std::string>> words;
  std::vector<std::string> ids;
  size_t bytes = 0;
};

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    c->texts = testing::LoadJsonlTexts(std::string(CROSSDOC_SHARED_DIR) +
                                       "/data/bbc-news-en/articles.jsonl");
    if (c->texts.empty()) c->texts = testing::SyntheticBaseTexts(2000, 380, 1);
    for (size_t i = 0; i < c->texts.size(); ++i) {
      c->bytes += c->texts[i].size();
      c->words.push_back(SplitWords(c->texts[i]));
      c->ids.push_back("doc" + std::to_string(i));
    }
    return c;
  }();
  return *corpus;
}

void Report(benchmark::State& state, const Corpus& c) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.texts.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
}

// Token strings -> token hashes -> signature -> Add, into a fresh index each iteration.
void BM_SketchAndAdd(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::vector<std::vector<std::string_view>> views;
  for (const auto& w : c.words) views.emplace_back(w.begin(), w.end());
  for (auto _ : state) {
    auto index = LshIndex::Create();
    for (size_t i = 0; i < views.size(); ++i) {
      if (!index->Add(index->SketchTokens(c.ids[i], views[i])).ok()) {
        state.SkipWithError("add failed");
        return;
      }
    }
    benchmark::DoNotOptimize(index->size());
  }
  Report(state, c);
}
BENCHMARK(BM_SketchAndAdd)->Unit(benchmark::kMillisecond);

// The same from raw text, with a simple ASCII word splitter in the timed loop.
void BM_SketchAndAddFromRawText(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    auto index = LshIndex::Create();
    for (size_t i = 0; i < c.texts.size(); ++i) {
      const std::vector<std::string> words = SplitWords(c.texts[i]);
      std::vector<std::string_view> views(words.begin(), words.end());
      if (!index->Add(index->SketchTokens(c.ids[i], views)).ok()) {
        state.SkipWithError("add failed");
        return;
      }
    }
    benchmark::DoNotOptimize(index->size());
  }
  Report(state, c);
}
BENCHMARK(BM_SketchAndAddFromRawText)->Unit(benchmark::kMillisecond);

// The full pipeline from Documents: analyzer + sketch on `threads` threads, then insertion.
void BM_AddDocuments(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::vector<Document> docs;
  for (size_t i = 0; i < c.texts.size(); ++i) docs.push_back({c.ids[i], c.texts[i]});
  const Analyzer analyzer;
  for (auto _ : state) {
    auto index = LshIndex::Create();
    if (!index->AddDocuments(docs, analyzer, static_cast<int>(state.range(0))).ok()) {
      state.SkipWithError("add failed");
      return;
    }
    benchmark::DoNotOptimize(index->size());
  }
  Report(state, c);
}
BENCHMARK(BM_AddDocuments)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// Queries against an index holding the whole corpus.
void BM_Query(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto index = LshIndex::Create();
  std::vector<MinHashSignature> signatures;
  for (size_t i = 0; i < c.words.size(); ++i) {
    std::vector<std::string_view> views(c.words[i].begin(), c.words[i].end());
    DocumentSketch s = index->SketchTokens(c.ids[i], views);
    signatures.push_back(s.signature);
    (void)index->Add(std::move(s));
  }
  size_t matches = 0;
  for (auto _ : state) {
    for (const MinHashSignature& sig : signatures) {
      auto m = index->Query(sig);
      matches += m.ok() ? m->size() : 0;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * signatures.size()));
  state.counters["matches_per_query"] =
      static_cast<double>(matches) / (state.iterations() * signatures.size());
}
BENCHMARK(BM_Query)->Unit(benchmark::kMillisecond);

// FindDuplicates over the corpus with planted near-duplicates.
void BM_FindDuplicates(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const testing::PlantedCorpus planted = testing::GenerateNearDuplicates(c.texts);
  auto index = LshIndex::Create();
  for (const Document& d : planted.documents) {
    const std::vector<std::string> words = SplitWords(d.text);
    std::vector<std::string_view> views(words.begin(), words.end());
    (void)index->Add(index->SketchTokens(d.id, views, d.published));
  }
  size_t clusters = 0;
  for (auto _ : state) {
    DedupResult r = index->FindDuplicates(static_cast<int>(state.range(0)));
    clusters = r.clusters.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * planted.documents.size()));
  state.counters["clusters"] = static_cast<double>(clusters);
  state.counters["planted_clusters"] = static_cast<double>(planted.truth_clusters.size());
}
BENCHMARK(BM_FindDuplicates)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

// Save + Load of the whole corpus' index (fsync included).
void BM_SaveLoad(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto index = LshIndex::Create();
  for (size_t i = 0; i < c.words.size(); ++i) {
    std::vector<std::string_view> views(c.words[i].begin(), c.words[i].end());
    (void)index->Add(index->SketchTokens(c.ids[i], views));
  }
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("crossdoc_index_bench_" + std::to_string(::getpid()) + ".cdx"))
                               .string();
  size_t file_bytes = 0;
  for (auto _ : state) {
    if (!index->Save(path).ok()) {
      state.SkipWithError("save failed");
      return;
    }
    auto loaded = LshIndex::Load(path);
    if (!loaded.ok()) {
      state.SkipWithError("load failed");
      return;
    }
    file_bytes = std::filesystem::file_size(path);
  }
  std::remove(path.c_str());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.words.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * file_bytes));
  state.counters["file_bytes_per_doc"] = static_cast<double>(file_bytes) / c.words.size();
}
BENCHMARK(BM_SaveLoad)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace crossdoc

BENCHMARK_MAIN();
