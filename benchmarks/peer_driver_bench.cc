// The crossdoc side of benchmarks/compare_peers.py: signatures, index build and querying every
// document, timed phase by phase on one thread, with the found pairs written out for scoring.
//
// Input (environment; compare_peers.py sets these):
//   CROSSDOC_PEER_CORPUS     a folder written by benchmarks/peer_corpus.py (tokens.txt and
//                            docs.jsonl). Unset: a synthetic corpus with planted near-duplicates
//                            from tests/near_duplicate_generator.h, so the program runs alone.
//   CROSSDOC_PEER_LIMIT      use only the first N documents (default: all)
//   CROSSDOC_PEER_PAIRS_OUT  write the verified pairs, one "i j" line each (document positions,
//                            i < j), after the last repetition
//   CROSSDOC_PEER_THRESHOLD  Jaccard threshold (default 0.8)
//   CROSSDOC_PEER_ESTIMATE_IN / _OUT  diagnostics, untimed: for each "i j" line of _IN, write
//                            "i j estimated-jaccard" to _OUT (signatures of the built index)
//
// Benchmarks BM_PeerPipeline/<input>/<verification>, one iteration each (repeat with
// --benchmark_repetitions):
//   input 0, "shared tokens": each document's line of tokens.txt (the tokenization all
//       peers get) is split at spaces, and LshIndex::SketchTokens hashes it: identical shingles to
//       the peers' word 5-grams.
//   input 1, "analyzer": the raw text of docs.jsonl through crossdoc's own Analyzer
//       (ICU word breaks, NFKC + case folding, Devanagari folding) and LshIndex::Sketch.
// Both then Add every sketch to an LshIndex (k = 128, 5-word shingles, threshold 0.8) and QueryId
// every document. Verification 0 is the default (estimated Jaccard of the signatures, as the peers
// verify); 1 is exact Jaccard of the stored shingle sets (8 bytes per distinct shingle). Counters (seconds, bytes) are read by
// compare_peers.py from --benchmark_format=json; the benchmark's own time is the end-to-end sum.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <malloc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "crossdoc/index.h"
#include "crossdoc/io.h"
#include "crossdoc/text.h"
#include "near_duplicate_generator.h"

namespace crossdoc {
namespace {

struct PeerCorpus {
  std::vector<std::string> token_lines;  // shared tokenization, one line per document, or
  std::vector<std::string> texts;        // the raw texts
  std::vector<std::string> ids;          // "d<position>"
  size_t text_bytes = 0;                 // bytes of whichever was loaded
  bool synthetic = false;
};

// "d<position>". (Not "d" + std::to_string(i): GCC 12 at -O3 warns falsely about that.)
std::string IdOf(size_t position) {
  std::string id = "d";
  id += std::to_string(position);
  return id;
}

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

size_t Limit() {
  const char* v = Env("CROSSDOC_PEER_LIMIT");
  return v != nullptr ? static_cast<size_t>(std::strtoull(v, nullptr, 10)) : SIZE_MAX;
}

// Lower-cased runs of ASCII letters and digits, and of bytes >= 0x80 (any non-ASCII letter);
// only for the synthetic stand-alone corpus, whose words are ASCII.
std::string SimpleTokens(std::string_view text) {
  std::string out;
  bool in_word = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c >= 0x80;
    if (word) {
      if (!in_word && !out.empty()) out.push_back(' ');
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
    }
    in_word = word;
  }
  return out;
}

// Loads the token lines (tokens.txt) or the raw texts (docs.jsonl), whichever the benchmark needs:
// compare_peers.py runs each benchmark in its own process, so the peak memory it reports holds
// only one form of the corpus.
PeerCorpus LoadCorpus(bool texts) {
  PeerCorpus c;
  const size_t limit = Limit();
  if (const char* dir = Env("CROSSDOC_PEER_CORPUS")) {
    if (!texts) {
      std::ifstream tokens(std::string(dir) + "/tokens.txt");
      std::string line;
      while (c.token_lines.size() < limit && std::getline(tokens, line)) {
        c.token_lines.push_back(std::move(line));
      }
    } else {
      // Only the first `limit` lines are parsed, 1,000 at a time, so that no more than the texts
      // themselves is ever held (the scaling corpus is ~430 MB).
      std::ifstream file(std::string(dir) + "/docs.jsonl");
      JsonlOptions options;
      options.on_bad_line = OnBadLine::kSkip;
      std::string line;
      bool more = true;
      while (more && c.texts.size() < limit) {
        std::stringstream chunk;
        size_t lines = 0;
        while (lines < 1000 && c.texts.size() + lines < limit && std::getline(file, line)) {
          chunk << line << '\n';
          ++lines;
        }
        more = lines > 0;
        auto docs = ReadJsonl(chunk, "docs.jsonl", options);
        if (!docs.ok()) {
          std::fprintf(stderr, "peer_driver_bench: %s\n", docs.status().ToString().c_str());
          break;
        }
        for (auto& d : docs->documents) c.texts.push_back(std::move(d.text));
      }
    }
  } else {
    c.synthetic = true;
    auto planted = testing::GenerateNearDuplicates(testing::SyntheticBaseTexts(500, 340, 7));
    for (auto& d : planted.documents) {
      if (std::max(c.texts.size(), c.token_lines.size()) >= limit) break;
      if (texts) {
        c.texts.push_back(std::move(d.text));
      } else {
        c.token_lines.push_back(SimpleTokens(d.text));
      }
    }
  }
  const size_t n = texts ? c.texts.size() : c.token_lines.size();
  for (size_t i = 0; i < n; ++i) {
    c.ids.push_back(IdOf(i));
    c.text_bytes += texts ? c.texts[i].size() : c.token_lines[i].size();
  }
  return c;
}

const PeerCorpus& GetCorpus(bool texts) {
  static const PeerCorpus* token_corpus = nullptr;
  static const PeerCorpus* text_corpus = nullptr;
  const PeerCorpus*& slot = texts ? text_corpus : token_corpus;
  if (slot == nullptr) slot = new PeerCorpus(LoadCorpus(texts));
  return *slot;
}

// Peak resident set size (VmHWM of /proc/self/status; unlike ru_maxrss it starts afresh at exec,
// so a parent's size does not leak into it), 0 where unavailable.
double PeakRss() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) * 1024.0;
  }
  return 0;
}

