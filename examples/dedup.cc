// crossdoc-dedup: prints the clusters of near-duplicate documents in a JSONL corpus.
//
//   crossdoc-dedup [--threshold J] [--shingle N] [--json] [--on-error skip|stop] CORPUS.jsonl
//
// Exit status: 0 whatever was found (skipped lines included, in --on-error skip mode); 1 when the
// corpus cannot be read, a bad line stops the run, or a document cannot be analyzed; 2 for a
// usage error. Errors go to stderr with file:line; stdout carries only the result.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossdoc/document.h"
#include "crossdoc/fingerprint.h"
#include "crossdoc/index.h"
#include "crossdoc/io.h"
#include "crossdoc/text.h"

namespace {

constexpr char kUsage[] =
    "usage: crossdoc-dedup [--threshold J] [--shingle N] [--json] [--on-error skip|stop] "
    "CORPUS.jsonl\n"
    "\n"
    "Finds clusters of near-duplicate documents in a JSONL corpus (one object a line:\n"
    "{\"id\": ..., \"text\": ..., \"source\": ..., \"published\": ISO 8601, \"lang\": ...};\n"
    "only id and text are required). CORPUS.jsonl may be '-' for standard input.\n"
    "\n"
    "options:\n"
    "  --threshold J       Jaccard similarity of word shingles at or above which two documents\n"
    "                      are near-duplicates, in (0, 1] (default 0.8)\n"
    "  --shingle N         words per shingle, 1 to 64 (default 5)\n"
    "  --json              print {\"clusters\": [[\"id1\", \"id2\", ...], ...]}, each cluster\n"
    "                      with its representative first\n"
    "  --on-error MODE     a bad line: 'stop' ends the run with an error (default), 'skip'\n"
    "                      reports it on stderr and goes on\n"
    "  -h, --help          print this help\n"
    "\n"
    "Text output: one block per cluster, the representative (earliest published, else first in\n"
    "the file) first, then each member with its source, publication time and estimated Jaccard\n"
    "similarity to the representative. A progress bar is drawn on stderr when it is a terminal.\n"
    "Exit status: 0 on success (whatever was found), 1 on a failure, 2 on a usage error.\n";

struct Args {
  double threshold = 0.8;
  uint32_t shingle = 5;
  bool json = false;
  crossdoc::OnBadLine on_error = crossdoc::OnBadLine::kStop;
  std::string corpus;
};

[[noreturn]] void UsageError(const std::string& message) {
  std::cerr << "crossdoc-dedup: " << message << "\n"
            << "Try 'crossdoc-dedup --help'.\n";
  std::exit(2);
}

bool ParseDouble(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

Args ParseArgs(int argc, char** argv) {
  Args args;
  bool have_corpus = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      inline_value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= argc) UsageError("option " + arg + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--json") {
      args.json = true;
    } else if (arg == "--threshold") {
      const std::string v = value();
      if (!ParseDouble(v, &args.threshold) || !(args.threshold > 0.0 && args.threshold <= 1.0)) {
        UsageError("--threshold must be a number in (0, 1], got '" + v + "'");
      }
    } else if (arg == "--shingle") {
      const std::string v = value();
      double n = 0;
      if (!ParseDouble(v, &n) || n < 1 || n > 64 || n != static_cast<double>(static_cast<int>(n))) {
        UsageError("--shingle must be a whole number from 1 to 64, got '" + v + "'");
      }
      args.shingle = static_cast<uint32_t>(n);
    } else if (arg == "--on-error") {
      const std::string v = value();
      if (v == "skip") {
        args.on_error = crossdoc::OnBadLine::kSkip;
      } else if (v == "stop") {
        args.on_error = crossdoc::OnBadLine::kStop;
      } else {
        UsageError("--on-error must be 'skip' or 'stop', got '" + v + "'");
      }
    } else if (arg != "-" && arg.rfind("-", 0) == 0) {
      UsageError("unknown option '" + arg + "'");
    } else {
      if (have_corpus) UsageError("only one CORPUS.jsonl may be given");
      args.corpus = arg;
      have_corpus = true;
    }
  }
  if (!have_corpus) UsageError("no CORPUS.jsonl given");
  return args;
}

