// A reproducible generator of corpora with planted near-duplicates whose truth is known.
//
// From each base text it makes near copies (a few deleted, inserted and replaced words, swapped
// adjacent sentences, changed numbers) and far copies (the same edits at a much higher rate: same
// story, not a duplicate). Truth: the base and its near copies are one cluster; every pair inside
// it is a true near-duplicate pair; far copies and other bases are not. Header-only, shared by the
// tests and the benchmarks. Randomness comes from std::mt19937_64 (fully specified by the C++
// standard) with our own range reduction, so a seed gives the same corpus everywhere.
#pragma once

#include <algorithm>
#include <fstream>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crossdoc/document.h"

namespace crossdoc::testing {

struct NearDuplicateOptions {
  uint64_t seed = 20240410;
  int min_near_copies = 1;  // near copies per base, uniform in [min, max]
  int max_near_copies = 3;
  // Edit operations per word of the base: uniform in [min, max], at least one operation.
  double near_edit_rate_min = 0.002;
  double near_edit_rate_max = 0.007;
  int far_copies = 1;  // far copies per base
  double far_edit_rate_min = 0.035;
  double far_edit_rate_max = 0.12;
  // Fraction of documents given a publication time (the rest have none).
  double published_fraction = 0.85;
  int64_t first_published_unix = 1712707200;  // 2024-04-10T00:00:00Z
  bool shuffle = true;                        // shuffle the corpus order
};

enum class EditKind { kDeleteWord, kInsertWord, kReplaceWord, kSwapSentences, kChangeNumber };

struct PlantedCorpus {
  std::vector<Document> documents;
  std::vector<int> group;          // per document: index of the base it derives from
  std::vector<bool> near;          // per document: the base itself or a near copy
  std::set<std::pair<std::string, std::string>> truth_pairs;  // (smaller id, larger id)
  std::vector<std::vector<std::string>> truth_clusters;       // base + near copies, size >= 2
  std::vector<size_t> edit_counts;  // per document: edit operations applied (0 for a base)

  static std::pair<std::string, std::string> Key(std::string a, std::string b) {
    if (b < a) std::swap(a, b);
    return {std::move(a), std::move(b)};
  }
  bool IsTruePair(const std::string& a, const std::string& b) const {
    return truth_pairs.count(Key(a, b)) != 0;
  }
};

namespace generator_internal {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(engine_() % n); }
  double Unit() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
  double Between(double lo, double hi) { return lo + (hi - lo) * Unit(); }

 private:
  std::mt19937_64 engine_;
};

using Sentence = std::vector<std::string>;

inline bool EndsSentence(std::string_view w) {
  if (w.empty()) return false;
  const char c = w.back();
  if (c == '.' || c == '?' || c == '!') return true;
  return w.size() >= 3 && w.substr(w.size() - 3) == "\xE0\xA5\xA4";  // DEVANAGARI DANDA
}

// Splits on white space; a sentence ends after a word ending in . ? ! or the danda.
inline std::vector<Sentence> SplitText(std::string_view text) {
  std::vector<Sentence> sentences(1);
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' ||
                               text[i] == '\r')) {
      ++i;
    }
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' &&
           text[j] != '\r') {
      ++j;
    }
    if (j > i) {
      sentences.back().emplace_back(text.substr(i, j - i));
      if (EndsSentence(sentences.back().back())) sentences.emplace_back();
    }
    i = j;
  }
  if (sentences.back().empty()) sentences.pop_back();
  return sentences;
}

inline std::string Render(const std::vector<Sentence>& sentences) {
  std::string out;
  for (const Sentence& s : sentences) {
    for (const std::string& w : s) {
      if (!out.empty()) out.push_back(' ');
      out += w;
    }
  }
  return out;
}

inline size_t WordCount(const std::vector<Sentence>& sentences) {
  size_t n = 0;
  for (const Sentence& s : sentences) n += s.size();
  return n;
}

// Picks (sentence, word) uniformly over all words.
inline std::pair<size_t, size_t> PickWord(const std::vector<Sentence>& sentences, Rng& rng) {
  size_t k = rng.Below(WordCount(sentences));
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (k < sentences[s].size()) return {s, k};
    k -= sentences[s].size();
  }
  return {0, 0};
}

