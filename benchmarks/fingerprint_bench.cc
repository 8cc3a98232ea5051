// Throughput of stage 2: token hashing, MinHash, SimHash and whole-document fingerprints.
//
// Input: the "text" fields of shared/data/bbc-news-en/articles.jsonl (about 2 KB of English a
// document) when present, else synthetic English-like text of the same size. Goal: signature
// plus index insertion at >= 25,000 documents/s on one core with k = 128 and word 5-gram shingles
// (see index_bench.cc for the end-to-end number).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "crossdoc/fingerprint.h"
#include "crossdoc/text.h"
#include "near_duplicate_generator.h"
#include "test_support.h"

namespace crossdoc {
namespace {

struct Corpus {
  std::vector<std::string> texts;
  std::vector<std::vector<std::string>> words;  // lower-cased ASCII word split of each text
  size_t bytes = 0;
  size_t tokens = 0;
};

// A deliberately simple tokenizer (ASCII letters and digits, lower-cased) for the benchmarks
// that leave the analyzer out.
std::vector<std::string> SplitWords(std::string_view text) { return testing::AsciiWords(text); }

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    const std::string path =
        std::string(CROSSDOC_SHARED_DIR) + "/data/bbc-news-en/articles.jsonl";
    c->texts = testing::LoadJsonlTexts(path);
    if (c->texts.empty()) c->texts = testing::SyntheticBaseTexts(2000, 380, 1);
    for (const std::string& t : c->texts) {
      c->bytes += t.size();
      c->words.push_back(SplitWords(t));
      c->tokens += c->words.back().size();
    }
    return c;
  }();
  return *corpus;
}

std::vector<std::vector<std::string_view>> Views(const Corpus& c) {
  std::vector<std::vector<std::string_view>> out;
  for (const auto& w : c.words) out.emplace_back(w.begin(), w.end());
  return out;
}

void Report(benchmark::State& state, const Corpus& c) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.texts.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["docs"] = static_cast<double>(c.texts.size());
  state.counters["avg_doc_bytes"] = static_cast<double>(c.bytes) / c.texts.size();
}

void BM_HashTokens(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto views = Views(c);
  std::vector<uint64_t> hashes;
  for (auto _ : state) {
    for (const auto& v : views) {
      HashTokens(v, kDefaultFingerprintSeed, &hashes);
      benchmark::DoNotOptimize(hashes.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_HashTokens)->Unit(benchmark::kMillisecond);

// MinHash from pre-hashed tokens: shingling + one-permutation hashing + densification.
void BM_MinHashFromTokenHashes(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const MinHasher hasher({.num_hashes = static_cast<uint32_t>(state.range(0)),
                          .shingle_size = static_cast<uint32_t>(state.range(1))});
  std::vector<std::vector<uint64_t>> hashes(c.words.size());
  const auto views = Views(c);
  for (size_t i = 0; i < views.size(); ++i) HashTokens(views[i], hasher.options().seed, &hashes[i]);
  MinHashSignature sig;
  for (auto _ : state) {
    for (const auto& h : hashes) {
      hasher.FromTokenHashes(h, &sig);
      benchmark::DoNotOptimize(sig.values.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_MinHashFromTokenHashes)
    ->Args({128, 5})
    ->Args({64, 5})
    ->Args({256, 5})
    ->Args({128, 3})
    ->Unit(benchmark::kMillisecond);

// From token strings to signature (what a caller with its own tokenizer pays).
void BM_MinHashFromTokens(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const MinHasher hasher;
  const auto views = Views(c);
  std::vector<uint64_t> hashes;
  MinHashSignature sig;
  for (auto _ : state) {
    for (const auto& v : views) {
      HashTokens(v, hasher.options().seed, &hashes);
      hasher.FromTokenHashes(hashes, &sig);
      benchmark::DoNotOptimize(sig.values.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_MinHashFromTokens)->Unit(benchmark::kMillisecond);

// From raw text with the simple splitter: split + hash + MinHash.
void BM_MinHashFromRawText(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const MinHasher hasher;
  MinHashSignature sig;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      const auto words = SplitWords(t);
      sig = hasher.FromTokens(absl::MakeConstSpan(words));
      benchmark::DoNotOptimize(sig.values.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_MinHashFromRawText)->Unit(benchmark::kMillisecond);

void BM_SimHash(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto views = Views(c);
  std::vector<std::vector<uint64_t>> hashes(views.size());
  for (size_t i = 0; i < views.size(); ++i) {
    HashTokens(views[i], kDefaultFingerprintSeed, &hashes[i]);
  }
  for (auto _ : state) {
    for (const auto& h : hashes) benchmark::DoNotOptimize(SimHash(h));
  }
  Report(state, c);
}
BENCHMARK(BM_SimHash)->Unit(benchmark::kMillisecond);

void BM_ExactFingerprint(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto views = Views(c);
  for (auto _ : state) {
    for (const auto& v : views) benchmark::DoNotOptimize(ExactFingerprint(v));
  }
  Report(state, c);
}
BENCHMARK(BM_ExactFingerprint)->Unit(benchmark::kMillisecond);

// All fingerprints of already analyzed documents (document and sentence level).
void BM_FingerprintDocument(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const Analyzer analyzer;
  std::vector<AnalyzedText> analyzed;
  for (const std::string& t : c.texts) {
    auto a = analyzer.Analyze(t);
    if (!a.ok()) {
      state.SkipWithError("analysis failed");
      return;
    }
    analyzed.push_back(*std::move(a));
  }
  FingerprintOptions options;
  options.sentences = state.range(0) != 0;
  for (auto _ : state) {
    for (const AnalyzedText& a : analyzed) {
      DocumentFingerprint f = FingerprintDocument(a, options);
      benchmark::DoNotOptimize(f.minhash.values.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_FingerprintDocument)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Analyzer + fingerprints: the whole text-to-fingerprint path.
void BM_AnalyzeAndFingerprint(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const Analyzer analyzer;
  FingerprintOptions options;
  options.sentences = false;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      auto a = analyzer.Analyze(t);
      if (!a.ok()) continue;
      DocumentFingerprint f = FingerprintDocument(*a, options);
      benchmark::DoNotOptimize(f.minhash.values.data());
    }
  }
  Report(state, c);
}
BENCHMARK(BM_AnalyzeAndFingerprint)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crossdoc

BENCHMARK_MAIN();
