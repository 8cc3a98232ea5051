// crossdoc-watch: a newsroom feed. For each new article it reports which indexed articles it
// duplicates or rewrites and which facts differ from them, then adds it to an index kept on disk.
//
//   crossdoc-watch INDEX_FILE [--threshold J] [--duplicate J] [--top N] [--save-every N] [--json]
//                  [--on-error skip|stop] [FILE...]
//
// Durability: every article is first appended to INDEX_FILE.docs.jsonl (the texts, which the
// index does not keep) and fsync'ed, then added to the index, which is saved atomically
// (LshIndex::Save). "saved" is printed only after both returned OK (with --save-every N, once
// per batch of N). On start the index and the
// side file are loaded; a torn last line of the side file (a kill during the append) is cut off,
// and articles stored in the side file but missing from the index (a kill before the save) are
// added again, so a restart continues where the last run stopped.
//
// Exit status: 0 when the feed ended; 1 on a failure (unreadable or damaged files, a bad line in
// --on-error stop mode); 2 for a usage error. Errors go to stderr; stdout carries the reports.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/index.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/text.h"

namespace {

constexpr char kUsage[] =
    "usage: crossdoc-watch INDEX_FILE [--threshold J] [--duplicate J] [--top N] [--save-every N]\n"
    "                      [--json] [--on-error skip|stop] [FILE...]\n"
    "\n"
    "A newsroom feed. Reads new articles (JSONL on standard input, one object a line:\n"
    "{\"id\": ..., \"text\": ..., \"source\": ..., \"published\": ISO 8601, \"lang\": ...}; or the\n"
    "FILEs named: .txt articles, whose id is the file name, and .jsonl corpora) and, for each:\n"
    "  - lists the indexed articles it duplicates or rewrites, with their similarity (estimated\n"
    "    Jaccard similarity of word pairs, see --shingle);\n"
    "  - lists the facts that differ from each of them (numbers, dates, places, organisations,\n"
    "    negation at aligned sentences);\n"
    "  - adds it to the index and saves the index to disk.\n"
    "\n"
    "INDEX_FILE is created when missing. The article texts are kept beside it in\n"
    "INDEX_FILE.docs.jsonl. An article whose id is already indexed is skipped, so feeding the same\n"
    "input again after a crash or a restart only processes what is new.\n"
    "\n"
    "options:\n"
    "  --threshold J     similarity at or above which an indexed article is reported, in (0, 1]\n"
    "                    (default 0.2: another outlet's rewrite of a story shares 20-40% of its\n"
    "                    word pairs, unrelated stories far fewer)\n"
    "  --shingle N       words per shingle, 1 to 64 (default 2)\n"
    "                    --threshold and --shingle apply when the index is created; an existing\n"
    "                    index keeps its own\n"
    "  --duplicate J     similarity at or above which a match is a duplicate rather than a\n"
    "                    rewrite (default 0.7)\n"
    "  --top N           compare facts with the N most similar matches (default 3)\n"
    "  --save-every N    save after every N articles (default 1): texts and index reach the\n"
    "                    disk together (one fsync of each per batch); the end of the input\n"
    "                    always saves\n"
    "  --json            one JSON object a line per article (and per save with --save-every > 1)\n"
    "  --on-error MODE   a bad JSONL line: 'skip' reports it on stderr and goes on (default),\n"
    "                    'stop' ends the run with an error\n"
    "  -h, --help        print this help\n"
    "\n"
    "Exit status: 0 when the input ended, 1 on a failure, 2 on a usage error.\n";

struct Args {
  std::string index_path;
  double threshold = 0.2;
  bool threshold_given = false;
  double duplicate = 0.7;
  int shingle = 2;
  int top = 3;
  int save_every = 1;
  bool json = false;
  crossdoc::OnBadLine on_error = crossdoc::OnBadLine::kSkip;
  std::vector<std::string> files;
};

[[noreturn]] void UsageError(const std::string& message) {
  std::cerr << "crossdoc-watch: " << message << "\nTry 'crossdoc-watch --help'.\n";
  std::exit(2);
}

bool ParseNumber(const std::string& text, double* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && errno == 0 && end == text.c_str() + text.size();
}

Args ParseArgs(int argc, char** argv) {
  Args args;
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const std::string& name) -> std::optional<std::string> {
      if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
      if (arg == name) {
        if (i + 1 >= argc) UsageError(name + " needs a value");
        return std::string(argv[++i]);
      }
      return std::nullopt;
    };
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      if (args.index_path.empty()) {
        args.index_path = arg;
      } else {
        args.files.push_back(arg);
      }
      continue;
    }
    double number = 0;
    if (arg == "--") {
      only_files = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--json") {
      args.json = true;
    } else if (auto v = value("--threshold")) {
      if (!ParseNumber(*v, &number) || !(number > 0 && number <= 1)) {
        UsageError("--threshold needs a number in (0, 1]");
      }
      args.threshold = number;
      args.threshold_given = true;
    } else if (auto v2 = value("--duplicate")) {
      if (!ParseNumber(*v2, &number) || !(number > 0 && number <= 1)) {
        UsageError("--duplicate needs a number in (0, 1]");
      }
      args.duplicate = number;
    } else if (auto v6 = value("--shingle")) {
      if (!ParseNumber(*v6, &number) || number < 1 || number > 64 || number != int(number)) {
        UsageError("--shingle needs a whole number from 1 to 64");
      }
      args.shingle = static_cast<int>(number);
    } else if (auto v3 = value("--top")) {
      if (!ParseNumber(*v3, &number) || number < 0 || number > 100 || number != int(number)) {
        UsageError("--top needs a whole number from 0 to 100");
      }
      args.top = static_cast<int>(number);
    } else if (auto v4 = value("--save-every")) {
      if (!ParseNumber(*v4, &number) || number < 1 || number > 1e6 || number != int(number)) {
        UsageError("--save-every needs a whole number >= 1");
      }
      args.save_every = static_cast<int>(number);
    } else if (auto v5 = value("--on-error")) {
      if (*v5 != "skip" && *v5 != "stop") UsageError("--on-error needs 'skip' or 'stop'");
      args.on_error = *v5 == "skip" ? crossdoc::OnBadLine::kSkip : crossdoc::OnBadLine::kStop;
    } else {
      UsageError("unknown option '" + arg + "'");
    }
  }
  if (args.index_path.empty()) UsageError("no INDEX_FILE given");
  return args;
}

