// Public entry points of the align stage: one pair, one document with itself, a cluster.
#include "crossdoc/align.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "align/align_features.h"

namespace crossdoc {

using align_internal::AlignFeatures;
using align_internal::BuildFeatures;
using align_internal::DocFeatures;
using align_internal::KeyDictionary;

absl::StatusOr<Alignment> Align(const AnalyzedText& a, const AnalyzedText& b,
                                const AlignOptions& options) {
  if (absl::Status s = align_internal::ValidateOptions(options); !s.ok()) return s;
  KeyDictionary dict;
  const DocFeatures fa = BuildFeatures(a, options, dict);
  const DocFeatures fb = BuildFeatures(b, options, dict);
  return AlignFeatures(fa, fb, /*same=*/false, dict, options);
}

absl::StatusOr<Alignment> AlignWithin(const AnalyzedText& doc, const AlignOptions& options) {
  if (absl::Status s = align_internal::ValidateOptions(options); !s.ok()) return s;
  KeyDictionary dict;
  const DocFeatures f = BuildFeatures(doc, options, dict);
  return AlignFeatures(f, f, /*same=*/true, dict, options);
}

absl::StatusOr<ClusterAlignment> AlignCluster(absl::Span<const AnalyzedText* const> documents,
                                              const ClusterAlignOptions& options) {
  if (absl::Status s = align_internal::ValidateOptions(options.pair); !s.ok()) return s;
  if (options.max_document_postings < 2 || options.min_shared_keys == 0 ||
      !(options.min_shared_fraction >= 0.0 && options.min_shared_fraction <= 1.0)) {
    return absl::InvalidArgumentError(
        "ClusterAlignOptions: max_document_postings must be at least 2, min_shared_keys "
        "positive and min_shared_fraction in [0, 1]");
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    if (documents[i] == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("AlignCluster: document ", i, " is null"));
    }
  }
  ClusterAlignment out;
  KeyDictionary dict;
  std::vector<DocFeatures> features;
  features.reserve(documents.size());
  for (const AnalyzedText* doc : documents) {
    features.push_back(BuildFeatures(*doc, options.pair, dict));
  }

  // Signatures: consecutive content keys within a sentence, as one 64-bit value.
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> postings;
  std::vector<uint64_t> signatures;
  std::vector<uint32_t> signature_count(features.size(), 0);
  for (uint32_t d = 0; d < features.size(); ++d) {
    const DocFeatures& f = features[d];
    signatures.clear();
    for (const auto& sf : f.sentences) {
      if (sf.boilerplate) continue;
      uint32_t previous = UINT32_MAX;
      for (uint32_t w = sf.word_begin; w < sf.word_end; ++w) {
        const uint32_t k = f.word_keys[w];
        if (dict.IsStop(k)) continue;
        if (previous != UINT32_MAX && previous != k) {
          signatures.push_back((uint64_t{previous} << 32) | k);
        }
        previous = k;
      }
    }
    std::sort(signatures.begin(), signatures.end());
    signatures.erase(std::unique(signatures.begin(), signatures.end()), signatures.end());
    for (uint64_t sig : signatures) postings[sig].push_back(d);
    signature_count[d] = static_cast<uint32_t>(signatures.size());
  }
  absl::flat_hash_map<uint64_t, uint32_t> shared;  // (a << 32 | b) -> shared signatures
  // A signature in more than max_document_postings documents would cost a quadratic number of
  // pairs: only its first max_document_postings documents (lowest indices) propose pairs, and the
  // result says it was cut short. The pairs such lists propose are at most
  // max_document_postings^2 / 2 distinct ones, so a huge cluster of near-identical documents
  // still gets some comparisons without unbounded cost.
  uint64_t capped_postings = 0;
  size_t largest_posting = 0;
  for (const auto& [sig, docs] : postings) {
    if (docs.size() < 2) continue;
    size_t n = docs.size();
    if (n > options.max_document_postings) {
      ++capped_postings;
      largest_posting = std::max(largest_posting, n);
      n = options.max_document_postings;  // docs are in increasing document order
    }
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        ++shared[(uint64_t{docs[i]} << 32) | docs[j]];
      }
    }
  }
  if (capped_postings > 0) {
    out.truncated = true;
    out.truncation_reason = absl::StrCat(
        "max_document_postings (", options.max_document_postings, ") exceeded: ",
        capped_postings, " sentence signatures shared by up to ", largest_posting,
        " documents proposed pairs among their first ", options.max_document_postings,
        " documents only");
  }
  std::vector<std::pair<uint32_t, uint64_t>> candidates;  // (shared count, pair)
  for (const auto& [pair, count] : shared) {
    const uint32_t smaller = std::min(signature_count[pair >> 32],
                                      signature_count[static_cast<uint32_t>(pair)]);
    if (count >= options.min_shared_keys &&
        count >= options.min_shared_fraction * static_cast<double>(smaller)) {
      candidates.emplace_back(count, pair);
    }
  }
  out.candidate_document_pairs = candidates.size();
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first
                                                                         : x.second < y.second; });
  if (candidates.size() > options.max_document_pairs) {
    candidates.resize(options.max_document_pairs);
    const std::string reason = absl::StrCat("max_document_pairs (", options.max_document_pairs,
                                            ") reached: ", out.candidate_document_pairs,
                                            " candidate document pairs");
    out.truncation_reason =
        out.truncated ? absl::StrCat(out.truncation_reason, "; ", reason) : reason;
    out.truncated = true;
  }
  std::vector<std::pair<uint32_t, uint32_t>> work;
  for (const auto& [count, pair] : candidates) {
    work.emplace_back(static_cast<uint32_t>(pair >> 32), static_cast<uint32_t>(pair));
  }
  if (options.include_self) {
    for (uint32_t d = 0; d < features.size(); ++d) work.emplace_back(d, d);
  }
  std::sort(work.begin(), work.end());
  for (const auto& [da, db] : work) {
    Alignment alignment = AlignFeatures(features[da], features[db], da == db, dict, options.pair);
    if (alignment.truncated && !out.truncated) {
      out.truncated = true;
      out.truncation_reason =
          absl::StrCat("documents ", da, " and ", db, ": ", alignment.truncation_reason);
    }
    if (alignment.passages.empty()) continue;
    out.pairs.push_back({da, db, std::move(alignment)});
  }
  return out;
}

}  // namespace crossdoc