// Resident set size now, from /proc/self/statm (0 where unavailable).
size_t CurrentRss() {
  std::ifstream statm("/proc/self/statm");
  size_t pages_total = 0;
  size_t pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this thread: the measure that a busy, shared machine disturbs least.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Bytes the heap has handed out and not taken back (glibc), or 0 elsewhere.
double HeapInUse() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd);
#else
  return 0;
#endif
}

// Splits a tokens.txt line at its spaces (one space between tokens; runs of spaces are skipped).
// Returns the number of tokens; they are the first entries of *out, which only grows (so the
// loop below writes through a plain pointer, with no capacity check per token).
size_t SplitSpaces(std::string_view line, std::vector<std::string_view>* out) {
  if (out->size() < line.size() / 2 + 1) out->resize(line.size() / 2 + 1);  // >= tokens + 1
  std::string_view* next = out->data();
  // Tokens are a few bytes long: rather than one memchr call per token, find the spaces of 16
  // bytes at a time (SSE2) and walk the bits of the mask.
  const char* const data = line.data();
  const size_t n = line.size();
  size_t start = 0;
  auto space_at = [&](size_t i) {
    if (i > start) *next++ = std::string_view(data + start, i - start);
    start = i + 1;
  };
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i spaces = _mm_set1_epi8(' ');
  for (; i + 16 <= n; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    auto mask = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, spaces)));
    while (mask != 0) {
      space_at(i + static_cast<size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    if (data[i] == ' ') space_at(i);
  }
  space_at(n);
  return static_cast<size_t>(next - out->data());
}

size_t IdPosition(std::string_view id) {
  return static_cast<size_t>(std::strtoull(std::string(id.substr(1)).c_str(), nullptr, 10));
}

void WriteEstimates(const LshIndex& index) {
  const char* in_path = Env("CROSSDOC_PEER_ESTIMATE_IN");
  const char* out_path = Env("CROSSDOC_PEER_ESTIMATE_OUT");
  if (in_path == nullptr || out_path == nullptr) return;
  std::ifstream in(in_path);
  std::FILE* out = std::fopen(out_path, "w");
  if (out == nullptr) return;
  size_t a = 0;
  size_t b = 0;
  while (in >> a >> b) {
    auto sa = index.Get(IdOf(a));
    auto sb = index.Get(IdOf(b));
    if (sa.ok() && sb.ok()) {
      std::fprintf(out, "%zu %zu %.6f\n", a, b, EstimateJaccard(sa->signature, sb->signature));
    }
  }
  std::fclose(out);
}

