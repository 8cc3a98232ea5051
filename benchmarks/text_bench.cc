// Text stage throughput on real Hindi and English news, beside ICU's own normalizer and break
// iterators run alone on the same bytes (the floor any ICU-based analyzer pays).
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <memory>

#include <benchmark/benchmark.h>

#include "corpus.h"
#include "crossdoc/text.h"

namespace {

const std::vector<std::string>& Hindi() {
  static const auto* texts =
      new std::vector<std::string>(crossdoc::bench::LoadCorpus("hindi-covid-news", "text/hindi_fixture.txt"));
  return *texts;
}
const std::vector<std::string>& English() {
  static const auto* texts =
      new std::vector<std::string>(crossdoc::bench::LoadCorpus("bbc-news-en", "text/english_fixture.txt"));
  return *texts;
}

void RunAnalyzer(benchmark::State& state, const std::vector<std::string>& texts) {
  const crossdoc::Analyzer analyzer;
  size_t tokens = 0;
  for (auto _ : state) {
    for (const auto& text : texts) {
      auto result = analyzer.Analyze(text);
      tokens += result.ok() ? result->tokens().size() : 0;
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * crossdoc::bench::TotalBytes(texts)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
  state.counters["tokens"] = static_cast<double>(tokens) / static_cast<double>(state.iterations());
}

void BM_AnalyzeHindi(benchmark::State& state) { RunAnalyzer(state, Hindi()); }
void BM_AnalyzeEnglish(benchmark::State& state) { RunAnalyzer(state, English()); }

// ICU NFKC_Casefold over whole documents, including the UTF-8 <-> UTF-16 conversions.
void RunIcuNormalizer(benchmark::State& state, const std::vector<std::string>& texts) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  for (auto _ : state) {
    for (const auto& text : texts) {
      icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
      icu::UnicodeString n = nfkc->normalize(s, status);
      out.clear();
      n.toUTF8String(out);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * crossdoc::bench::TotalBytes(texts)));
}

void BM_IcuNormalizeOnlyHindi(benchmark::State& state) { RunIcuNormalizer(state, Hindi()); }
void BM_IcuNormalizeOnlyEnglish(benchmark::State& state) { RunIcuNormalizer(state, English()); }

// ICU word or sentence boundaries over whole documents (UTF-8 read through UText, no copy).
void RunIcuBreaks(benchmark::State& state, const std::vector<std::string>& texts, bool words) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
            : icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  size_t boundaries = 0;
  for (auto _ : state) {
    for (const auto& text : texts) {
      UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
      it->setText(ut, status);
      for (int32_t p = it->first(); p != icu::BreakIterator::DONE; p = it->next()) ++boundaries;
      utext_close(ut);
    }
  }
  benchmark::DoNotOptimize(boundaries);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * crossdoc::bench::TotalBytes(texts)));
}

void BM_IcuWordBreakOnlyHindi(benchmark::State& state) { RunIcuBreaks(state, Hindi(), true); }
void BM_IcuSentenceBreakOnlyHindi(benchmark::State& state) { RunIcuBreaks(state, Hindi(), false); }
void BM_IcuWordBreakOnlyEnglish(benchmark::State& state) { RunIcuBreaks(state, English(), true); }

BENCHMARK(BM_AnalyzeHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeEnglish)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuNormalizeOnlyHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuNormalizeOnlyEnglish)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuWordBreakOnlyHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuSentenceBreakOnlyHindi)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IcuWordBreakOnlyEnglish)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
