// End-to-end tests of the example programs as a user runs them: exit codes, errors, output.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "crossdoc/io.h"
#include "test_support.h"

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `program args` with the shell, capturing stdout and stderr separately.
RunResult Run(const std::string& program, const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto err_path = dir / ("crossdoc_programs_test_" + std::to_string(::getpid()) + ".err");
  // Built with append rather than a chain of operator+: GCC 12 reports a false -Warray-bounds
  // in the inlined chain for some lengths of CROSSDOC_EXAMPLES_DIR (that is, of the build path).
  std::string command = CROSSDOC_EXAMPLES_DIR;
  command.append("/").append(program).append(" ").append(args).append(" 2>");
  command.append(err_path.string());
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = crossdoc::testing::ReadFile(err_path);
  std::filesystem::remove(err_path);
  return result;
}

// A corpus of our own: three rewrites of one English story, one Hindi story with a Devanagari
// digit rewrite of it, an unrelated story, and (optionally) a bad line in the middle.
std::filesystem::path WriteCorpus(bool with_bad_line) {
  const std::string story =
      "The river board said the new embankment near Sitapur would be finished before the monsoon. "
      "Engineers have worked in two shifts since January and the cost has risen to 48 crore "
      "rupees. Villagers who lost fields in last year's flood asked for compensation to be paid "
      "before sowing begins. The board promised a public meeting in the district office next week.";
  std::string rewrite = story;
  rewrite.replace(rewrite.find("two shifts"), 10, "three shifts");
  std::string rewrite2 = story + " Officials did not give a date.";
  const std::string hindi =
      "नदी बोर्ड ने कहा कि सीतापुर के पास नया तटबंध मानसून से पहले पूरा हो जाएगा। इंजीनियर जनवरी से दो "
      "पालियों में काम कर रहे हैं और लागत 48 करोड़ रुपये हो गई है। पिछले साल की बाढ़ में खेत गंवाने वाले "
      "ग्रामीणों ने बुवाई से पहले मुआवजे की मांग की।";
  std::string hindi_digits = hindi;
  hindi_digits.replace(hindi_digits.find("48"), 2, "४८");
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("crossdoc_programs_") + (with_bad_line ? "bad" : "good") + ".jsonl");
  std::ofstream out(path, std::ios::binary);
  auto line = [&](const std::string& id, const std::string& text, const std::string& published) {
    std::string json = "{\"id\": ";
    crossdoc::AppendJsonString(id, &json);
    json += ", \"text\": ";
    crossdoc::AppendJsonString(text, &json);
    if (!published.empty()) json += ", \"published\": \"" + published + "\"";
    out << json << "}\n";
  };
  line("wire-1", story, "2024-06-02T09:00:00+05:30");
  line("paper-2", rewrite, "2024-06-01T18:00:00+05:30");
  if (with_bad_line) out << "{\"id\": \"broken\", \"text\": 42}\n";
  line("site-3", rewrite2, "");
  line("hi-1", hindi, "");
  line("hi-2", hindi_digits, "");
  line("other", "Parliament will debate the budget on Thursday, the speaker announced.", "");
  return path;
}

}  // namespace

TEST_CASE("crossdoc-dedup finds the rewrites and reports bad lines", "[programs][dedup]") {
  SECTION("clusters as JSON, representative = earliest published") {
    const auto corpus = WriteCorpus(false);
    const RunResult r = Run("crossdoc-dedup", "--json --threshold 0.6 " + corpus.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto json = crossdoc::ParseJson(r.out);
    REQUIRE(json.ok());
    const crossdoc::JsonValue* clusters = json->Find("clusters");
    REQUIRE(clusters != nullptr);
    REQUIRE(clusters->size() == 2);
    bool english = false, hindi = false;
    for (const auto& cluster : clusters->array()) {
      std::vector<std::string> ids;
      for (const auto& id : cluster.array()) ids.push_back(id.string());
      if (ids.size() == 3) {
        english = true;
        CHECK(ids[0] == "paper-2");  // published first
      }
      if (ids.size() == 2) {
        hindi = ids[0] == "hi-1" && ids[1] == "hi-2";  // no dates: first seen
      }
    }
    CHECK(english);
    CHECK(hindi);  // "48" and "४८" are one token key
  }
  SECTION("a bad line stops the run with its line number, or is skipped and reported") {
    const auto corpus = WriteCorpus(true);
    const RunResult stop = Run("crossdoc-dedup", corpus.string());
    CHECK(stop.exit_code == 1);
    CHECK(stop.err.find(":3:") != std::string::npos);
    CHECK(stop.out.empty());

    const RunResult skip = Run("crossdoc-dedup", "--json --on-error skip --threshold 0.6 " +
                                                     corpus.string());
    CHECK(skip.exit_code == 0);
    CHECK(skip.err.find(":3:") != std::string::npos);
    auto json = crossdoc::ParseJson(skip.out);
    REQUIRE(json.ok());
    REQUIRE(json->Find("clusters") != nullptr);
    CHECK(json->Find("clusters")->size() == 2);  // nothing valid was lost
  }
  SECTION("usage errors and help") {
    CHECK(Run("crossdoc-dedup", "--threshold 7 x.jsonl").exit_code == 2);
    const RunResult missing = Run("crossdoc-dedup", "/nonexistent/corpus.jsonl");
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("/nonexistent/corpus.jsonl") != std::string::npos);
    const RunResult help = Run("crossdoc-dedup", "--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--threshold") != std::string::npos);
  }
}

TEST_CASE("crossdoc-analyze prints sentences with spans into the file", "[programs][analyze]") {
  const auto fixture = crossdoc::testing::FixturePath("text/hindi_fixture.txt");
  const RunResult r = Run("crossdoc-analyze", fixture.string());
  REQUIRE(r.exit_code == 0);
  const std::string text = crossdoc::testing::ReadFile(fixture);
  // Every "[i] begin-end" line's span must cut the sentence it prints out of the file.
  size_t checked = 0;
  for (size_t pos = r.out.find("  ["); pos != std::string::npos; pos = r.out.find("\n  [", pos + 1)) {
    unsigned index, begin, end;
    const size_t line_start = r.out[pos] == '\n' ? pos + 1 : pos;
    if (std::sscanf(r.out.c_str() + line_start, "  [%u] %u-%u", &index, &begin, &end) != 3) continue;
    const size_t line_end = r.out.find('\n', line_start);
    const std::string line = r.out.substr(line_start, line_end - line_start);
    REQUIRE(end <= text.size());
    CHECK(line.size() >= end - begin);
    CHECK(line.substr(line.size() - (end - begin)) == text.substr(begin, end - begin));
    ++checked;
  }
  CHECK(checked == 7);
  CHECK(Run("crossdoc-analyze", "--help").exit_code == 0);
  CHECK(Run("crossdoc-analyze", "").exit_code == 2);
}
