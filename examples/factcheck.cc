// crossdoc-factcheck: compares what several articles on one story assert, and reports conflicts
// (values that differ at aligned places) and agreements (different words, same value).
//
//   crossdoc-factcheck [--json | --html] [--published DOCID=ISO8601]... [--on-error skip|stop]
//                      [--lenient-utf8] FILE...
//
// Exit status: 0 whatever was found; 1 when a file cannot be read, a bad JSONL line stops the
// run, or a document cannot be analyzed; 2 for a usage error. Errors go to stderr; stdout
// carries only the report.
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/report.h"
#include "crossdoc/text.h"

namespace {

constexpr char kUsage[] =
    "usage: crossdoc-factcheck [--json | --html] [--published DOCID=ISO8601]... "
    "[--on-error skip|stop]\n"
    "                          [--lenient-utf8] FILE...\n"
    "\n"
    "Reads articles on one story and reports where they contradict each other (conflicts) and\n"
    "where they say the same thing in different words (agreements): places, organisations,\n"
    "numbers, dates and negations, compared only where the articles' sentences align.\n"
    "\n"
    "Each FILE is a .txt article (its id is the file name) or a .jsonl corpus (one object a line:\n"
    "{\"id\": ..., \"text\": ..., \"source\": ..., \"published\": ISO 8601, \"lang\": ...}; only id and\n"
    "text are required).\n"
    "\n"
    "options:\n"
    "  --json                 print one JSON object (version 1):\n"
    "                         {\"version\": 1, \"documents\": [{id, source, published, published_from}],\n"
    "                          \"passages\": [{a, b, a_span, b_span, similarity}],\n"
    "                          \"findings\": [{kind, verdict, a: {doc, span, text, value}, b: {...},\n"
    "                                        confidence, explanation}]}\n"
    "                         spans are [begin, end) byte offsets into each document's original text\n"
    "  --html                 print a self-contained HTML page with the aligned passages side by side\n"
    "  --published DOCID=TIME publication time of a document (ISO 8601, e.g.\n"
    "                         2024-04-10T08:22:00+05:30); \"on Monday\", \"कल\", \"last year\" are read\n"
    "                         against it. Without it, a dateline in the text (\"Published 10 April\n"
    "                         2024 at 08:22 IST\", \"अपडेटेड ...\") is used and the report says so;\n"
    "                         with neither, relative dates are not compared\n"
    "  --on-error MODE        a bad JSONL line: 'stop' ends the run with an error (default), 'skip'\n"
    "                         reports it on stderr and goes on\n"
    "  --lenient-utf8         replace invalid UTF-8 (reported on stderr) instead of failing\n"
    "  -h, --help             print this help\n"
    "\n"
    "Without --json or --html a plain-text report is printed. Numeric dates such as 08/04/2024 are\n"
    "read day first (8 April) unless only month-first makes sense (04/18/2024).\n"
    "Exit status: 0 whatever was found, 1 on a failure, 2 on a usage error.\n";

enum class Format { kText, kJson, kHtml };

struct Args {
  Format format = Format::kText;
  std::vector<std::pair<std::string, std::string>> published;  // DOCID, ISO 8601
  crossdoc::OnBadLine on_bad_line = crossdoc::OnBadLine::kStop;
  bool lenient_utf8 = false;
  std::vector<std::string> files;
};

int UsageError(const std::string& message) {
  std::cerr << "crossdoc-factcheck: " << message << "\n"
            << "Try 'crossdoc-factcheck --help'.\n";
  return 2;
}

// Returns an exit status when the program should stop now (help, usage error), else nullopt.
std::optional<int> ParseArgs(int argc, char** argv, Args* args) {
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view name) -> std::optional<std::string> {
      if (arg.size() > name.size() && arg.substr(0, name.size()) == name &&
          arg[name.size()] == '=') {
        return std::string(arg.substr(name.size() + 1));
      }
      if (arg == name) {
        if (i + 1 >= argc) return std::nullopt;
        return std::string(argv[++i]);
      }
      return std::nullopt;
    };
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      args->files.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_files = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--json") {
      args->format = Format::kJson;
    } else if (arg == "--html") {
      args->format = Format::kHtml;
    } else if (arg == "--lenient-utf8") {
      args->lenient_utf8 = true;
    } else if (arg.rfind("--published", 0) == 0) {
      auto v = value("--published");
      if (!v) return UsageError("--published needs DOCID=ISO8601");
      const size_t eq = v->rfind('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == v->size()) {
        return UsageError(absl::StrCat("--published needs DOCID=ISO8601, got '", *v, "'"));
      }
      args->published.emplace_back(v->substr(0, eq), v->substr(eq + 1));
    } else if (arg.rfind("--on-error", 0) == 0) {
      auto v = value("--on-error");
      if (!v || (*v != "skip" && *v != "stop")) {
        return UsageError("--on-error needs 'skip' or 'stop'");
      }
      args->on_bad_line = *v == "skip" ? crossdoc::OnBadLine::kSkip : crossdoc::OnBadLine::kStop;
    } else {
      return UsageError("unknown option '" + std::string(arg) + "'");
    }
  }
  if (args->files.empty()) return UsageError("no FILE given");
  return std::nullopt;
}

