// Loads benchmark corpora: the real articles under shared/data when present, else our fixtures.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "crossdoc/io.h"
#include "test_support.h"

namespace crossdoc::bench {

// Texts of `name` ("hindi-covid-news" or "bbc-news-en") from $CROSSDOC_SHARED/data, or, when that
// folder is absent, the bundled fixture `fallback` (under tests/data) repeated to about 1 MB.
inline std::vector<std::string> LoadCorpus(const std::string& name, const std::string& fallback) {
  std::vector<std::string> texts;
  const auto path = testing::SharedDir() / "data" / name / "articles.jsonl";
  if (std::filesystem::exists(path)) {
    JsonlOptions options;
    options.on_bad_line = OnBadLine::kSkip;
    if (auto result = ReadJsonlFile(path.string(), options); result.ok()) {
      for (auto& doc : result->documents) texts.push_back(std::move(doc.text));
    }
  }
  if (texts.empty()) {
    const std::string text = testing::ReadFile(testing::FixturePath(fallback));
    for (size_t bytes = 0; bytes < (1u << 20); bytes += text.size()) texts.push_back(text);
  }
  return texts;
}

inline size_t TotalBytes(const std::vector<std::string>& texts) {
  size_t n = 0;
  for (const auto& t : texts) n += t.size();
  return n;
}

}  // namespace crossdoc::bench
