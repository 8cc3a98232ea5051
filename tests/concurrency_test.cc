// Concurrency: readers query an LshIndex while one writer adds, batch-adds and removes, and every
// answer must equal the answer of a serial run at some moment during the call; the shared stage
// objects documented as thread-safe (Analyzer, the lazily built gazetteer, Align) give the same
// results from many threads as from one. Run it under ThreadSanitizer: scripts/tsan_test.sh.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/synchronization/mutex.h"
#include "crossdoc/align.h"
#include "crossdoc/facts.h"
#include "crossdoc/index.h"
#include "crossdoc/text.h"

// ThreadSanitizer sees synchronization only in instrumented code, and Debian's Abseil is not
// instrumented: every absl::Mutex would look like no lock at all. scripts/tsan_test.sh links this
// test with -Wl,--wrap for the four absl::Mutex entry points the library calls and defines
// CROSSDOC_TSAN_ABSL_NS (the mangled inline namespace, "7debian3"); these wrappers then tell
// TSan about each lock and unlock, with reader/writer semantics, exactly as an instrumented
// Abseil would. Without the define (a normal build) nothing here exists.
#if defined(CROSSDOC_TSAN_ABSL_NS)
#include <sanitizer/tsan_interface.h>
#define CROSSDOC_STR2(x) #x
#define CROSSDOC_STR(x) CROSSDOC_STR2(x)
#define CROSSDOC_ABSL_MUTEX(prefix, fn) \
  prefix "_ZN4absl" CROSSDOC_STR(CROSSDOC_TSAN_ABSL_NS) "5Mutex" fn
extern "C" {
void RealMutexLock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__real_", "4LockEv"));
void RealMutexUnlock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__real_", "6UnlockEv"));
void RealMutexReaderLock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__real_", "10ReaderLockEv"));
void RealMutexReaderUnlock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__real_", "12ReaderUnlockEv"));
void WrapMutexLock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__wrap_", "4LockEv"));
void WrapMutexUnlock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__wrap_", "6UnlockEv"));
void WrapMutexReaderLock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__wrap_", "10ReaderLockEv"));
void WrapMutexReaderUnlock(void*) __asm__(CROSSDOC_ABSL_MUTEX("__wrap_", "12ReaderUnlockEv"));

void WrapMutexLock(void* mu) {
  __tsan_mutex_pre_lock(mu, 0);
  RealMutexLock(mu);
  __tsan_mutex_post_lock(mu, 0, 0);
}
void WrapMutexUnlock(void* mu) {
  __tsan_mutex_pre_unlock(mu, 0);
  RealMutexUnlock(mu);
  __tsan_mutex_post_unlock(mu, 0);
}
void WrapMutexReaderLock(void* mu) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_read_lock);
  RealMutexReaderLock(mu);
  __tsan_mutex_post_lock(mu, __tsan_mutex_read_lock, 0);
}
void WrapMutexReaderUnlock(void* mu) {
  __tsan_mutex_pre_unlock(mu, __tsan_mutex_read_lock);
  RealMutexReaderUnlock(mu);
  __tsan_mutex_post_unlock(mu, __tsan_mutex_read_lock);
}
}  // extern "C"
#endif