void BM_PeerPipeline(benchmark::State& state) {
  const bool use_analyzer = state.range(0) == 1;
  const bool exact = state.range(1) == 1;
  const PeerCorpus& c = GetCorpus(use_analyzer);
  const size_t n = c.ids.size();
  if (n == 0) {
    state.SkipWithError("empty corpus");
    return;
  }
  IndexOptions options;
  if (const char* t = Env("CROSSDOC_PEER_THRESHOLD")) options.threshold = std::strtod(t, nullptr);
  if (exact) options.verification = Verification::kExactJaccard;
  const Analyzer analyzer;
  std::vector<std::pair<size_t, size_t>> pairs;
  double sig_s = 0, index_s = 0, query_s = 0, index_rss = -1, index_heap = 0;
  double sig_cpu = 0, index_cpu = 0, query_cpu = 0;
  size_t candidates_returned = 0;
  for (auto _ : state) {
    pairs.clear();
    candidates_returned = 0;
    const size_t rss0 = CurrentRss();
    const double heap0 = HeapInUse();
    auto index = LshIndex::Create(options);
    if (!index.ok()) {
      state.SkipWithError(index.status().ToString().c_str());
      return;
    }
    // Phase 1: signatures.
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = ThreadCpuSeconds();
    std::vector<DocumentSketch> sketches;
    sketches.reserve(n);
    std::vector<std::string_view> words;
    for (size_t i = 0; i < n; ++i) {
      if (use_analyzer) {
        auto analyzed = analyzer.Analyze(c.texts[i]);
        if (!analyzed.ok()) {
          state.SkipWithError(analyzed.status().ToString().c_str());
          return;
        }
        sketches.push_back(index->Sketch(c.ids[i], *analyzed));
      } else {
        const size_t count = SplitSpaces(c.token_lines[i], &words);
        sketches.push_back(index->SketchTokens(c.ids[i], absl::MakeConstSpan(words.data(), count)));
      }
    }
    // Phase 2: index build, one Add per document (incremental, as the peers insert).
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = ThreadCpuSeconds();
    for (auto& sketch : sketches) {
      if (auto s = index->Add(std::move(sketch)); !s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
    }
    sketches = {};
    const auto t2 = std::chrono::steady_clock::now();
    const double c2 = ThreadCpuSeconds();
    // Memory held by the index (signatures, band tables, ids): heap bytes, and the growth of the
    // resident set (first repetition only: later ones reuse pages the first one freed).
    index_heap = HeapInUse() - heap0;
    if (index_rss < 0) index_rss = static_cast<double>(CurrentRss()) - static_cast<double>(rss0);
    // Phase 3: query every document (verified matches, itself excluded).
    for (size_t i = 0; i < n; ++i) {
      auto matches = index->QueryId(c.ids[i]);
      if (!matches.ok()) {
        state.SkipWithError(matches.status().ToString().c_str());
        return;
      }
      candidates_returned += matches->size();
      for (const Match& m : *matches) {
        const size_t j = IdPosition(m.id);
        if (i < j) pairs.emplace_back(i, j);
      }
    }
    const auto t3 = std::chrono::steady_clock::now();
    const double c3 = ThreadCpuSeconds();
    WriteEstimates(*index);
    sig_cpu = c1 - c0;
    index_cpu = c2 - c1;
    query_cpu = c3 - c2;
    sig_s = Seconds(t0, t1);
    index_s = Seconds(t1, t2);
    query_s = Seconds(t2, t3);
    state.SetIterationTime(Seconds(t0, t3));
    benchmark::DoNotOptimize(pairs.data());
  }
  state.counters["docs"] = static_cast<double>(n);
  // Bytes read: raw text (analyzer) or token lines (shared tokens); compare_peers.py reports MB/s
  // of the raw text for every library.
  state.counters["input_bytes"] = static_cast<double>(c.text_bytes);
  state.counters["sig_s"] = sig_s;
  state.counters["index_s"] = index_s;
  state.counters["query_s"] = query_s;
  state.counters["pairs"] = static_cast<double>(pairs.size());
  state.counters["matches"] = static_cast<double>(candidates_returned);
  state.counters["sig_cpu_s"] = sig_cpu;
  state.counters["index_cpu_s"] = index_cpu;
  state.counters["query_cpu_s"] = query_cpu;
  state.counters["index_rss_bytes"] = index_rss;
  state.counters["index_heap_bytes"] = index_heap;
  state.counters["peak_rss_bytes"] = PeakRss();
  state.counters["synthetic"] = c.synthetic ? 1 : 0;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text_bytes));
  state.SetLabel(std::string(use_analyzer ? "analyzer" : "shared-tokens") +
                 (exact ? ", exact" : ", estimated"));
  if (const char* out_path = Env("CROSSDOC_PEER_PAIRS_OUT")) {
    if (std::FILE* f = std::fopen(out_path, "w")) {
      for (const auto& [a, b] : pairs) std::fprintf(f, "%zu %zu\n", a, b);
      std::fclose(f);
    }
  }
}
BENCHMARK(BM_PeerPipeline)
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Iterations(1)->UseManualTime()->Unit(
    benchmark::kMillisecond);

}  // namespace
}  // namespace crossdoc

BENCHMARK_MAIN();