inline bool HasDigit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Length of the trailing punctuation of a word (. , ? ! and the danda).
inline size_t TrailingPunctuation(std::string_view w) {
  size_t p = w.size();
  for (;;) {
    if (p > 0 && (w[p - 1] == '.' || w[p - 1] == ',' || w[p - 1] == '?' || w[p - 1] == '!')) {
      --p;
    } else if (p >= 3 && w.substr(p - 3, 3) == "\xE0\xA5\xA4") {
      p -= 3;
    } else {
      return w.size() - p;
    }
  }
}

// `replacement` without its own trailing punctuation, followed by that of `original`.
inline std::string WithPunctuationOf(const std::string& replacement, const std::string& original) {
  std::string out = replacement.substr(0, replacement.size() - TrailingPunctuation(replacement));
  return out + original.substr(original.size() - TrailingPunctuation(original));
}

inline void ApplyEdit(EditKind kind, std::vector<Sentence>& doc,
                      const std::vector<std::string>& vocab, Rng& rng) {
  if (WordCount(doc) < 2) kind = EditKind::kInsertWord;
  switch (kind) {
    case EditKind::kDeleteWord: {
      auto [s, w] = PickWord(doc, rng);
      if (doc[s].size() < 2) return ApplyEdit(EditKind::kReplaceWord, doc, vocab, rng);
      const std::string removed = doc[s][w];
      doc[s].erase(doc[s].begin() + static_cast<std::ptrdiff_t>(w));
      if (w == doc[s].size()) doc[s].back() = WithPunctuationOf(doc[s].back(), removed);
      return;
    }
    case EditKind::kInsertWord: {
      if (doc.empty()) doc.emplace_back();
      auto [s, w] = PickWord(doc, rng);
      std::string word = WithPunctuationOf(vocab[rng.Below(vocab.size())], "");
      doc[s].insert(doc[s].begin() + static_cast<std::ptrdiff_t>(w), std::move(word));
      return;
    }
    case EditKind::kReplaceWord: {
      auto [s, w] = PickWord(doc, rng);
      doc[s][w] = WithPunctuationOf(vocab[rng.Below(vocab.size())], doc[s][w]);
      return;
    }
    case EditKind::kSwapSentences: {
      if (doc.size() < 2) return ApplyEdit(EditKind::kReplaceWord, doc, vocab, rng);
      const size_t s = rng.Below(doc.size() - 1);
      std::swap(doc[s], doc[s + 1]);
      return;
    }
    case EditKind::kChangeNumber: {
      std::vector<std::pair<size_t, size_t>> numbers;
      for (size_t s = 0; s < doc.size(); ++s) {
        for (size_t w = 0; w < doc[s].size(); ++w) {
          if (HasDigit(doc[s][w])) numbers.emplace_back(s, w);
        }
      }
      if (numbers.empty()) {
        auto [s, w] = PickWord(doc, rng);
        doc[s].insert(doc[s].begin() + static_cast<std::ptrdiff_t>(w),
                      std::to_string(2 + rng.Below(998)));
        return;
      }
      auto [s, w] = numbers[rng.Below(numbers.size())];
      std::string& word = doc[s][w];
      for (char& c : word) {
        if (c >= '0' && c <= '9') {
          c = static_cast<char>('0' + (c - '0' + 1 + rng.Below(9)) % 10);
          break;  // one digit changes: 1,200 becomes 1,300, 6 becomes 8
        }
      }
      return;
    }
  }
}

inline EditKind RandomEdit(Rng& rng) {
  // Word edits dominate; sentence swaps are rarer (each one changes several shingles).
  const size_t r = rng.Below(20);
  if (r < 5) return EditKind::kDeleteWord;
  if (r < 10) return EditKind::kInsertWord;
  if (r < 15) return EditKind::kReplaceWord;
  if (r < 17) return EditKind::kSwapSentences;
  return EditKind::kChangeNumber;
}

}  // namespace generator_internal