namespace crossdoc {
namespace {

namespace fs = std::filesystem;

// ------------------------------------------------------------------------------------------------
// Text stage objects shared by threads. This test case comes first in the file so that its
// threads are the first in the process to touch the lazily built gazetteer.

std::vector<std::string> SampleTexts() {
  return {
      "नदीपुर, 3 मार्च 2025। भारत-नेपाल संयुक्त कार्य समूह (जेडब्ल्यूजी) की पांचवीं बैठक सोमवार को "
      "हुई। बैठक में 12 लाख रुपये की योजना पर चर्चा हुई।\nपब्लिश्ड 4 March 2025 at 09:10 IST",
      "नदीपुर, 4 मार्च 2025। भारत-भूटान संयुक्त कार्य समूह (JWG) की 6वीं बैठक मंगलवार को हुई। "
      "नेपाल ने प्रस्ताव नहीं ठुकराया।",
      "The Riverside council approved 14 new tram stops on Monday, 3 March 2025. Mayor Anjali Rao "
      "said work would begin in April. Officials from Kazakhstan and the SCO attended.",
      "The Riverside council approved 15 new tram stops on Tuesday. Work will not begin before "
      "May 2026, Dr. Rao told the U.S. delegation.",
  };
}

std::string Describe(const AnalyzedText& a, const DocumentFacts& f) {
  std::string out;
  for (const Token& t : a.tokens()) {
    out += std::to_string(t.span.begin) + ":" + std::string(a.Key(t)) + " ";
  }
  out += "|";
  for (const Fact& x : f.facts) {
    out += std::to_string(x.span.begin) + "=" + x.value + " ";
  }
  return out;
}

TEST_CASE("analysis and fact extraction give serial results from many threads at once",
          "[concurrency]") {
  const std::vector<std::string> texts = SampleTexts();
  const Analyzer analyzer;  // one object shared by every thread
  constexpr int kThreads = 4;
  constexpr int kRounds = 6;
  std::vector<std::vector<std::string>> seen(kThreads);
  std::vector<std::string> entity_ids(kThreads);
  std::atomic<int> failures{0};
  {
    std::vector<std::thread> threads;
    std::atomic<int> waiting{kThreads};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        // Start together so that the first ExtractFacts calls race on the gazetteer.
        --waiting;
        while (waiting.load() > 0) std::this_thread::yield();
        for (int r = 0; r < kRounds; ++r) {
          for (size_t i = 0; i < texts.size(); ++i) {
            const std::string& text = texts[(i + static_cast<size_t>(t)) % texts.size()];
            auto a = analyzer.Analyze(text);
            if (!a.ok()) {
              ++failures;
              continue;
            }
            seen[t].push_back(Describe(*a, ExtractFacts(*a)));
          }
        }
        auto link = LinkEntity("कजाकिस्तान");
        entity_ids[t] = link ? link->id : "";
      });
    }
    for (auto& th : threads) th.join();
  }
  REQUIRE(failures.load() == 0);
  // The serial answers, computed afterwards on this thread.
  std::map<std::string, std::string> serial;
  for (const std::string& text : texts) {
    auto a = analyzer.Analyze(text);
    REQUIRE(a.ok());
    serial[text] = Describe(*a, ExtractFacts(*a));
  }
  for (int t = 0; t < kThreads; ++t) {
    size_t k = 0;
    for (int r = 0; r < kRounds; ++r) {
      for (size_t i = 0; i < texts.size(); ++i, ++k) {
        CHECK(seen[t][k] == serial[texts[(i + static_cast<size_t>(t)) % texts.size()]]);
      }
    }
    CHECK(entity_ids[t] == entity_ids[0]);
  }
  auto link = LinkEntity("कजाकिस्तान");
  CHECK(entity_ids[0] == (link ? link->id : ""));
}

