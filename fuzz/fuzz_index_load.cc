// Fuzz target: LshIndex::Load on arbitrary files.
//
// The first input byte picks how the rest becomes a file:
//   even: the bytes are the file as is (header checks: magic, checksums, version, sizes);
//   odd:  the bytes are a payload and the harness writes a valid header for it (right magic,
//         version, sizes and both checksums), so the fuzzer reaches the record parser that a
//         forged file would reach.
// Checks: Load never crashes and never allocates without bound (ASan's malloc limit, see
// fuzz/run.sh); an error names the file; a file that loads can be queried, clustered, saved and
// loaded again to an equal index.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "crossdoc/index.h"
#include "fuzz_check.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A header that Load accepts for `payload` (index.h documents the layout).
std::string Sealed(std::string_view payload) {
  std::string file("CRXDLSH\0", 8);
  PutU32(&file, crossdoc::kIndexFileVersion);
  PutU32(&file, crossdoc::kFingerprintSchemeVersion);
  PutU64(&file, payload.size());
  PutU64(&file, XXH3_64bits(payload.data(), payload.size()));
  PutU64(&file, XXH3_64bits(file.data(), 32));
  file.append(payload);
  return file;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  FUZZ_CHECK(out.good());
}

const std::string& Dir() {
  static const std::string* dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    return new std::string(std::string(tmp && *tmp ? tmp : "/tmp") + "/crossdoc_fuzz_index_" +
                           std::to_string(::getpid()));
  }();
  return *dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1u << 20)) return -1;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string bytes = (data[0] & 1) ? Sealed(rest) : std::string(rest);
  const std::string path = Dir() + ".cdx";
  WriteFile(path, bytes);

  auto loaded = crossdoc::LshIndex::Load(path);
  if (!loaded.ok()) {
    FUZZ_CHECK(std::string(loaded.status().message()).find(path) != std::string::npos);
    return 0;
  }
  crossdoc::LshIndex& index = *loaded;
  const crossdoc::DedupResult dups = index.FindDuplicates(1, true);
  size_t members = 0;
  for (const auto& c : dups.clusters) members += c.members.size();
  FUZZ_CHECK(members == index.size());

  const std::string again = Dir() + ".resaved.cdx";
  FUZZ_CHECK(index.Save(again).ok());
  auto reloaded = crossdoc::LshIndex::Load(again);
  FUZZ_CHECK(reloaded.ok());
  FUZZ_CHECK(reloaded->size() == index.size());
  // Save writes a canonical file: what loaded from a sealed payload comes back byte for byte.
  {
    std::ifstream in(again, std::ios::binary);
    const std::string resaved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    FUZZ_CHECK(resaved == bytes);
  }
  for (const auto& c : dups.clusters) {
    for (const std::string& id : c.members) {
      auto a = index.Get(id);
      auto b = reloaded->Get(id);
      FUZZ_CHECK(a.ok() && b.ok());
      FUZZ_CHECK(a->signature == b->signature && a->shingles == b->shingles);
      FUZZ_CHECK(a->published == b->published);
      auto qa = index.QueryId(id);
      auto qb = reloaded->QueryId(id);
      FUZZ_CHECK(qa.ok() && qb.ok() && qa->size() == qb->size());
    }
  }
  std::remove(again.c_str());
  return 0;
}