// A one-line progress bar on stderr, drawn only when stderr is a terminal.
class ProgressBar {
 public:
  ProgressBar() : enabled_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() { Finish(); }

  bool enabled() const { return enabled_; }

  // Redraws at most every 100 ms; total 0 draws a counter without a bar.
  void Update(std::string_view phase, uint64_t done, uint64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
    last_ = now;
    drawn_ = true;
    std::string line = "\r";
    line += phase;
    if (total > 0) {
      constexpr int kWidth = 30;
      const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
      const int filled = static_cast<int>(fraction * kWidth);
      line += " [" + std::string(static_cast<size_t>(filled), '#') +
              std::string(static_cast<size_t>(kWidth - filled), '.') + "] ";
      line += std::to_string(static_cast<int>(fraction * 100)) + "%";
    } else if (done > 0) {
      line += " " + std::to_string(done);
    } else {
      line += "...";
    }
    line += "\x1b[K";  // clear the rest of the line
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }

  // Erases the bar so that later messages start on a clean line.
  void Finish() {
    if (!enabled_ || !drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

// Runs `work` while redrawing the bar from `counter` every 100 ms on another thread.
void WithProgress(ProgressBar& bar, std::string_view phase, const std::atomic<uint64_t>& counter,
                  uint64_t total, const std::function<void()>& work) {
  if (!bar.enabled()) {
    work();
    return;
  }
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  std::thread drawer([&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (!done) {
      bar.Update(phase, counter.load(std::memory_order_relaxed), total);
      cv.wait_for(lock, std::chrono::milliseconds(100));
    }
  });
  work();
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  cv.notify_one();
  drawer.join();
  bar.Finish();
}

std::string Count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

void PrintReadError(const crossdoc::JsonlError& error, bool fatal) {
  std::cerr << "crossdoc-dedup: " << (fatal ? "error: " : "skipped ") << error.ToString() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  ProgressBar bar;

  // 1. Read the corpus.
  crossdoc::JsonlOptions read_options;
  read_options.on_bad_line = args.on_error;
  auto reader = crossdoc::JsonlReader::Open(args.corpus, read_options);
  if (!reader.ok()) {
    std::cerr << "crossdoc-dedup: " << reader.status().message() << "\n";
    return 1;
  }
  std::vector<crossdoc::Document> documents;
  size_t errors_printed = 0;
  for (;;) {
    crossdoc::Document doc;
    auto got = reader->Next(&doc);
    // Report skipped lines as they come, after clearing the bar.
    if (reader->errors().size() > errors_printed && got.ok()) {
      bar.Finish();
      for (; errors_printed < reader->errors().size(); ++errors_printed) {
        PrintReadError(reader->errors()[errors_printed], /*fatal=*/false);
      }
    }
    if (!got.ok()) {
      bar.Finish();
      std::cerr << "crossdoc-dedup: error: " << got.status().message() << "\n";
      return 1;
    }
    if (!*got) break;
    documents.push_back(std::move(doc));
    if (const auto size = reader->size_hint()) {
      bar.Update("reading  ", reader->bytes_read(), *size);
    } else {
      bar.Update("reading, documents:", documents.size(), 0);
    }
  }
  bar.Finish();
  const size_t skipped = reader->errors().size();

  // 2. Sketch and index every document on every core.
  crossdoc::IndexOptions index_options;
  index_options.threshold = args.threshold;
  index_options.minhash.shingle_size = args.shingle;
  auto index = crossdoc::LshIndex::Create(index_options);
  if (!index.ok()) {
    std::cerr << "crossdoc-dedup: " << index.status().message() << "\n";
    return 2;
  }
  const crossdoc::Analyzer analyzer;
  std::atomic<uint64_t> sketched{0};
  absl::Status added;
  WithProgress(bar, "sketching", sketched, documents.size(), [&] {
    added = index->AddParallel(
        documents.size(), [&](size_t i) -> absl::StatusOr<crossdoc::DocumentSketch> {
          const crossdoc::Document& doc = documents[i];
          auto text = analyzer.Analyze(doc.text);
          if (!text.ok()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "document ", doc.id, " (", reader->name(), "): ", text.status().message()));
          }
          crossdoc::DocumentSketch sketch = index->Sketch(doc.id, *text, doc.published);
          sketched.fetch_add(1, std::memory_order_relaxed);
          return sketch;
        });
  });
  if (!added.ok()) {
    std::cerr << "crossdoc-dedup: error: " << added.message() << "\n";
    return 1;
  }

  // 3. Cluster.
  std::atomic<uint64_t> no_counter{0};
  crossdoc::DedupResult result;
  // Only clusters are printed, so no pair list is kept (max_pairs = 0, the fastest form).
  WithProgress(bar, "clustering", no_counter, 0, [&] {
    result = index->FindDuplicates(/*threads=*/0, /*include_singletons=*/false, /*max_pairs=*/0);
  });

  // 4. Print.
  if (args.json) {
    crossdoc::JsonWriter w;
    w.BeginObject().Key("clusters").BeginArray();
    for (const crossdoc::DuplicateCluster& cluster : result.clusters) {
      w.BeginArray().String(cluster.representative);
      for (const std::string& id : cluster.members) {
        if (id != cluster.representative) w.String(id);
      }
      w.EndArray();
    }
    w.EndArray().EndObject();
    std::cout << w.str() << "\n";
  } else {
    std::unordered_map<std::string_view, size_t> position;
    position.reserve(documents.size());
    for (size_t i = 0; i < documents.size(); ++i) position.emplace(documents[i].id, i);
    size_t duplicates = 0;
    for (size_t c = 0; c < result.clusters.size(); ++c) {
      const crossdoc::DuplicateCluster& cluster = result.clusters[c];
      duplicates += cluster.members.size() - 1;
      auto rep_sketch = index->Get(cluster.representative);
      std::cout << "cluster " << (c + 1) << " (" << cluster.members.size() << " documents)\n";
      std::vector<std::string> ordered = {cluster.representative};
      for (const std::string& id : cluster.members) {
        if (id != cluster.representative) ordered.push_back(id);
      }
      for (const std::string& id : ordered) {
        const crossdoc::Document& doc = documents[position.at(id)];
        std::cout << (id == cluster.representative ? "  * " : "    ") << doc.id;
        std::cout << "  source=" << (doc.source.empty() ? "-" : doc.source);
        std::cout << "  published=" << (doc.published ? doc.published->ToIso8601() : "-");
        if (id == cluster.representative) {
          std::cout << "  representative\n";
          continue;
        }
        auto member_sketch = index->Get(id);
        if (rep_sketch.ok() && member_sketch.ok()) {
          char buffer[32];
          std::snprintf(buffer, sizeof(buffer), "%.3f",
                        crossdoc::EstimateJaccard(rep_sketch->signature, member_sketch->signature));
          std::cout << "  similarity=" << buffer;
        }
        std::cout << "\n";
      }
      std::cout << "\n";
    }
    std::cout << Count(documents.size(), "document") << " read";
    if (skipped > 0) std::cout << " (" << Count(skipped, "bad line") << " skipped)";
    std::cout << ", " << Count(result.clusters.size(), "cluster") << ", "
              << Count(duplicates, "near-duplicate") << " of a representative (threshold "
              << args.threshold << ", shingles of " << args.shingle << " words)\n";
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "crossdoc-dedup: error writing the output\n";
    return 1;
  }
  return 0;
}