TEST_CASE("alignments computed on many threads equal the serial ones", "[concurrency]") {
  const std::vector<std::string> texts = SampleTexts();
  const Analyzer analyzer;
  std::vector<AnalyzedText> docs;
  for (const std::string& t : texts) {
    auto a = analyzer.Analyze(t);
    REQUIRE(a.ok());
    docs.push_back(*std::move(a));
  }
  auto summary = [](const Alignment& al) {
    std::string out;
    for (const Passage& p : al.passages) {
      for (const SentencePair& sp : p.pairs) {
        out += std::to_string(sp.a_span.begin) + "-" + std::to_string(sp.b_span.begin) + "/" +
               std::to_string(sp.diff.size()) + " ";
      }
    }
    return out;
  };
  std::vector<std::string> serial;
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t j = 0; j < docs.size(); ++j) {
      auto al = Align(docs[i], docs[j]);
      REQUIRE(al.ok());
      serial.push_back(summary(*al));
    }
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 3; ++round) {
        size_t k = 0;
        for (size_t i = 0; i < docs.size(); ++i) {
          for (size_t j = 0; j < docs.size(); ++j, ++k) {
            auto al = Align(docs[i], docs[j]);
            if (!al.ok() || summary(*al) != serial[k]) ++mismatches;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches.load() == 0);
}

// ------------------------------------------------------------------------------------------------
// LshIndex: many readers, one writer.

// Word lists of `groups` stories with `copies` near copies each (one word changed in each copy).
std::vector<std::vector<std::string>> Stories(int groups, int copies, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<std::string>> out;
  for (int g = 0; g < groups; ++g) {
    std::vector<std::string> base;
    for (int w = 0; w < 80; ++w) base.push_back("w" + std::to_string(rng() % 5000));
    for (int c = 0; c < copies; ++c) {
      std::vector<std::string> copy = base;
      if (c > 0) copy[rng() % copy.size()] = "edit" + std::to_string(g) + "x" + std::to_string(c);
      out.push_back(std::move(copy));
    }
  }
  return out;
}

struct Op {
  enum Kind { kAdd, kRemove, kAddBatch } kind;
  std::vector<size_t> docs;  // document numbers (one, or several for a batch)
};

std::string IdOf(size_t d) { return "doc" + std::to_string(d); }

TEST_CASE("readers see a state of the serial history while one writer changes the index",
          "[concurrency][index]") {
  const std::vector<std::vector<std::string>> words = Stories(60, 5, 31);
  const size_t n = words.size();
  auto created = LshIndex::Create({.threshold = 0.8});
  REQUIRE(created.ok());
  LshIndex& index = *created;
  std::vector<DocumentSketch> sketches;
  for (size_t d = 0; d < n; ++d) {
    std::vector<std::string_view> views(words[d].begin(), words[d].end());
    sketches.push_back(index.SketchTokens(IdOf(d), views));
  }

  // The serial truth of one query: which documents it matches (with what similarity) whenever
  // they are present. A match depends only on the two signatures, so an index holding every
  // document gives it for every state.
  std::vector<std::vector<Match>> matchable(n);
  {
    auto all = LshIndex::Create({.threshold = 0.8});
    REQUIRE(all.ok());
    for (const DocumentSketch& s : sketches) REQUIRE(all->Add(s).ok());
    size_t with_company = 0;
    for (size_t d = 0; d < n; ++d) {
      auto m = all->Query(sketches[d].signature);
      REQUIRE(m.ok());
      matchable[d] = *m;
      with_company += m->size() > 1;
    }
    REQUIRE(with_company > n / 2);  // the test is about real near-duplicate groups
  }

  // The history: the first third is present from the start; then single adds, batch adds (all
  // or nothing) and removes in random order.
  std::mt19937_64 rng(37);
  std::vector<bool> present(n, false);
  for (size_t d = 0; d < n / 3; ++d) {
    REQUIRE(index.Add(sketches[d]).ok());
    present[d] = true;
  }
  std::vector<Op> ops;
  std::vector<std::vector<bool>> state_at;  // state_at[s] = presence after s ops
  state_at.push_back(present);
  for (int i = 0; i < 900; ++i) {
    std::vector<size_t> absent, there;
    for (size_t d = 0; d < n; ++d) (present[d] ? there : absent).push_back(d);
    const uint64_t pick = rng() % 10;
    Op op;
    if (pick < 4 && !there.empty()) {
      op = {Op::kRemove, {there[rng() % there.size()]}};
      present[op.docs[0]] = false;
    } else if (pick < 6 && absent.size() >= 3) {
      std::shuffle(absent.begin(), absent.end(), rng);
      op = {Op::kAddBatch, {absent[0], absent[1], absent[2]}};
      for (size_t d : op.docs) present[d] = true;
    } else if (!absent.empty()) {
      op = {Op::kAdd, {absent[rng() % absent.size()]}};
      present[op.docs[0]] = true;
    } else {
      continue;
    }
    ops.push_back(op);
    state_at.push_back(present);
  }

  // What a query of document q returns in state s.
  auto expected = [&](size_t q, size_t s) {
    std::vector<std::string> ids;
    for (const Match& m : matchable[q]) {
      if (state_at[s][std::stoul(m.id.substr(3))]) ids.push_back(m.id);
    }
    return ids;
  };
  // Some state in [from, to] gives exactly `ids`?
  auto consistent = [&](size_t q, size_t from, size_t to, const std::vector<std::string>& ids) {
    for (size_t s = from; s <= to; ++s) {
      if (expected(q, s) == ids) return true;
    }
    return false;
  };

  std::atomic<size_t> applied{0};  // ops completed by the writer
  std::atomic<bool> writer_done{false};
  std::atomic<long> queries{0}, checks{0}, inconsistent{0}, errors{0};
  std::atomic<long> saves{0};
  std::atomic<long> reader_calls{0};
  std::mutex notes_mu;
  std::vector<std::string> notes;  // the first inconsistencies, described
  auto note = [&](const std::string& what) {
    ++inconsistent;
    std::lock_guard<std::mutex> lock(notes_mu);
    if (notes.size() < 10) notes.push_back(what);
  };
  const fs::path dir = fs::temp_directory_path() /
                       ("crossdoc_concurrency_" + std::to_string(::getpid()));
  fs::create_directories(dir);

  // A write takes effect before the writer publishes its count, so a read that saw `applied`
  // at k before and after the call may already see write k + 1.
  auto Upper = [&](size_t seen) { return std::min(seen + 1, ops.size()); };
  auto reader = [&](int r) {
    std::mt19937_64 local(1000 + r);
    long rounds_after_done = 0;
    while (rounds_after_done < 20) {
      if (writer_done.load()) ++rounds_after_done;
      ++reader_calls;
      const size_t q = local() % n;
      const uint64_t what = local() % 20;
      const size_t before = applied.load();
      if (what < 14) {
        // A query returns exactly the present matches of some state during the call, in the
        // documented order (most similar first, ties by id) with the serial similarities.
        auto m = index.Query(sketches[q].signature);
        const size_t after = Upper(applied.load());
        if (!m.ok()) {
          ++errors;
          continue;
        }
        std::vector<std::string> ids;
        for (const Match& x : *m) {
          ids.push_back(x.id);
          const auto it = std::find_if(matchable[q].begin(), matchable[q].end(),
                                       [&](const Match& y) { return y.id == x.id; });
          if (it == matchable[q].end() || it->similarity != x.similarity) {
            note("query " + IdOf(q) + " returned " + x.id + " with similarity " +
                 std::to_string(x.similarity) + ", not a serial match");
          }
        }
        if (!consistent(q, before, after, ids)) {
          std::string got;
          for (const std::string& id : ids) got += id + " ";
          std::string want;
          for (size_t s = before; s <= after; ++s) {
            want += "[";
            for (const std::string& id : expected(q, s)) want += id + " ";
            want += "]";
          }
          note("query " + IdOf(q) + " during writes " + std::to_string(before) + "-" +
               std::to_string(after) + " returned {" + got + "}, serial states give " + want);
        }
        ++queries;
      } else if (what < 17) {
        // Get and Contains: absent, or exactly what was added.
        auto g = index.Get(IdOf(q));
        const bool contains = index.Contains(IdOf(q));
        const size_t after = Upper(applied.load());
        bool ever_present = false, ever_absent = false;
        for (size_t s = before; s <= after; ++s) {
          (state_at[s][q] ? ever_present : ever_absent) = true;
        }
        if (g.ok()) {
          if (!ever_present || g->signature != sketches[q].signature) {
            note("Get(" + IdOf(q) + ") returned a document absent or different in every state");
          }
        } else if (g.status().code() != absl::StatusCode::kNotFound || !ever_absent) {
          note("Get(" + IdOf(q) + ") failed: " + std::string(g.status().message()));
        }
        if (contains ? !ever_present : !ever_absent) {
          note("Contains(" + IdOf(q) + ") = " + std::to_string(contains) + " in no state");
        }
        ++checks;
      } else if (what < 19) {
        // size() is the size of some state during the call.
        const size_t size = index.size();
        const size_t after = Upper(applied.load());
        bool found = false;
        for (size_t s = before; s <= after && !found; ++s) {
          found = static_cast<size_t>(std::count(state_at[s].begin(), state_at[s].end(), true)) ==
                  size;
        }
        if (!found) note("size() = " + std::to_string(size) + " in no state");
        ++checks;
      } else {
        // Save while the writer works: the file holds exactly one state of the history.
        const std::string path = (dir / ("reader" + std::to_string(r) + ".cdx")).string();
        const absl::Status saved = index.Save(path);
        const size_t after = Upper(applied.load());
        if (!saved.ok()) {
          ++errors;
          continue;
        }
        auto loaded = LshIndex::Load(path);
        if (!loaded.ok()) {
          ++errors;
          continue;
        }
        bool found = false;
        for (size_t s = before; s <= after && !found; ++s) {
          bool same = true;
          for (size_t d = 0; d < n && same; ++d) same = loaded->Contains(IdOf(d)) == state_at[s][d];
          found = same;
        }
        if (!found) note("a file saved during writes holds no state of the history");
        ++saves;
      }
    }
  };

  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) readers.emplace_back(reader, r);
  size_t done = 0;
  for (const Op& op : ops) {
    absl::Status s;
    switch (op.kind) {
      case Op::kAdd:
        s = index.Add(sketches[op.docs[0]]);
        break;
      case Op::kRemove:
        s = index.Remove(IdOf(op.docs[0]));
        break;
      case Op::kAddBatch: {
        std::vector<DocumentSketch> batch;
        for (size_t d : op.docs) batch.push_back(sketches[d]);
        s = index.AddBatch(std::move(batch));
        break;
      }
    }
    REQUIRE(s.ok());
    applied.store(++done);
    // Pace the writer: after each write wait (at most 2 ms) until readers have made two more
    // calls, so that reads interleave with every write and the check windows stay short.
    const long target = reader_calls.load() + 2;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
    while (reader_calls.load() < target && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
  }
  // Duplicate clusters while readers still run: every pair is one the serial truth allows
  // between documents present at the end.
  const DedupResult dups = index.FindDuplicates(2);
  writer_done = true;
  for (auto& th : readers) th.join();
  std::error_code ec;
  fs::remove_all(dir, ec);

  for (const DuplicatePair& p : dups.pairs) {
    const size_t a = std::stoul(p.a.substr(3)), b = std::stoul(p.b.substr(3));
    CHECK(state_at.back()[a]);
    CHECK(state_at.back()[b]);
    CHECK(std::any_of(matchable[a].begin(), matchable[a].end(),
                      [&](const Match& m) { return m.id == p.b; }));
  }
  std::cout << "[concurrency] " << ops.size() << " writes against 3 readers: " << queries.load()
            << " queries, " << checks.load() << " Get/Contains/size checks, " << saves.load()
            << " saves+loads; " << inconsistent.load() << " inconsistent, " << errors.load()
            << " errors\n";
  CHECK(errors.load() == 0);
  for (const std::string& what : notes) UNSCOPED_INFO(what);
  CHECK(inconsistent.load() == 0);
  CHECK(queries.load() > static_cast<long>(ops.size()));
  // The final state equals the serial one.
  for (size_t d = 0; d < n; ++d) {
    CHECK(index.Contains(IdOf(d)) == state_at.back()[d]);
    std::vector<std::string> ids;
    auto m = index.Query(sketches[d].signature);
    REQUIRE(m.ok());
    for (const Match& x : *m) ids.push_back(x.id);
    CHECK(ids == expected(d, ops.size()));
  }
}

TEST_CASE("parallel batch insertion equals serial insertion", "[concurrency][index]") {
  // AddDocuments and FindDuplicates run on worker threads inside the index; the result must not
  // depend on the thread count.
  const std::vector<std::vector<std::string>> words = Stories(40, 4, 41);
  std::vector<Document> docs;
  for (size_t d = 0; d < words.size(); ++d) {
    std::string text;
    for (const std::string& w : words[d]) text += w + " ";
    docs.push_back({.id = IdOf(d), .text = text});
  }
  const Analyzer analyzer;
  auto serial = LshIndex::Create();
  auto parallel = LshIndex::Create();
  REQUIRE(serial.ok());
  REQUIRE(parallel.ok());
  REQUIRE(serial->AddDocuments(docs, analyzer, 1).ok());
  REQUIRE(parallel->AddDocuments(docs, analyzer, 4).ok());
  const DedupResult a = serial->FindDuplicates(1);
  const DedupResult b = parallel->FindDuplicates(4);
  REQUIRE(a.clusters.size() == b.clusters.size());
  CHECK(a.clusters.size() >= 30);
  for (size_t c = 0; c < a.clusters.size(); ++c) {
    CHECK(a.clusters[c].members == b.clusters[c].members);
    CHECK(a.clusters[c].representative == b.clusters[c].representative);
  }
  REQUIRE(a.pairs.size() == b.pairs.size());
  for (size_t p = 0; p < a.pairs.size(); ++p) {
    CHECK(a.pairs[p].a == b.pairs[p].a);
    CHECK(a.pairs[p].b == b.pairs[p].b);
    CHECK(a.pairs[p].similarity == b.pairs[p].similarity);
  }
}

// Hidden self-checks of the TSan set-up (run by hand: concurrency_test "[.tsan-selfcheck]"):
// the first must produce a TSan report (a write without the lock), the second none.
TEST_CASE("tsan self-check: a write outside the absl::Mutex is a reported race",
          "[.tsan-selfcheck]") {
  absl::Mutex mu;
  int value = 0;
  std::thread t([&] {
    absl::MutexLock lock(&mu);
    ++value;
  });
  ++value;  // no lock
  t.join();
  CHECK(value == 2);
}

TEST_CASE("tsan self-check: writes under a shared absl::Mutex are not a race",
          "[.tsan-selfcheck]") {
  absl::Mutex mu;
  int value = 0;
  std::thread t([&] {
    absl::MutexLock lock(&mu);
    ++value;
  });
  {
    absl::MutexLock lock(&mu);
    ++value;
  }
  t.join();
  absl::ReaderMutexLock lock(&mu);
  CHECK(value == 2);
}

}  // namespace
}  // namespace crossdoc
