// crossdoc-analyze: prints what the text and fingerprint stages see in each article: sentences
// with their byte spans, tokens with kind, normalized form and key, and the fingerprints.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "crossdoc/fingerprint.h"
#include "crossdoc/io.h"
#include "crossdoc/text.h"

namespace {

constexpr const char* kUsage =
    "usage: crossdoc-analyze [--tokens] [--lenient] FILE...\n"
    "\n"
    "Prints, for each article (a .txt file, or every document of a .jsonl corpus), its sentences\n"
    "with byte spans into the original file, and its document fingerprints (exact 128-bit,\n"
    "MinHash k=128 over word 5-grams, 64-bit SimHash).\n"
    "\n"
    "  --tokens    also list every token: byte span, kind, original text, normalized form, key\n"
    "  --lenient   replace invalid UTF-8 (and report where) instead of failing\n"
    "  --help      this text\n";

const char* KindName(crossdoc::TokenKind kind) {
  switch (kind) {
    case crossdoc::TokenKind::kWord: return "word";
    case crossdoc::TokenKind::kNumber: return "number";
    case crossdoc::TokenKind::kPunctuation: return "punct";
    case crossdoc::TokenKind::kOther: return "other";
  }
  return "?";
}

void Print(const crossdoc::Document& doc, const crossdoc::AnalyzedText& a, bool tokens) {
  const auto fp = crossdoc::FingerprintDocument(a);
  std::printf("== %s  (%zu bytes, %zu sentences, %zu tokens, %u words)\n", doc.id.c_str(),
              a.text().size(), a.sentences().size(), a.tokens().size(), fp.word_count);
  std::printf("   exact %s  simhash %016llx  minhash[0..3] %08x %08x %08x %08x\n",
              fp.exact.ToHex().c_str(), static_cast<unsigned long long>(fp.simhash),
              fp.minhash.values.size() > 0 ? fp.minhash.values[0] : 0u,
              fp.minhash.values.size() > 1 ? fp.minhash.values[1] : 0u,
              fp.minhash.values.size() > 2 ? fp.minhash.values[2] : 0u,
              fp.minhash.values.size() > 3 ? fp.minhash.values[3] : 0u);
  for (const auto& r : a.repairs()) {
    std::printf("   repaired invalid UTF-8 at byte %u (%u bytes)\n", r.offset, r.length);
  }
  for (size_t i = 0; i < a.sentences().size(); ++i) {
    const auto& s = a.sentences()[i];
    const std::string_view text = a.Original(s);
    std::printf("  [%zu] %u-%u%s %.*s\n", i, s.span.begin, s.span.end, s.headline ? " (headline)" : "",
                static_cast<int>(text.size()), text.data());
    if (!tokens) continue;
    for (const auto& t : a.TokensOf(s)) {
      const auto orig = a.Original(t);
      const auto norm = a.Normalized(t);
      const auto key = a.Key(t);
      std::printf("      %u-%u %-6s %.*s  norm=%.*s%s%.*s%s\n", t.span.begin, t.span.end,
                  KindName(t.kind), static_cast<int>(orig.size()), orig.data(),
                  static_cast<int>(norm.size()), norm.data(), key != norm ? " key=" : "",
                  key != norm ? static_cast<int>(key.size()) : 0, key.data(),
                  t.Has(crossdoc::kJoinedToNext) ? " (joined)" : "");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool tokens = false;
  crossdoc::AnalyzerOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (std::strcmp(argv[i], "--tokens") == 0) {
      tokens = true;
    } else if (std::strcmp(argv[i], "--lenient") == 0) {
      options.lenient_utf8 = true;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      std::fprintf(stderr, "crossdoc-analyze: unknown option %s\n%s", argv[i], kUsage);
      return 2;
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const crossdoc::Analyzer analyzer(options);
  int status = 0;
  for (const auto& file : files) {
    auto docs = crossdoc::ReadDocumentFile(file);
    if (!docs.ok()) {
      std::fprintf(stderr, "crossdoc-analyze: %s\n", std::string(docs.status().message()).c_str());
      status = 1;
      continue;
    }
    for (const auto& error : docs->errors) {
      std::fprintf(stderr, "crossdoc-analyze: %s\n", error.ToString().c_str());
      status = 1;
    }
    for (const auto& doc : docs->documents) {
      auto analyzed = analyzer.Analyze(doc.text);
      if (!analyzed.ok()) {
        std::fprintf(stderr, "crossdoc-analyze: %s: %s\n", doc.id.c_str(),
                     std::string(analyzed.status().message()).c_str());
        status = 1;
        continue;
      }
      Print(doc, *analyzed, tokens);
    }
  }
  return status;
}
