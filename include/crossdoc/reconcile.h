// Stage 6, reconcile: conflicts and agreements between facts that sit at aligned positions.
//
// A CONFLICT is a pair of aligned facts of one kind whose normalized values differ
// ("तजाकिस्तान" = TJ vs "कजाकिस्तान" = KZ; 5th vs 6th; negated vs not). An AGREEMENT is a pair whose
// surface forms differ but whose values are equal ("सोमवार" in a paper of Wed 2024-04-10 ≡
// "8 अप्रैल 2024"; "छठी" ≡ "6वीं"; "SCO" ≡ "एससीओ"). Facts with the same surface on both sides are
// neither; they still count as support when a cluster is tallied.
//
// Precision comes first; a fact-checker stops reading a tool that cries wolf:
//  - facts are compared only inside aligned sentence pairs (stage 4), never across the whole
//    text: a date mentioned by only one outlet is never a conflict; and two documents are
//    compared only when they tell the same story (ReconcileOptions::min_story_overlap);
//  - numbers and dates with different values are paired only when they stand at corresponding
//    places: with a matching neighbouring word ("बैठक" after "पांचवीं" and "छठी"; "members" after
//    "12-member" and "15"), or as the only fact of their type left on each side of a highly
//    similar pair; places and organisations need both neighbours, or one neighbour in the same
//    changed hunk of the token diff plus a hyphen partner ("भारत-ईरान" / "भारत-इराक") or a
//    near-miss spelling, because lists name different places in one frame ("इसके अलावा ईरान
//    में ...", "इसके अलावा फ्रांस में ...");
//  - date values that merely differ in precision (2024 vs 2024-04-08, a day inside a range) are
//    compatible, not a conflict; a bare year never conflicts with a day;
//  - documents published far apart (max_publication_gap_hours), or whose figures disagree
//    wholesale (max_unsupported_figure_conflicts), are reports from different times: their
//    number and date conflicts are dropped;
//  - a negation conflict needs the negated word on the other side and the same content words
//    otherwise (min_negation_word_overlap); inside one document negations are not compared;
//  - one more rule, for places and organisations only: a NEAR-MISS spelling of a different known
//    entity ("तजाकिस्तान" is one letter from "कजाकिस्तान": at most 2 edits and 30% of the word)
//    is a conflict when the other document never names the first entity, the first document
//    names the second one at least as often, and a mention of each shares a neighbouring word
//    that is a hyphen partner ("भारत-"), or both neighbours match, or their sentences align.
//    It names both ids. It applies only to documents that share at least one passage.
//
// Cost: linear in facts plus the alignment's cost; the cluster entry point aligns all pairs of a
// small set (<= ReconcileOptions::all_pairs_limit documents) and uses AlignCluster beyond.
// Doc indices in results refer to the order of the documents passed in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossdoc/align.h"
#include "crossdoc/facts.h"
#include "crossdoc/text.h"