// Builds the corpus. Ids are "b<base>" for bases, "b<base>-n<i>" for near copies and
// "b<base>-f<i>" for far copies (they say nothing about the truth to the code under test, which
// only sees the ids as opaque strings).
inline PlantedCorpus GenerateNearDuplicates(const std::vector<std::string>& base_texts,
                                            const NearDuplicateOptions& options = {}) {
  using namespace generator_internal;
  Rng rng(options.seed);
  // Replacement words come from the bases themselves, so edits stay in the corpus's language.
  std::vector<std::string> vocab;
  for (const std::string& text : base_texts) {
    for (const Sentence& s : SplitText(text)) {
      for (const std::string& w : s) {
        if (vocab.size() < 200000) vocab.push_back(WithPunctuationOf(w, ""));
      }
    }
  }
  if (vocab.empty()) vocab.push_back("word");

  PlantedCorpus corpus;
  auto add = [&](std::string id, std::string text, int group, bool near, size_t edits) {
    Document d;
    d.id = std::move(id);
    d.text = std::move(text);
    if (rng.Unit() < options.published_fraction) {
      d.published = Timestamp{options.first_published_unix +
                                  static_cast<int64_t>(rng.Below(30 * 24 * 3600)),
                              330};
    }
    corpus.documents.push_back(std::move(d));
    corpus.group.push_back(group);
    corpus.near.push_back(near);
    corpus.edit_counts.push_back(edits);
  };
  auto edited = [&](const std::vector<Sentence>& base, double rate, size_t* edits) {
    std::vector<Sentence> copy = base;
    const size_t words = WordCount(base);
    *edits = std::max<size_t>(1, static_cast<size_t>(rate * static_cast<double>(words) + 0.5));
    for (size_t e = 0; e < *edits; ++e) ApplyEdit(RandomEdit(rng), copy, vocab, rng);
    return Render(copy);
  };

  for (size_t b = 0; b < base_texts.size(); ++b) {
    const std::vector<Sentence> base = SplitText(base_texts[b]);
    const std::string base_id = "b" + std::to_string(b);
    std::vector<std::string> cluster = {base_id};
    add(base_id, Render(base), static_cast<int>(b), true, 0);
    const int span = std::max(0, options.max_near_copies - options.min_near_copies);
    const int near_count = options.min_near_copies + static_cast<int>(rng.Below(span + 1));
    for (int i = 0; i < near_count; ++i) {
      size_t edits = 0;
      const double rate = rng.Between(options.near_edit_rate_min, options.near_edit_rate_max);
      std::string text = edited(base, rate, &edits);
      std::string id = base_id + "-n" + std::to_string(i);
      cluster.push_back(id);
      add(std::move(id), std::move(text), static_cast<int>(b), true, edits);
    }
    for (int i = 0; i < options.far_copies; ++i) {
      size_t edits = 0;
      const double rate = rng.Between(options.far_edit_rate_min, options.far_edit_rate_max);
      std::string text = edited(base, rate, &edits);
      add(base_id + "-f" + std::to_string(i), std::move(text), static_cast<int>(b), false, edits);
    }
    for (size_t i = 0; i < cluster.size(); ++i) {
      for (size_t j = i + 1; j < cluster.size(); ++j) {
        corpus.truth_pairs.insert(PlantedCorpus::Key(cluster[i], cluster[j]));
      }
    }
    if (cluster.size() >= 2) corpus.truth_clusters.push_back(std::move(cluster));
  }

  if (options.shuffle) {
    std::vector<size_t> order(corpus.documents.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);
    PlantedCorpus shuffled;
    shuffled.truth_pairs = std::move(corpus.truth_pairs);
    shuffled.truth_clusters = std::move(corpus.truth_clusters);
    for (size_t i : order) {
      shuffled.documents.push_back(std::move(corpus.documents[i]));
      shuffled.group.push_back(corpus.group[i]);
      shuffled.near.push_back(corpus.near[i]);
      shuffled.edit_counts.push_back(corpus.edit_counts[i]);
    }
    corpus = std::move(shuffled);
  }
  return corpus;
}