absl::Status ErrnoError(const std::string& what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(path, ": ", what, ": ", std::strerror(errno)));
}

// Writes all of `data` at the end of `fd`, retrying short writes.
absl::Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// The article texts, one JSONL line each (the document input contract), appended and fsync'ed
// before the index that refers to them is saved. Lookups read one line back by its offset.
class DocumentStore {
 public:
  explicit DocumentStore(std::string path) : path_(std::move(path)) {}
  ~DocumentStore() {
    if (fd_ >= 0) ::close(fd_);
  }

  // Opens (creating) the file, cuts off a torn last line, and indexes every line by id.
  // `documents` receives the ids in file order.
  absl::Status Open(std::vector<std::string>* ids) {
    const bool existed = ::access(path_.c_str(), F_OK) == 0;
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) return ErrnoError("cannot open", path_);
    if (!existed) {
      if (auto s = SyncDirectory(); !s.ok()) return s;
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in) return ErrnoError("cannot read", path_);
    std::string line;
    uint64_t offset = 0;
    uint64_t line_number = 0;
    while (true) {
      line.clear();
      if (!std::getline(in, line)) break;
      ++line_number;
      const bool complete = !in.eof();  // getline stopped at a '\n'
      if (!complete) {
        // A kill during an append: this article was never reported as saved.
        std::cerr << "crossdoc-watch: " << path_ << ":" << line_number
                  << ": discarding a partly written last line (" << line.size() << " bytes)\n";
        if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0) {
          return ErrnoError("cannot truncate", path_);
        }
        if (::fsync(fd_) != 0) return ErrnoError("fsync", path_);
        break;
      }
      std::istringstream one(line);
      auto parsed = crossdoc::ReadJsonl(one, absl::StrCat(path_, " line ", line_number));
      if (!parsed.ok()) return parsed.status();
      if (!parsed->errors.empty() || parsed->documents.size() != 1) {
        return absl::DataLossError(absl::StrCat(path_, ":", line_number, ": damaged record: ",
                                                parsed->FirstError().message()));
      }
      const std::string& id = parsed->documents[0].id;
      if (entries_.emplace(id, Entry{offset, line.size()}).second) ids->push_back(id);
      offset += line.size() + 1;
    }
    end_ = offset;
    return absl::OkStatus();
  }

  bool Contains(const std::string& id) const { return entries_.count(id) != 0; }

  // Appends one article; with `sync`, waits until it is on disk (else Sync() does).
  absl::Status Append(const crossdoc::Document& doc, bool sync) {
    crossdoc::JsonWriter w;
    w.BeginObject().Key("id").String(doc.id).Key("text").String(doc.text);
    if (!doc.source.empty()) w.Key("source").String(doc.source);
    if (doc.published) w.Key("published").String(doc.published->ToIso8601());
    if (!doc.lang.empty()) w.Key("lang").String(doc.lang);
    w.EndObject();
    std::string line = w.Release();
    line.push_back('\n');
    if (auto s = WriteAll(fd_, line, path_); !s.ok()) return s;
    if (sync) {
      if (auto s = Sync(); !s.ok()) return s;
    }
    entries_[doc.id] = Entry{end_, line.size() - 1};
    end_ += line.size();
    return absl::OkStatus();
  }

  absl::Status Sync() {
    if (::fsync(fd_) != 0) return ErrnoError("fsync", path_);
    return absl::OkStatus();
  }

  absl::StatusOr<crossdoc::Document> Get(const std::string& id) const {
    const auto it = entries_.find(id);
    if (it == entries_.end()) {
      return absl::NotFoundError(absl::StrCat(path_, ": no stored text for '", id, "'"));
    }
    std::string line(it->second.length, '\0');
    size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::pread(fd_, line.data() + done, line.size() - done,
                                static_cast<off_t>(it->second.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return ErrnoError("cannot read back", path_);
      done += static_cast<size_t>(n);
    }
    std::istringstream one(line);
    auto parsed = crossdoc::ReadJsonl(one, path_);
    if (!parsed.ok()) return parsed.status();
    if (parsed->documents.size() != 1) return parsed->FirstError();
    return std::move(parsed->documents[0]);
  }

 private:
  struct Entry {
    uint64_t offset = 0;
    uint64_t length = 0;  // without the '\n'
  };

  absl::Status SyncDirectory() {
    std::string dir = path_;
    const size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : dir.substr(0, slash));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return ErrnoError("cannot open directory", dir);
    const int rc = ::fsync(dfd);
    ::close(dfd);
    if (rc != 0) return ErrnoError("fsync directory", dir);
    return absl::OkStatus();
  }

  std::string path_;
  int fd_ = -1;
  uint64_t end_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

