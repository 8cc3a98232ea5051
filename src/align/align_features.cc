// Per-document features for alignment: interned keys, stop and dateline words, trigram sets.
#include "align/align_features.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace crossdoc::align_internal {
namespace {

// Function words of Hindi and English. They still count in a score, at a tenth of the weight,
// but never propose a candidate and never count as a moved word on their own.
constexpr std::string_view kStopWords[] = {
    // Hindi postpositions, auxiliaries, conjunctions, pronouns, light verbs.
    "के", "का", "की", "को", "में", "से", "पर", "ने", "है", "हैं", "था", "थी", "थे", "हो", "और",
    "एवं", "तथा", "या", "भी", "ही", "तो", "कि", "एक", "यह", "वह", "ये", "वे", "इस", "उस", "इन",
    "उन", "इसे", "उसे", "इसके", "उसके", "इसकी", "उसकी", "जो", "जिस", "जिसमें", "जिसका", "किया",
    "किए", "कर", "करने", "करते", "करता", "रहा", "रही", "रहे", "गया", "गई", "गए", "हुआ", "हुई",
    "हुए", "होगी", "होगा", "लिए", "साथ", "दौरान", "द्वारा", "बाद", "तक", "अपने", "अपनी", "नहीं",
    "न", "पढ़ें", "अब", "जब", "तब", "वाले", "वाली", "रूप",
    // English.
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that",
    "these", "those", "their", "they", "them", "he", "she", "his", "her", "which", "who", "will",
    "would", "said", "not", "also", "but", "than", "into", "there", "read", "also"};

// Words of datelines and bylines; a sentence of nothing but these, stop words and numbers is
// metadata, not a statement, and is never aligned.
constexpr std::string_view kMetaWords[] = {
    "updated", "published", "posted", "last", "ist", "utc", "gmt", "am", "pm", "hrs", "अपडेटेड",
    "पब्लिश्ड", "प्रकाशित", "अपडेट", "अपडेटेड:", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "जनवरी", "फरवरी", "मार्च",
    "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "सितम्बर", "अक्टूबर", "नवंबर", "नवम्बर",
    "दिसंबर", "दिसम्बर"};

// The lists normalized exactly as the text layer normalizes keys (nukta, case, NFKC).
const absl::flat_hash_set<std::string>& NormalizedSet(bool meta) {
  static const auto* stop = [] {
    auto* set = new absl::flat_hash_set<std::string>;
    for (std::string_view w : kStopWords) set->insert(Normalize(w));
    return set;
  }();
  static const auto* metas = [] {
    auto* set = new absl::flat_hash_set<std::string>;
    for (std::string_view w : kMetaWords) set->insert(Normalize(w));
    return set;
  }();
  return meta ? *metas : *stop;
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// FNV-1a with a final avalanche; trigram hashes live only for one call, so no stability promise.
uint32_t HashBytes(const char* data, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

bool IsAsciiNumber(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == ',' || c == ':')) return false;
  }
  return true;
}

}  // namespace

uint32_t KeyDictionary::Intern(std::string_view key) {
  auto [it, inserted] = ids_.try_emplace(key, static_cast<uint32_t>(stop_.size()));
  if (!inserted) return it->second;
  const std::string owned(key);
  stop_.push_back(NormalizedSet(false).contains(owned) ? 1 : 0);
  meta_.push_back(NormalizedSet(true).contains(owned) || IsAsciiNumber(key) ? 1 : 0);

  // Code-point trigrams of "^key$" ('^' and '$' mark the word edges).
  std::vector<std::string_view> cps;
  cps.reserve(key.size() + 2);
  cps.push_back("^");
  for (size_t i = 0; i < key.size();) {
    const size_t n = std::min(Utf8Length(static_cast<unsigned char>(key[i])), key.size() - i);
    cps.push_back(key.substr(i, n));
    i += n;
  }
  cps.push_back("$");
  const size_t first = trigrams_.size();
  for (size_t i = 0; i + 2 < cps.size(); ++i) {
    // The three code points are contiguous in `key` except for the edge markers; hash the
    // concatenation through a small buffer.
    char buf[16];
    size_t len = 0;
    for (size_t k = 0; k < 3; ++k) {
      std::string_view cp = cps[i + k];
      for (char c : cp) buf[len++] = c;
    }
    trigrams_.push_back(static_cast<uint32_t>(HashBytes(buf, len)));
  }
  std::sort(trigrams_.begin() + static_cast<ptrdiff_t>(first), trigrams_.end());
  trigrams_.erase(std::unique(trigrams_.begin() + static_cast<ptrdiff_t>(first), trigrams_.end()),
                  trigrams_.end());
  tri_offset_.push_back(static_cast<uint32_t>(trigrams_.size()));
  return it->second;
}