// Invented base texts for tests: sentences of made-up words with numbers, no two texts sharing a
// sentence. Latin-script words by default, Devanagari words (sentences ending in a danda) when
// `devanagari` is set. `words` is the approximate length of each text.
inline std::vector<std::string> SyntheticBaseTexts(size_t count, size_t words, uint64_t seed,
                                                   bool devanagari = false) {
  generator_internal::Rng rng(seed);
  static constexpr const char* kOnsets[] = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m",
                                            "n", "p", "r", "s", "t", "v", "w", "z", "br", "st",
                                            "tr", "pl", "gr", "ch", "sh", "th"};
  static constexpr const char* kVowels[] = {"a", "e", "i", "o", "u", "ai", "ou", "ea", "io"};
  static constexpr const char* kConsonants[] = {"क", "ख", "ग", "च", "ज", "ट", "ड", "त", "द",
                                                "न", "प", "ब", "म", "य", "र", "ल", "व", "स",
                                                "ह", "श"};
  static constexpr const char* kMatras[] = {"", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ं"};
  auto word = [&] {
    std::string w;
    const size_t syllables = 1 + rng.Below(3);
    for (size_t s = 0; s < syllables; ++s) {
      if (devanagari) {
        w += kConsonants[rng.Below(std::size(kConsonants))];
        w += kMatras[rng.Below(std::size(kMatras))];
      } else {
        w += kOnsets[rng.Below(std::size(kOnsets))];
        w += kVowels[rng.Below(std::size(kVowels))];
      }
    }
    if (!devanagari && rng.Below(3) == 0) w += "n";
    return w;
  };
  std::vector<std::string> texts;
  texts.reserve(count);
  for (size_t t = 0; t < count; ++t) {
    std::string text;
    size_t n = 0;
    while (n < words) {
      const size_t len = 8 + rng.Below(17);
      for (size_t i = 0; i < len; ++i, ++n) {
        if (!text.empty()) text.push_back(' ');
        std::string w = rng.Below(12) == 0 ? std::to_string(1 + rng.Below(5000)) : word();
        if (!devanagari && i == 0 && w[0] >= 'a' && w[0] <= 'z') {
          w[0] = static_cast<char>(w[0] - 'a' + 'A');
        }
        text += w;
      }
      text += devanagari ? "\xE0\xA5\xA4" : ".";  // danda or full stop
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

// Base texts from a JSONL corpus: the "text" string of each line (escapes decoded; \\uXXXX
// including surrogate pairs becomes UTF-8). Lines without one are skipped. At most `limit` texts;
// an empty result when the file cannot be read.
inline std::vector<std::string> LoadJsonlTexts(const std::string& path, size_t limit = SIZE_MAX) {
  std::vector<std::string> texts;
  std::ifstream in(path);
  std::string line;
  auto append_utf8 = [](uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  };
  auto hex4 = [](std::string_view s, size_t at, uint32_t* v) {
    if (at + 4 > s.size()) return false;
    *v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      const char c = s[i];
      const uint32_t d = c >= '0' && c <= '9'   ? static_cast<uint32_t>(c - '0')
                         : c >= 'a' && c <= 'f' ? static_cast<uint32_t>(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? static_cast<uint32_t>(c - 'A' + 10)
                                                : 16u;
      if (d == 16) return false;
      *v = *v * 16 + d;
    }
    return true;
  };
  while (texts.size() < limit && std::getline(in, line)) {
    const size_t key = line.find("\"text\"");
    if (key == std::string::npos) continue;
    size_t i = line.find('"', line.find(':', key + 6));
    if (i == std::string::npos) continue;
    std::string text;
    for (++i; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\' || i + 1 >= line.size()) {
        text.push_back(line[i]);
        continue;
      }
      const char e = line[++i];
      switch (e) {
        case 'n': text.push_back('\n'); break;
        case 't': text.push_back('\t'); break;
        case 'r': text.push_back('\r'); break;
        case 'b': text.push_back('\b'); break;
        case 'f': text.push_back('\f'); break;
        case 'u': {
          uint32_t cp = 0, low = 0;
          if (!hex4(line, i + 1, &cp)) break;
          i += 4;
          if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < line.size() && line[i + 1] == '\\' &&
              line[i + 2] == 'u' && hex4(line, i + 3, &low) && low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
          append_utf8(cp, text);
          break;
        }
        default: text.push_back(e);  // \" \\ \/
      }
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

}  // namespace crossdoc::testing