struct Analyzed {
  crossdoc::AnalyzedText text;
  crossdoc::DocumentFacts facts;
};

absl::StatusOr<Analyzed> AnalyzeDocument(const crossdoc::Analyzer& analyzer,
                                         const crossdoc::Document& doc) {
  auto text = analyzer.Analyze(doc.text);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("article '", doc.id, "': ", text.status().message()));
  }
  Analyzed out{*std::move(text), {}};
  crossdoc::FactOptions options;
  options.published = doc.published;
  out.facts = crossdoc::ExtractFacts(out.text, options);
  return out;
}

std::string Name(const crossdoc::Document& doc) {
  return doc.source.empty() ? doc.id : absl::StrCat(doc.id, " (", doc.source, ")");
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

class Watcher {
 public:
  Watcher(Args args, crossdoc::LshIndex index, std::unique_ptr<DocumentStore> store)
      : args_(std::move(args)), index_(std::move(index)), store_(std::move(store)) {}

  // Adds articles the side file holds but the index lacks (a kill between append and save).
  absl::Status Recover(const std::vector<std::string>& stored_ids) {
    size_t recovered = 0;
    for (const std::string& id : stored_ids) {
      if (index_.Contains(id)) continue;
      auto doc = store_->Get(id);
      if (!doc.ok()) return doc.status();
      auto text = analyzer_.Analyze(doc->text);
      if (!text.ok()) return text.status();
      if (auto s = index_.Add(index_.Sketch(id, *text, doc->published)); !s.ok()) return s;
      ++recovered;
    }
    if (recovered > 0) {
      if (auto s = index_.Save(args_.index_path); !s.ok()) return s;
      std::cerr << "crossdoc-watch: recovered " << recovered
                << " stored article(s) that were not yet in the index\n";
    }
    return absl::OkStatus();
  }

  // Reports on one article, stores it, indexes it and (every --save-every articles) saves.
  absl::Status Process(const crossdoc::Document& doc) {
    if (index_.Contains(doc.id) || store_->Contains(doc.id)) {
      if (args_.json) {
        crossdoc::JsonWriter w;
        w.BeginObject().Key("id").String(doc.id).Key("skipped").String("already indexed");
        w.EndObject();
        std::printf("%s\n", w.str().c_str());
      } else {
        std::printf("%s: already indexed, skipped\n", Name(doc).c_str());
      }
      std::fflush(stdout);
      return absl::OkStatus();
    }
    auto analyzed = AnalyzeDocument(analyzer_, doc);
    if (!analyzed.ok()) return analyzed.status();
    crossdoc::DocumentSketch sketch = index_.Sketch(doc.id, analyzed->text, doc.published);
    auto matches = index_.Query(sketch.signature, sketch.shingles);
    if (!matches.ok()) return matches.status();

    crossdoc::JsonWriter w;
    std::string text;
    if (args_.json) {
      w.BeginObject().Key("id").String(doc.id);
      if (!doc.source.empty()) w.Key("source").String(doc.source);
      w.Key("matches").BeginArray();
    } else {
      text = absl::StrCat(Name(doc), ": ");
      if (matches->empty()) {
        absl::StrAppend(&text, "new story (nothing similar among ", index_.size(),
                        " indexed articles)\n");
      } else {
        absl::StrAppend(&text, "similar to ", matches->size(), " indexed article",
                        matches->size() == 1 ? "" : "s", "\n");
      }
    }
    for (size_t m = 0; m < matches->size(); ++m) {
      const crossdoc::Match& match = (*matches)[m];
      const char* relation = match.similarity >= args_.duplicate ? "duplicate" : "rewrite";
      std::optional<crossdoc::Document> other;
      std::vector<crossdoc::Finding> conflicts;
      size_t agreements = 0;
      bool compared = false;
      if (static_cast<int>(m) < args_.top) {
        auto stored = store_->Get(match.id);
        if (stored.ok()) {
          other = *std::move(stored);
          auto other_analyzed = AnalyzeDocument(analyzer_, *other);
          if (!other_analyzed.ok()) return other_analyzed.status();
          crossdoc::ReconcileOptions options;
          options.within_documents = false;
          const crossdoc::ReconcileDocument pair[2] = {
              {doc.id, &analyzed->text, &analyzed->facts, doc.source},
              {other->id, &other_analyzed->text, &other_analyzed->facts, other->source}};
          auto report = crossdoc::Reconcile(pair, options);
          if (!report.ok()) return report.status();
          for (crossdoc::Finding& f : report->findings) {
            if (f.verdict == crossdoc::Verdict::kConflict) {
              conflicts.push_back(std::move(f));
            } else {
              ++agreements;
            }
          }
          compared = true;
        } else {
          std::cerr << "crossdoc-watch: " << stored.status().message() << "\n";
        }
      }
      if (args_.json) {
        w.BeginObject().Key("id").String(match.id);
        if (other && !other->source.empty()) w.Key("source").String(other->source);
        w.Key("similarity").Double(match.similarity, 3).Key("relation").String(relation);
        if (compared) {
          w.Key("agreements").Uint(agreements);
          w.Key("conflicts").BeginArray();
          for (const crossdoc::Finding& f : conflicts) {
            const crossdoc::FindingSide& here = f.a.doc == 0 ? f.a : f.b;
            const crossdoc::FindingSide& there = f.a.doc == 0 ? f.b : f.a;
            w.BeginObject().Key("kind").String(crossdoc::FactKindName(f.kind));
            w.Key("here").BeginObject().Key("span").BeginArray().Uint(here.span.begin);
            w.Uint(here.span.end).EndArray().Key("text").String(here.text);
            w.Key("value").String(here.value).EndObject();
            w.Key("there").BeginObject().Key("span").BeginArray().Uint(there.span.begin);
            w.Uint(there.span.end).EndArray().Key("text").String(there.text);
            w.Key("value").String(there.value).EndObject();
            w.Key("confidence").Double(f.confidence, 2);
            w.Key("explanation").String(f.explanation).EndObject();
          }
          w.EndArray();
        }
        w.EndObject();
      } else {
        char similarity[16];
        std::snprintf(similarity, sizeof similarity, "%.2f", match.similarity);
        absl::StrAppend(&text, "  ", relation, " of ", other ? Name(*other) : match.id,
                        ", similarity ", similarity);
        if (!compared) {
          absl::StrAppend(&text, "\n");
          continue;
        }
        if (conflicts.empty()) {
          absl::StrAppend(&text, ": no facts differ",
                          agreements ? absl::StrCat(", ", agreements, " agree in other words") : "",
                          "\n");
          continue;
        }
        absl::StrAppend(&text, ": ", conflicts.size(),
                        conflicts.size() == 1 ? " fact differs" : " facts differ",
                        agreements ? absl::StrCat(", ", agreements, " agree in other words") : "",
                        "\n");
        for (const crossdoc::Finding& f : conflicts) {
          const crossdoc::FindingSide& here = f.a.doc == 0 ? f.a : f.b;
          const crossdoc::FindingSide& there = f.a.doc == 0 ? f.b : f.a;
          absl::StrAppend(&text, "    ", std::string(crossdoc::FactKindName(f.kind)),
                          ": here \u201c",
                          OneLine(here.text), "\u201d (", here.value, ", bytes ", here.span.begin,
                          "-", here.span.end, "), there \u201c", OneLine(there.text), "\u201d (",
                          there.value, ")\n");
        }
      }
    }
    if (args_.json) w.EndArray();

    // Store the text durably first, then index it and save the index atomically.
    const bool save_now = args_.save_every == 1;
    if (auto s = store_->Append(doc, /*sync=*/save_now); !s.ok()) return s;
    if (auto s = index_.Add(std::move(sketch)); !s.ok()) return s;
    ++unsaved_;
    unsaved_ids_.push_back(doc.id);
    if (save_now) {
      if (auto s = index_.Save(args_.index_path); !s.ok()) return s;
      unsaved_ = 0;
      unsaved_ids_.clear();
    }
    if (args_.json) {
      w.Key("saved").Bool(save_now).Key("index_size").Uint(index_.size()).EndObject();
      std::printf("%s\n", w.str().c_str());
    } else {
      if (save_now) {
        absl::StrAppend(&text, "  saved (index: ", index_.size(), " articles)\n");
      } else {
        absl::StrAppend(&text, "  added; saved with the next batch of ", args_.save_every, "\n");
      }
      std::fputs(text.c_str(), stdout);
    }
    std::fflush(stdout);
    return unsaved_ >= args_.save_every ? Flush() : absl::OkStatus();
  }

  // Saves what is not saved yet (at the end of the input, and with --save-every > 1).
  absl::Status Flush() {
    if (unsaved_ == 0) return absl::OkStatus();
    if (auto s = store_->Sync(); !s.ok()) return s;
    if (auto s = index_.Save(args_.index_path); !s.ok()) return s;
    if (args_.json) {
      crossdoc::JsonWriter w;
      w.BeginObject().Key("saved").BeginArray();
      for (const std::string& id : unsaved_ids_) w.String(id);
      w.EndArray().Key("index_size").Uint(index_.size()).EndObject();
      std::printf("%s\n", w.str().c_str());
    } else {
      std::printf("saved %d article%s (index: %zu articles)\n", unsaved_, unsaved_ == 1 ? "" : "s",
                  index_.size());
    }
    std::fflush(stdout);
    unsaved_ = 0;
    unsaved_ids_.clear();
    return absl::OkStatus();
  }

 private:
  Args args_;
  crossdoc::LshIndex index_;
  std::unique_ptr<DocumentStore> store_;
  crossdoc::Analyzer analyzer_;
  int unsaved_ = 0;
  std::vector<std::string> unsaved_ids_;
};

int Fail(absl::string_view message) {
  std::cerr << "crossdoc-watch: " << message << "\n";
  return 1;
}

// Feeds every document of a JSONL stream to the watcher, one line at a time.
int FeedJsonl(crossdoc::JsonlReader& reader, Watcher& watcher, const Args& args) {
  size_t reported_errors = 0;
  while (true) {
    auto next = reader.Next();
    for (; reported_errors < reader.errors().size(); ++reported_errors) {
      std::cerr << "crossdoc-watch: " << reader.errors()[reported_errors].ToString()
                << (args.on_error == crossdoc::OnBadLine::kSkip ? " (skipped)" : "") << "\n";
    }
    if (!next.ok()) {
      if (args.on_error == crossdoc::OnBadLine::kStop && reported_errors > 0) return 1;
      return Fail(next.status().message());
    }
    if (!next->has_value()) return 0;
    if (auto s = watcher.Process(**next); !s.ok()) return Fail(s.message());
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);

  // The index: loaded when the file exists, else created.
  std::optional<crossdoc::LshIndex> index;
  if (::access(args.index_path.c_str(), F_OK) == 0) {
    auto loaded = crossdoc::LshIndex::Load(args.index_path);
    if (!loaded.ok()) return Fail(loaded.status().message());
    index.emplace(*std::move(loaded));
    if (args.threshold_given && index->options().threshold != args.threshold) {
      std::cerr << "crossdoc-watch: " << args.index_path << " was created with threshold "
                << index->options().threshold << "; --threshold " << args.threshold
                << " is ignored\n";
    }
  } else {
    crossdoc::IndexOptions options;
    options.threshold = args.threshold;
    options.minhash.shingle_size = static_cast<uint32_t>(args.shingle);
    auto created = crossdoc::LshIndex::Create(options);
    if (!created.ok()) return Fail(created.status().message());
    index.emplace(*std::move(created));
  }
  auto store = std::make_unique<DocumentStore>(args.index_path + ".docs.jsonl");
  std::vector<std::string> stored_ids;
  if (auto s = store->Open(&stored_ids); !s.ok()) return Fail(s.message());
  const size_t indexed = index->size();

  Watcher watcher(args, *std::move(index), std::move(store));
  if (auto s = watcher.Recover(stored_ids); !s.ok()) return Fail(s.message());
  std::cerr << "crossdoc-watch: " << args.index_path << ": " << indexed
            << " articles indexed, " << stored_ids.size() << " texts stored\n";

  crossdoc::JsonlOptions jsonl;
  jsonl.on_bad_line = args.on_error;
  int status = 0;
  if (args.files.empty()) {
    crossdoc::JsonlReader reader(std::cin, "<stdin>", jsonl);
    status = FeedJsonl(reader, watcher, args);
  }
  for (const std::string& path : args.files) {
    if (status != 0) break;
    const bool is_jsonl = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
    if (is_jsonl || path == "-") {
      auto reader = crossdoc::JsonlReader::Open(path, jsonl);
      if (!reader.ok()) {
        status = Fail(reader.status().message());
        break;
      }
      status = FeedJsonl(*reader, watcher, args);
    } else {
      auto doc = crossdoc::ReadTextFile(path);
      if (!doc.ok()) {
        status = Fail(doc.status().message());
        break;
      }
      if (auto s = watcher.Process(*doc); !s.ok()) status = Fail(s.message());
    }
  }
  // Whatever happened, what was stored is saved in the index too.
  if (auto s = watcher.Flush(); !s.ok()) return Fail(s.message());
  return status;
}
