// Links the installed library and checks one real result: the two spellings of one acronym match.
#include <cstdio>

#include "crossdoc/crossdoc.h"

int main() {
  crossdoc::Analyzer analyzer;
  auto a = analyzer.Analyze("भारत और कज़ाखस्तान ने SCO और एससीओ पर बात की।");
  if (!a.ok()) {
    std::fprintf(stderr, "%s\n", std::string(a.status().message()).c_str());
    return 1;
  }
  std::string_view latin, devanagari;
  for (const auto& t : a->tokens()) {
    if (a->Original(t) == "SCO") latin = a->Key(t);
    if (a->Original(t) == "एससीओ") devanagari = a->Key(t);
  }
  if (latin.empty() || latin != devanagari) {
    std::fprintf(stderr, "keys differ: '%.*s' vs '%.*s'\n", int(latin.size()), latin.data(),
                 int(devanagari.size()), devanagari.data());
    return 1;
  }
  std::printf("downstream ok: %zu tokens, SCO key '%.*s'\n", a->tokens().size(), int(latin.size()),
              latin.data());
  return 0;
}
