// Helpers shared by the test files: locating fixtures and the optional shared/ folder.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

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

}  // namespace crossdoc::testing

// Skips the rest of a test case with a message saying why (Catch2 v2 has no SKIP).
#define CROSSDOC_SKIP_IF_NO_SEEDS(path)                                                      \
  if (!(path)) {                                                                          \
    WARN("SKIPPED: seed articles not found under " << crossdoc::testing::SharedDir()       \
                                                   << "/seeds (set CROSSDOC_SHARED)");     \
    return;                                                                               \
  }