DocFeatures BuildFeatures(const AnalyzedText& text, const AlignOptions& options,
                          KeyDictionary& dict) {
  DocFeatures f;
  f.text = &text;
  const auto sentences = text.sentences();
  const auto tokens = text.tokens();
  size_t n = sentences.size();
  if (n > options.max_sentences) {
    n = options.max_sentences;
    f.truncated = true;
    f.truncation_reason =
        absl::StrCat("max_sentences (", options.max_sentences, ") reached: document has ",
                     sentences.size(), " sentences");
  }
  f.sentences.reserve(n);
  absl::flat_hash_map<uint32_t, uint32_t> df;
  std::vector<uint32_t> scratch;
  for (size_t s = 0; s < n; ++s) {
    const Sentence& sent = sentences[s];
    SentenceFeatures sf;
    sf.sentence = static_cast<uint32_t>(s);
    sf.word_begin = static_cast<uint32_t>(f.word_tokens.size());
    uint32_t kept = 0;
    const size_t end = std::min<size_t>(size_t{sent.first_token} + sent.token_count, tokens.size());
    for (size_t t = sent.first_token; t < end; ++t) {
      const Token& tok = tokens[t];
      if (!tok.IsWordLike()) continue;
      const std::string_view key = text.Key(tok);
      if (key.empty()) continue;
      if (kept == options.max_sentence_tokens) {
        if (!f.truncated) {
          f.truncated = true;
          f.truncation_reason = absl::StrCat("max_sentence_tokens (", options.max_sentence_tokens,
                                             ") reached in sentence ", s);
        }
        break;
      }
      ++kept;
      f.word_tokens.push_back(static_cast<uint32_t>(t));
      f.word_keys.push_back(dict.Intern(key));
    }
    sf.word_end = static_cast<uint32_t>(f.word_tokens.size());

    scratch.assign(f.word_keys.begin() + sf.word_begin, f.word_keys.begin() + sf.word_end);
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
    sf.key_begin = static_cast<uint32_t>(f.keys.size());
    f.keys.insert(f.keys.end(), scratch.begin(), scratch.end());
    sf.key_end = static_cast<uint32_t>(f.keys.size());

    sf.tri_begin = static_cast<uint32_t>(f.trigrams.size());
    for (uint32_t k : scratch) {
      ++df[k];
      if (dict.IsStop(k)) continue;
      if (!dict.IsMeta(k)) ++sf.content_keys;
      f.trigrams.insert(f.trigrams.end(), dict.TrigramsBegin(k), dict.TrigramsEnd(k));
    }
    std::sort(f.trigrams.begin() + sf.tri_begin, f.trigrams.end());
    f.trigrams.erase(std::unique(f.trigrams.begin() + sf.tri_begin, f.trigrams.end()),
                     f.trigrams.end());
    sf.tri_end = static_cast<uint32_t>(f.trigrams.size());
    sf.boilerplate = sf.content_keys == 0;
    f.sentences.push_back(sf);
  }
  f.key_df.assign(df.begin(), df.end());
  std::sort(f.key_df.begin(), f.key_df.end());
  return f;
}

absl::Status ValidateOptions(const AlignOptions& o) {
  if (!(o.min_similarity > 0.0 && o.min_similarity <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("AlignOptions::min_similarity must be in (0, 1], got ", o.min_similarity));
  }
  if (o.max_sentences == 0 || o.max_sentence_tokens == 0 || o.max_key_postings == 0 ||
      o.max_candidate_pairs == 0) {
    return absl::InvalidArgumentError(
        "AlignOptions: max_sentences, max_sentence_tokens, max_key_postings and "
        "max_candidate_pairs must be positive");
  }
  if (o.max_sentence_tokens > 30000) {
    // Diff lengths are 16-bit; a 1-to-2 pair holds up to twice this many words.
    return absl::InvalidArgumentError(absl::StrCat(
        "AlignOptions::max_sentence_tokens must be at most 30000, got ", o.max_sentence_tokens));
  }
  return absl::OkStatus();
}

}  // namespace crossdoc::align_internal