namespace crossdoc {

enum class Verdict : uint8_t { kConflict, kAgreement };
// "conflict", "agreement" (the words of the JSON contract).
std::string_view VerdictName(Verdict verdict);

// One side of a finding.
struct FindingSide {
  uint32_t doc = 0;     // index of the document in the input
  std::string doc_id;   // its id
  ByteSpan span;        // original bytes of the fact (for a negation's silent side: its sentence)
  std::string text;     // exactly those bytes
  std::string value;    // normalized value ("KZ", "6th", "2024-04-08", "negated", "not negated")
  FactType type = FactType::kPlace;
  uint32_t sentence = 0;
};

struct Finding {
  FactKind kind = FactKind::kEntity;
  Verdict verdict = Verdict::kConflict;
  FindingSide a;
  FindingSide b;
  double confidence = 0;    // in [0, 1]
  std::string explanation;  // one line a journalist understands
};

// A document as reconcile sees it. The pointers must outlive the call.
struct ReconcileDocument {
  std::string id;
  const AnalyzedText* text = nullptr;
  const DocumentFacts* facts = nullptr;
  std::string source;  // outlet name for explanations; "" = use the id
};

struct ReconcileOptions {
  // A conflict needs both facts at least this sure (FactOptions readings: "एक" is 0.5).
  double min_conflict_fact_confidence = 0.6;
  // A conflict is reported only at this confidence or more (evidence times the facts' own).
  double min_conflict_confidence = 0.5;
  // A negation conflict needs the two sides to say the same words apart from the negation: this
  // share of the content words of each side must be found on the other.
  double min_negation_word_overlap = 0.7;
  // An agreement needs both facts at least this sure.
  double min_agreement_fact_confidence = 0.5;
  // Aligned pairs of two documents below this similarity are not compared.
  double min_pair_similarity = 0.35;
  // Pairs of sentences of ONE document (a headline and its body) need more: outlets repeat
  // themselves with different facts on purpose ("the 5th meeting ... the 6th will be ...").
  double min_within_similarity = 0.5;
  // Numbers and dates inside one document conflict only between sentences this similar (and
  // anchored on both sides): similar sentences with different figures are usually a list
  // ("152 cases in A", "120 cases in B"), not a contradiction. Negations inside one document
  // are never compared (lists of what is and is not allowed).
  double min_within_figure_similarity = 0.8;
  // Two documents are compared only when they tell the same story: at least this share of the
  // shorter one's content sentences (4+ words), and at least two of them (one when it has only
  // one), align. Keeps a template sentence shared by different reports ("X new cases in the
  // country") from turning their different figures into conflicts.
  double min_story_overlap = 0.25;
  // When two documents disagree on at least this many figures (numbers, dates) and on more
  // figures than they agree on, they are reports from different times of a running story, not
  // outlets contradicting each other: their number and date conflicts are dropped.
  size_t max_unsupported_figure_conflicts = 3;
  // Documents whose publication times (metadata or dateline) lie further apart than this are
  // reports from different days: their figures may differ without anyone being wrong, so their
  // number and date conflicts are dropped (agreements and entity conflicts stay).
  double max_publication_gap_hours = 20;
  // "Only fact of its type left on each side" pairs numbers and dates only above this.
  double min_unanchored_similarity = 0.5;
  // Two documents' near-identical sentences (at least this similar) that differ in one place
  // name between the same neighbouring words, even if those are only "in" / "में", name
  // different places: a swap, not a list. Applies across documents only.
  double min_swap_similarity = 0.85;
  // Look for self-contradictions inside each document.
  bool within_documents = true;
  // Report agreements inside one document (usually noise for a reader; off).
  bool within_document_agreements = false;
  // Apply the near-miss entity rule.
  bool near_miss_entities = true;
  // Up to this many documents every pair is aligned; beyond, AlignCluster proposes pairs.
  uint32_t all_pairs_limit = 12;
  AlignOptions align;
};

// Compares the facts of two documents at the places `alignment` (from Align(a, b)) pairs.
// Finding sides carry doc index 0 for `a` and 1 for `b`. Never fails.
std::vector<Finding> ReconcilePair(const ReconcileDocument& a, const ReconcileDocument& b,
                                   const Alignment& alignment,
                                   const ReconcileOptions& options = {});

// Self-contradictions inside one document, using AlignWithin(doc). Both sides carry doc index 0.
std::vector<Finding> ReconcileWithin(const ReconcileDocument& doc, const Alignment& self_alignment,
                                     const ReconcileOptions& options = {});

// Which documents support which value of one fact, across a cluster.
struct ValueSupport {
  std::string value;
  std::vector<uint32_t> docs;   // document indices, ascending
  std::vector<FindingSide> mentions;
};

struct ClaimTally {
  FactKind kind = FactKind::kNumber;
  std::vector<ValueSupport> values;  // most documents first
  // The value most documents support when it has a strict majority over each other value,
  // else "". Documents on any other value are the outliers.
  std::string majority;
  std::vector<uint32_t> outliers;
  std::string explanation;  // "4 of 5 outlets say 6th; जनपथ वार्ता says 5th"
};

struct DocumentPassage {
  uint32_t a = 0;  // document indices; a == b for a passage inside one document
  uint32_t b = 0;
  ByteSpan a_span;
  ByteSpan b_span;
  double similarity = 0;
};

struct ReconcileReport {
  std::vector<DocumentPassage> passages;  // what was compared
  std::vector<Finding> findings;  // conflicts first, then agreements; by document order
  // Facts on which documents disagree (two or more values among documents), with the majority
  // and the outliers named. Built from the findings and from identical mentions in aligned pairs.
  std::vector<ClaimTally> claims;
  bool truncated = false;  // an alignment limit cut work short (results still valid)
};

// The whole stage for a set of documents on one story: aligns them (pairs and, if enabled, each
// document with itself), compares facts, tallies the values across documents.
// Errors: InvalidArgument for a null pointer or bad options.
absl::StatusOr<ReconcileReport> Reconcile(absl::Span<const ReconcileDocument> documents,
                                          const ReconcileOptions& options = {});

}  // namespace crossdoc