int Fail(const std::string& message) {
  std::cerr << "crossdoc-factcheck: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (auto status = ParseArgs(argc, argv, &args)) return *status;

  // Read every file; ids must be unique across them.
  std::vector<crossdoc::Document> documents;
  std::map<std::string, size_t> by_id;
  crossdoc::JsonlOptions jsonl;
  jsonl.on_bad_line = args.on_bad_line;
  for (const std::string& path : args.files) {
    auto read = crossdoc::ReadDocumentFile(path, jsonl);
    if (!read.ok()) return Fail(std::string(read.status().message()));
    for (const crossdoc::JsonlError& e : read->errors) {
      std::cerr << "crossdoc-factcheck: " << e.ToString()
                << (args.on_bad_line == crossdoc::OnBadLine::kSkip ? " (skipped)" : "") << "\n";
    }
    if (args.on_bad_line == crossdoc::OnBadLine::kStop && !read->errors.empty()) return 1;
    for (crossdoc::Document& d : read->documents) {
      if (!by_id.emplace(d.id, documents.size()).second) {
        return Fail(absl::StrCat(path, ": document id '", d.id,
                                 "' was already read; ids must be unique"));
      }
      documents.push_back(std::move(d));
    }
  }
  for (const auto& [id, iso] : args.published) {
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      return Fail(absl::StrCat("--published names document '", id, "', which no FILE holds"));
    }
    auto t = crossdoc::ParseIso8601(iso);
    if (!t.ok()) {
      return Fail(absl::StrCat("--published ", id, "=", iso, ": ", t.status().message()));
    }
    documents[it->second].published = *t;
  }

  crossdoc::AnalyzerOptions analyzer_options;
  analyzer_options.lenient_utf8 = args.lenient_utf8;
  const crossdoc::Analyzer analyzer(analyzer_options);
  std::vector<crossdoc::AnalyzedText> texts;
  std::vector<crossdoc::DocumentFacts> facts;
  texts.reserve(documents.size());
  facts.reserve(documents.size());
  for (const crossdoc::Document& d : documents) {
    auto analyzed = analyzer.Analyze(d.text);
    if (!analyzed.ok()) {
      return Fail(absl::StrCat("document '", d.id, "': ", analyzed.status().message()));
    }
    for (const crossdoc::Utf8Repair& r : analyzed->repairs()) {
      std::cerr << "crossdoc-factcheck: document '" << d.id << "': replaced " << r.length
                << " invalid UTF-8 byte(s) at byte " << r.offset << "\n";
    }
    texts.push_back(*std::move(analyzed));
    crossdoc::FactOptions fact_options;
    fact_options.published = d.published;
    facts.push_back(crossdoc::ExtractFacts(texts.back(), fact_options));
  }

  std::vector<crossdoc::ReconcileDocument> inputs;
  std::vector<crossdoc::ReportDocument> report_docs;
  for (size_t i = 0; i < documents.size(); ++i) {
    inputs.push_back({documents[i].id, &texts[i], &facts[i], documents[i].source});
    report_docs.push_back(crossdoc::MakeReportDocument(documents[i], texts[i], facts[i]));
  }
  auto report = crossdoc::Reconcile(inputs);
  if (!report.ok()) return Fail(std::string(report.status().message()));

  crossdoc::ReportOptions options;
  options.generator = "crossdoc-factcheck";
  absl::StatusOr<std::string> out;
  switch (args.format) {
    case Format::kJson:
      out = crossdoc::RenderJson(report_docs, *report, options);
      break;
    case Format::kHtml:
      out = crossdoc::RenderHtml(report_docs, *report, options);
      break;
    case Format::kText:
      out = crossdoc::RenderText(report_docs, *report, options);
      break;
  }
  if (!out.ok()) return Fail(std::string(out.status().message()));
  std::cout << *out;
  if (args.format == Format::kJson) std::cout << "\n";
  std::cout.flush();
  if (!std::cout) return Fail("cannot write the report to standard output");
  return 0;
}
