// Helpers shared by the test files: locating fixtures and the optional shared/ folder.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace crossdoc::testing {

// Reads a whole file; fails the calling test if it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::filesystem::path FixturePath(const std::string& name) {
  return std::filesystem::path(CROSSDOC_TEST_DATA_DIR) / name;
}

// The shared/ folder (seeds and real data) lies beside the repository; CROSSDOC_SHARED overrides.
inline std::filesystem::path SharedDir() {
  if (const char* env = std::getenv("CROSSDOC_SHARED"); env && *env) return env;
  return CROSSDOC_SHARED_DIR;
}

// Path of the seed article whose name starts with `prefix` ("000_"), if the seeds are present.
inline std::optional<std::filesystem::path> SeedPath(const std::string& prefix) {
  std::error_code ec;
  const auto dir = SharedDir() / "seeds";
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".txt") return entry.path();
  }
  return std::nullopt;
}

// Lower-cased runs of ASCII letters and digits: enough to tokenize synthetic fixtures and
// English text in tests and benchmarks that leave the analyzer out.
inline std::vector<std::string> AsciiWords(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      cur.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// A fresh directory under the system temporary folder for one test's files, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix) {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace crossdoc::testing

// Skips the rest of a test case with a message saying why (Catch2 v2 has no SKIP).
#define CROSSDOC_SKIP_IF_NO_SEEDS(path)                                                      \
  if (!(path)) {                                                                          \
    WARN("SKIPPED: seed articles not found under " << crossdoc::testing::SharedDir()       \
                                                   << "/seeds (set CROSSDOC_SHARED)");     \
    return;                                                                               \
  }
