// Reconcile: pairs facts at aligned positions and judges them (conflict or agreement), finds
// near-miss spellings of known entities, and tallies values across a cluster of documents.
#include "crossdoc/reconcile.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace crossdoc {

std::string_view VerdictName(Verdict verdict) {
  return verdict == Verdict::kConflict ? "conflict" : "agreement";
}

namespace {

absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// ---- small text helpers --------------------------------------------------------------------

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    if (i + len > s.size()) len = static_cast<int>(s.size() - i);
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += len;
  }
  return out;
}

size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool IsStopWord(std::string_view key) {
  static const std::set<std::string, std::less<>>* const kStop = [] {
    auto* s = new std::set<std::string, std::less<>>();
    for (const char* w : {"के", "की", "का", "में", "से", "और", "ने", "को", "पर", "है", "हैं", "था", "थी",
                          "थे", "भी", "तो", "ही", "यह", "वह", "इस", "उस", "एक", "व", "एवं", "the", "a",
                          "an", "of", "in", "on", "at", "to", "and", "for", "by", "with", "from",
                          "is", "was", "were", "are", "be", "has", "have", "had", "its", "their"}) {
      s->insert(Normalize(w));
    }
    return s;
  }();
  return kStop->find(key) != kStop->end();
}

bool IsNegationWord(std::string_view key) {
  static const std::set<std::string, std::less<>>* const kWords = [] {
    auto* s = new std::set<std::string, std::less<>>();
    for (const char* w : {"नहीं", "नही", "न", "मत", "not", "never", "did", "does", "do", "n't",
                          "didn't", "doesn't", "don't", "अभी", "still", "yet", "है", "हैं"}) {
      s->insert(Normalize(w));
    }
    return s;
  }();
  return kWords->find(key) != kWords->end();
}

// Two neighbouring words match: same key, or the same stem (a shared prefix of at least four
// code points covering 80% of the shorter word: "सदस्य"/"सदस्यीय", "member"/"members").
bool WordsMatch(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  const std::u32string ca = CodePoints(a), cb = CodePoints(b);
  size_t p = 0;
  while (p < ca.size() && p < cb.size() && ca[p] == cb[p]) ++p;
  const size_t shorter = std::min(ca.size(), cb.size());
  return p >= 4 && p * 10 >= shorter * 8;
}

// ---- date values -----------------------------------------------------------------------------

struct DayInterval {
  int64_t lo = 0, hi = 0;  // inclusive, days since 1970-01-01
  bool no_year = false;    // "--MM-DD": lo/hi hold month * 100 + day
};

int64_t Days(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

std::optional<DayInterval> ParseDateValue(std::string_view v) {
  int y = 0, m = 0, d = 0, y2 = 0, m2 = 0, d2 = 0;
  const std::string s(v);
  DayInterval out;
  if (s.size() == 21 && s[10] == '/' &&
      std::sscanf(s.c_str(), "%4d-%2d-%2d/%4d-%2d-%2d", &y, &m, &d, &y2, &m2, &d2) == 6) {
    out.lo = Days(y, m, d);
    out.hi = Days(y2, m2, d2);
    return out;
  }
  if (s.size() == 7 && s[0] == '-' && std::sscanf(s.c_str(), "--%2d-%2d", &m, &d) == 2) {
    out.no_year = true;
    out.lo = out.hi = m * 100 + d;
    return out;
  }
  if (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3) {
    out.lo = out.hi = Days(y, m, d);
    return out;
  }
  if (s.size() == 7 && std::sscanf(s.c_str(), "%4d-%2d", &y, &m) == 2) {
    out.lo = Days(y, m, 1);
    out.hi = Days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    return out;
  }
  if (s.size() == 4 && std::sscanf(s.c_str(), "%4d", &y) == 1) {
    out.lo = Days(y, 1, 1);
    out.hi = Days(y, 12, 31);
    return out;
  }
  return std::nullopt;
}

// Dates of different precision that fit inside each other are compatible: no conflict.
bool DatesCompatible(std::string_view a, std::string_view b) {
  auto x = ParseDateValue(a), y = ParseDateValue(b);
  if (!x || !y) return true;  // unknown form: never cry wolf
  if (x->no_year || y->no_year) {
    // Compare month and day only.
    auto md = [](std::string_view v) -> std::string {
      if (v.size() >= 10 && v[4] == '-' && v[7] == '-') return std::string(v.substr(5, 5));
      if (v.size() == 7 && v[0] == '-') return std::string(v.substr(2, 5));
      return "";
    };
    const std::string ma = md(a), mb = md(b);
    return ma.empty() || mb.empty() || ma == mb;
  }
  const bool x_in_y = x->lo >= y->lo && x->hi <= y->hi;
  const bool y_in_x = y->lo >= x->lo && y->hi <= x->hi;
  return x_in_y || y_in_x;
}

// ---- per-document index ------------------------------------------------------------------------

struct DocIndex {
  const ReconcileDocument* doc = nullptr;
  uint32_t index = 0;
  std::vector<std::vector<uint32_t>> by_sentence;  // fact indices per sentence
  std::vector<std::string> surface;                // normalized surface per fact
  std::vector<int32_t> word_before, word_after;    // token index of neighbouring words, -1 none

  void Build(const ReconcileDocument* d, uint32_t i) {
    doc = d;
    index = i;
    const AnalyzedText& t = *d->text;
    by_sentence.assign(t.sentences().size(), {});
    const auto& facts = d->facts->facts;
    surface.resize(facts.size());
    word_before.assign(facts.size(), -1);
    word_after.assign(facts.size(), -1);
    const auto tokens = t.tokens();
    for (uint32_t f = 0; f < facts.size(); ++f) {
      const Fact& fact = facts[f];
      if (fact.sentence < by_sentence.size()) by_sentence[fact.sentence].push_back(f);
      std::string s;
      for (uint32_t k = fact.first_token; k < fact.first_token + fact.token_count; ++k) {
        if (!tokens[k].IsWordLike()) continue;
        if (!s.empty()) s.push_back(' ');
        s.append(t.Normalized(tokens[k]));
      }
      surface[f] = std::move(s);
      for (int64_t k = static_cast<int64_t>(fact.first_token) - 1; k >= 0; --k) {
        if (tokens[k].sentence != fact.sentence) break;
        if (tokens[k].IsWordLike()) {
          word_before[f] = static_cast<int32_t>(k);
          break;
        }
      }
      for (uint32_t k = fact.first_token + fact.token_count; k < tokens.size(); ++k) {
        if (tokens[k].sentence != fact.sentence) break;
        if (tokens[k].IsWordLike()) {
          word_after[f] = static_cast<int32_t>(k);
          break;
        }
      }
    }
  }
  const Fact& fact(uint32_t f) const { return doc->facts->facts[f]; }
  // The word before fact f is joined to it by a hyphen ("भारत-" in "भारत-ईरान").
  bool JoinedBefore(uint32_t f) const {
    return word_before[f] >= 0 && doc->text->tokens()[word_before[f]].Has(kJoinedToNext);
  }
  std::string_view Key(int32_t token) const {
    return token < 0 ? std::string_view() : doc->text->Key(doc->text->tokens()[token]);
  }
  std::string Label() const { return doc->source.empty() ? doc->id : doc->source; }
};

struct Link {
  uint32_t doc_a, fact_a, doc_b, fact_b;
};

FindingSide Side(const DocIndex& d, uint32_t f) {
  const Fact& fact = d.fact(f);
  FindingSide s;
  s.doc = d.index;
  s.doc_id = d.doc->id;
  s.span = fact.span;
  s.text = std::string(fact.span.In(d.doc->text->text()));
  s.value = fact.value;
  s.type = fact.type;
  s.sentence = fact.sentence;
  return s;
}

std::string Quote(std::string_view s) { return absl::StrCat("'", AV(s), "'"); }

std::string EntityWords(const FindingSide& s) {
  const std::string name = EntityDisplayName(s.value);
  if (s.type == FactType::kPlace && !name.empty() && name != s.value) {
    return absl::StrCat(name, " (", Quote(s.text), ", ", s.value, ")");
  }
  return absl::StrCat(Quote(s.text), " (", s.value, ")");
}

// The class facts must share to be compared: kind and type, plus the unit of a quantity;
// all date types form one class.
std::string ClassOf(const Fact& f) {
  if (f.kind == FactKind::kDate) return "date";
  std::string c = absl::StrCat(static_cast<int>(f.kind), ":", static_cast<int>(f.type));
  if (f.type == FactType::kQuantity) {
    const size_t space = f.value.find(' ');
    if (space != std::string::npos) c += f.value.substr(space);
  }
  return c;
}

// ---- comparing two documents -------------------------------------------------------------

class PairComparer {
 public:
  PairComparer(const DocIndex& a, const DocIndex& b, bool within, const ReconcileOptions& options,
               std::vector<Finding>* out, std::vector<Link>* links)
      : a_(a), b_(b), within_(within), options_(options), out_(out), links_(links) {}

  void Compare(const Alignment& alignment) {
    if (!within_ && !SameStory(alignment)) return;
    const size_t first_finding = out_->size();
    figure_support_ = 0;
    for (const Passage& p : alignment.passages) {
      for (const SentencePair& sp : p.pairs) ComparePair(sp);
    }
    // Reports of one running story from different times (yesterday's and today's tallies)
    // differ in most of their figures; outlets on one event agree on most. When the figures
    // of a pair disagree wholesale, their number and date conflicts are not reported.
    size_t figure_conflicts = 0;
    for (size_t i = first_finding; i < out_->size(); ++i) {
      const Finding& f = (*out_)[i];
      figure_conflicts += f.verdict == Verdict::kConflict &&
                          (f.kind == FactKind::kNumber || f.kind == FactKind::kDate);
    }
    const auto& ra = a_.doc->facts->reference;
    const auto& rb = b_.doc->facts->reference;
    const bool far_apart =
        ra && rb &&
        std::llabs(ra->unix_seconds - rb->unix_seconds) >
            static_cast<long long>(options_.max_publication_gap_hours * 3600.0);
    if (!within_ && figure_conflicts > 0 &&
        (far_apart || (figure_conflicts >= options_.max_unsupported_figure_conflicts &&
                       figure_conflicts > figure_support_))) {
      out_->erase(std::remove_if(out_->begin() + static_cast<std::ptrdiff_t>(first_finding),
                                 out_->end(),
                                 [](const Finding& f) {
                                   return f.verdict == Verdict::kConflict &&
                                          (f.kind == FactKind::kNumber ||
                                           f.kind == FactKind::kDate);
                                 }),
                  out_->end());
    }
    if (options_.near_miss_entities) NearMiss(alignment);
  }

 private:
  struct Candidate {
    uint32_t fact;
    int32_t hunk;
    bool done = false;
  };

  // Two documents tell the same story when enough of the shorter one's content sentences (four
  // or more words) align: a template sentence two different reports share ("देश में कोरोना के
  // X मामले") must not turn their different figures into conflicts.
  bool SameStory(const Alignment& alignment) const {
    auto content = [](const DocIndex& d) {
      std::vector<bool> is_content(d.doc->text->sentences().size(), false);
      uint32_t n = 0;
      for (uint32_t s = 0; s < is_content.size(); ++s) {
        uint32_t words = 0;
        for (const Token& t : d.doc->text->TokensOf(d.doc->text->sentences()[s])) {
          words += t.IsWordLike();
        }
        is_content[s] = words >= 4;
        n += is_content[s];
      }
      return std::make_pair(is_content, n);
    };
    const auto [content_a, total_a] = content(a_);
    const auto [content_b, total_b] = content(b_);
    std::set<uint32_t> aligned_a, aligned_b;
    for (const Passage& p : alignment.passages) {
      for (const SentencePair& sp : p.pairs) {
        if (sp.similarity < options_.min_pair_similarity) continue;
        for (uint32_t i = 0; i < sp.a_sentence_count; ++i) {
          const uint32_t s = sp.a_first_sentence + i;
          if (s < content_a.size() && content_a[s]) aligned_a.insert(s);
        }
        for (uint32_t i = 0; i < sp.b_sentence_count; ++i) {
          const uint32_t s = sp.b_first_sentence + i;
          if (s < content_b.size() && content_b[s]) aligned_b.insert(s);
        }
      }
    }
    const double shorter = std::max<uint32_t>(1, std::min(total_a, total_b));
    const size_t aligned = std::min(aligned_a.size(), aligned_b.size());
    return aligned >= std::min<double>(2, shorter) &&
           static_cast<double>(aligned) >= options_.min_story_overlap * shorter;
  }

  double MinSimilarity() const {
    return within_ ? options_.min_within_similarity : options_.min_pair_similarity;
  }

  void ComparePair(const SentencePair& sp) {
    if (sp.similarity < MinSimilarity()) return;
    // Hunks: maximal runs of changed diff segments; a token's hunk id, or -1 when unchanged.
    std::vector<std::pair<ByteSpan, int32_t>> hunk_a, hunk_b;
    int32_t hunk = -1;
    bool in_change = false;
    for (const DiffSegment& seg : sp.diff) {
      if (seg.op != DiffOp::kChanged) {
        in_change = false;
        continue;
      }
      if (!in_change) ++hunk;
      in_change = true;
      if (seg.a_token_count > 0) hunk_a.push_back({seg.a_span, hunk});
      if (seg.b_token_count > 0) hunk_b.push_back({seg.b_span, hunk});
    }
    auto collect = [](const DocIndex& d, uint32_t first, uint32_t count,
                      const std::vector<std::pair<ByteSpan, int32_t>>& hunks) {
      std::vector<Candidate> out;
      for (uint32_t s = first; s < first + count && s < d.by_sentence.size(); ++s) {
        for (uint32_t f : d.by_sentence[s]) {
          const uint32_t at = d.fact(f).span.begin;
          int32_t h = -1;
          for (const auto& [span, id] : hunks) {
            if (at >= span.begin && at < span.end) h = id;
          }
          out.push_back({f, h});
        }
      }
      return out;
    };
    std::vector<Candidate> ca = collect(a_, sp.a_first_sentence, sp.a_sentence_count, hunk_a);
    std::vector<Candidate> cb = collect(b_, sp.b_first_sentence, sp.b_sentence_count, hunk_b);
    if (ca.empty() && cb.empty()) return;

    // 1. Identical surfaces: the same words on both sides. Support, not a finding.
    for (Candidate& x : ca) {
      for (Candidate& y : cb) {
        if (y.done || x.done) continue;
        if (ClassOf(a_.fact(x.fact)) != ClassOf(b_.fact(y.fact))) continue;
        if (a_.surface[x.fact] != b_.surface[y.fact]) continue;
        x.done = y.done = true;
        links_->push_back({a_.index, x.fact, b_.index, y.fact});
        const FactKind kind = a_.fact(x.fact).kind;
        figure_support_ += kind == FactKind::kNumber || kind == FactKind::kDate;
      }
    }
    // Negation is judged on the sentence as a whole.
    CompareNegation(sp, ca, cb);
    // 2. Equal values, different surfaces: agreements.
    for (Candidate& x : ca) {
      const Fact& fx = a_.fact(x.fact);
      if (x.done || fx.kind == FactKind::kNegation) continue;
      for (Candidate& y : cb) {
        if (y.done) continue;
        const Fact& fy = b_.fact(y.fact);
        if (ClassOf(fx) != ClassOf(fy) || fx.value != fy.value) continue;
        x.done = y.done = true;
        links_->push_back({a_.index, x.fact, b_.index, y.fact});
        figure_support_ += fx.kind == FactKind::kNumber || fx.kind == FactKind::kDate;
        if (std::min(fx.confidence, fy.confidence) >= options_.min_agreement_fact_confidence &&
            (!within_ || options_.within_document_agreements)) {
          Agreement(x.fact, y.fact);
        }
        break;
      }
    }
    // 3. Different values at corresponding places: conflicts (names: spelling variants).
    for (Candidate& x : ca) {
      const Fact& fx = a_.fact(x.fact);
      if (x.done || fx.kind == FactKind::kNegation) continue;
      const std::string cls = ClassOf(fx);
      int remaining_a = 0, remaining_b = 0;
      for (const Candidate& o : ca) remaining_a += !o.done && ClassOf(a_.fact(o.fact)) == cls;
      for (const Candidate& o : cb) remaining_b += !o.done && ClassOf(b_.fact(o.fact)) == cls;
      Candidate* best = nullptr;
      double best_evidence = 0;
      for (Candidate& y : cb) {
        if (y.done) continue;
        const Fact& fy = b_.fact(y.fact);
        if (ClassOf(fy) != cls) continue;
        const double evidence = Evidence(x, y, remaining_a == 1 && remaining_b == 1, sp.similarity);
        if (evidence > best_evidence) {
          best_evidence = evidence;
          best = &y;
        }
      }
      if (best == nullptr) continue;
      const Fact& fy = b_.fact(best->fact);
      x.done = best->done = true;
      if (fx.kind == FactKind::kDate && DatesCompatible(fx.value, fy.value)) continue;
      // A bare year only contradicts a year, a month a month; days and ranges each other.
      if (fx.kind == FactKind::kDate && fx.type != fy.type &&
          !((fx.type == FactType::kDay || fx.type == FactType::kDateRange) &&
            (fy.type == FactType::kDay || fy.type == FactType::kDateRange))) {
        continue;
      }
      if (fx.type == FactType::kName) {
        NameVariant(x.fact, best->fact, best_evidence);
        continue;
      }
      if (std::min(fx.confidence, fy.confidence) < options_.min_conflict_fact_confidence) continue;
      // Inside one document, similar sentences with different figures are usually a list
      // ("महाराष्ट्र में 152 मामले", "केरल में 120 मामले"): only near-identical ones count.
      if (within_ && fx.kind != FactKind::kEntity &&
          (sp.similarity < options_.min_within_figure_similarity || best_evidence < 0.95)) {
        continue;
      }
      const double confidence = best_evidence * std::min(fx.confidence, fy.confidence);
      if (confidence < options_.min_conflict_confidence) continue;
      links_->push_back({a_.index, x.fact, b_.index, best->fact});
      Conflict(x.fact, best->fact, confidence, false);
    }
  }

  // How strongly x and y stand at the same place (0 = not at all).
  double Evidence(const Candidate& x, const Candidate& y, bool only_ones, double similarity) const {
    const Fact& fx = a_.fact(x.fact);
    const bool entity = fx.kind == FactKind::kEntity;
    auto anchor = [&](int32_t ta, int32_t tb) {
      const std::string_view ka = a_.Key(ta), kb = b_.Key(tb);
      if (!WordsMatch(ka, kb)) return false;
      return !entity || !IsStopWord(ka);
    };
    const bool before = anchor(a_.word_before[x.fact], b_.word_before[y.fact]);
    const bool after = anchor(a_.word_after[x.fact], b_.word_after[y.fact]);
    const bool same_hunk = x.hunk >= 0 && x.hunk == y.hunk;
    if (entity) {
      // Lists name different places in the same frame ("इसके अलावा ईरान में 194", "इसके अलावा
      // फ्रांस में 19"): one matching neighbour is not enough unless it is the hyphen partner of
      // a compound ("भारत-ईरान" / "भारत-इराक") or the spellings are a near miss.
      if (before && after) return 0.95;
      // A one-word swap in an otherwise near-identical sentence of another outlet: the
      // neighbours may be stop words ("in Ireland" / "in UK", "ईरान से" / "इराक से").
      // A sentence edge on both sides counts as a matching neighbour.
      auto same_neighbour = [&](int32_t ta, int32_t tb) {
        return (ta < 0 && tb < 0) || (ta >= 0 && tb >= 0 && WordsMatch(a_.Key(ta), b_.Key(tb)));
      };
      if (!within_ && same_hunk && similarity >= options_.min_swap_similarity &&
          same_neighbour(a_.word_before[x.fact], b_.word_before[y.fact]) &&
          same_neighbour(a_.word_after[x.fact], b_.word_after[y.fact])) {
        return 0.85;
      }
      if (!same_hunk || !(before || after)) return 0;
      const bool compound = before && a_.JoinedBefore(x.fact) && b_.JoinedBefore(y.fact);
      const std::u32string sa = CodePoints(a_.surface[x.fact]);
      const std::u32string sb = CodePoints(b_.surface[y.fact]);
      const size_t d = EditDistance(sa, sb);
      const bool near_miss = d <= 2 && d * 10 <= std::min(sa.size(), sb.size()) * 3;
      return compound || near_miss ? 0.9 : 0;
    }
    if (before && after) return 0.95;
    if (before || after) return same_hunk ? 0.9 : 0.8;
    // Unanchored, only facts of one type: a bare year is no match for a weekday.
    if (only_ones && similarity >= options_.min_unanchored_similarity &&
        fx.type == b_.fact(y.fact).type) {
      return 0.65;
    }
    return 0;
  }

  void CompareNegation(const SentencePair& sp, std::vector<Candidate>& ca,
                       std::vector<Candidate>& cb) {
    int total_a = 0, total_b = 0;
    Candidate* cue_a = nullptr;
    Candidate* cue_b = nullptr;
    for (Candidate& x : ca) {
      if (a_.fact(x.fact).kind != FactKind::kNegation) continue;
      ++total_a;
      if (!x.done && cue_a == nullptr) cue_a = &x;
    }
    for (Candidate& y : cb) {
      if (b_.fact(y.fact).kind != FactKind::kNegation) continue;
      ++total_b;
      if (!y.done && cue_b == nullptr) cue_b = &y;
    }
    for (Candidate& x : ca) {
      if (a_.fact(x.fact).kind == FactKind::kNegation) x.done = true;
    }
    for (Candidate& y : cb) {
      if (b_.fact(y.fact).kind == FactKind::kNegation) y.done = true;
    }
    if (total_a % 2 == total_b % 2) return;
    if (sp.similarity < std::max(options_.min_unanchored_similarity, MinSimilarity())) return;
    // Inside one document a negated and a plain sentence are usually a list of what is and is
    // not allowed, not a contradiction.
    if (within_) return;
    const bool a_negated = total_a % 2 == 1;
    Candidate* cue = a_negated ? cue_a : cue_b;
    if (cue == nullptr) return;  // the odd cue has an identical partner: a wording difference
    const DocIndex& neg_doc = a_negated ? a_ : b_;
    const DocIndex& plain_doc = a_negated ? b_ : a_;
    const Fact& cue_fact = neg_doc.fact(cue->fact);
    if (cue_fact.confidence < options_.min_conflict_fact_confidence) return;
    // The negated word must be said on the other side too ("नहीं जताई" / "जताई", "did not agree" /
    // "agreed"); otherwise the sentences differ in more than polarity.
    {
      const uint32_t first_plain = a_negated ? sp.b_first_sentence : sp.a_first_sentence;
      const uint32_t count_plain = a_negated ? sp.b_sentence_count : sp.a_sentence_count;
      const AnalyzedText& pt = *plain_doc.doc->text;
      bool predicate_found = false;
      for (int32_t neighbour : {neg_doc.word_after[cue->fact], neg_doc.word_before[cue->fact]}) {
        const std::string_view key = neg_doc.Key(neighbour);
        if (key.empty() || IsStopWord(key)) continue;
        for (uint32_t s = first_plain; s < first_plain + count_plain && !predicate_found; ++s) {
          for (const Token& t : pt.TokensOf(pt.sentences()[s])) {
            if (t.IsWordLike() && WordsMatch(pt.Key(t), key)) {
              predicate_found = true;
              break;
            }
          }
        }
        break;  // only the nearest content word counts
      }
      if (!predicate_found) return;
    }
    // Apart from the negation the two sides must say the same words: most content words of each
    // side are found on the other ("did not agree on a treaty" / "agreed on a treaty").
    {
      auto content_words = [](const DocIndex& d, uint32_t first, uint32_t count) {
        std::vector<std::string_view> out;
        const AnalyzedText& t = *d.doc->text;
        for (uint32_t s = first; s < first + count; ++s) {
          for (const Token& tok : t.TokensOf(t.sentences()[s])) {
            if (!tok.IsWordLike()) continue;
            const std::string_view key = t.Key(tok);
            if (!IsStopWord(key) && !IsNegationWord(key)) out.push_back(key);
          }
        }
        return out;
      };
      const auto wa = content_words(a_, sp.a_first_sentence, sp.a_sentence_count);
      const auto wb = content_words(b_, sp.b_first_sentence, sp.b_sentence_count);
      auto coverage = [](const std::vector<std::string_view>& from,
                         const std::vector<std::string_view>& in) {
        if (from.empty()) return 0.0;
        size_t found = 0;
        for (std::string_view w : from) {
          for (std::string_view v : in) {
            if (WordsMatch(w, v)) {
              ++found;
              break;
            }
          }
        }
        return static_cast<double>(found) / static_cast<double>(from.size());
      };
      if (std::min(coverage(wa, wb), coverage(wb, wa)) < options_.min_negation_word_overlap) {
        return;
      }
    }
    FindingSide neg = Side(neg_doc, cue->fact);
    FindingSide plain;
    plain.doc = plain_doc.index;
    plain.doc_id = plain_doc.doc->id;
    const uint32_t first = a_negated ? sp.b_first_sentence : sp.a_first_sentence;
    const uint32_t count = a_negated ? sp.b_sentence_count : sp.a_sentence_count;
    const auto sentences = plain_doc.doc->text->sentences();
    plain.span = ByteSpan{sentences[first].span.begin, sentences[first + count - 1].span.end};
    plain.text = std::string(plain.span.In(plain_doc.doc->text->text()));
    plain.value = "not negated";
    plain.type = FactType::kNegation;
    plain.sentence = first;
    Finding f;
    f.kind = FactKind::kNegation;
    f.verdict = Verdict::kConflict;
    f.confidence = 0.75 * cue_fact.confidence;
    f.explanation =
        absl::StrCat(within_ ? "The document" : neg_doc.Label(), " negates the statement (",
                     Quote(neg.text), ") where ",
                     within_ ? "another sentence of it" : plain_doc.Label(),
                     " states it without a negation.");
    if (a_negated) {
      f.a = std::move(neg);
      f.b = std::move(plain);
    } else {
      f.a = std::move(plain);
      f.b = std::move(neg);
    }
    out_->push_back(std::move(f));
  }

  std::string WhoA() const { return within_ ? "The document" : a_.Label(); }
  std::string WhoB() const { return within_ ? "elsewhere it" : b_.Label(); }

  void Agreement(uint32_t fa, uint32_t fb) {
    Finding f;
    f.a = Side(a_, fa);
    f.b = Side(b_, fb);
    const Fact& x = a_.fact(fa);
    const Fact& y = b_.fact(fb);
    f.kind = x.kind;
    f.verdict = Verdict::kAgreement;
    f.confidence = std::min(x.confidence, y.confidence);
    switch (x.kind) {
      case FactKind::kEntity:
        f.explanation = absl::StrCat(
            Quote(f.a.text), " and ", Quote(f.b.text), " name the same ",
            x.type == FactType::kPlace ? "place" : "organisation", ": ", f.a.value,
            x.type == FactType::kPlace ? absl::StrCat(" (", EntityDisplayName(f.a.value), ")")
                                       : std::string(),
            ".");
        break;
      case FactKind::kNumber:
        f.explanation = absl::StrCat(Quote(f.a.text), " and ", Quote(f.b.text),
                                     " are the same number: ", f.a.value, ".");
        break;
      case FactKind::kDate: {
        const Fact& rel = x.relative ? x : y;
        const bool any_relative = x.relative || y.relative;
        f.explanation = absl::StrCat(
            Quote(f.a.text), " and ", Quote(f.b.text), " are the same date, ", f.a.value,
            any_relative ? absl::StrCat(" (", Quote(rel.span.In(x.relative ? a_.doc->text->text()
                                                                         : b_.doc->text->text())),
                                        " read as the ", rel.note, ")")
                         : std::string(),
            ".");
        break;
      }
      case FactKind::kNegation:
        f.explanation = "Both state it with a negation.";
        break;
    }
    out_->push_back(std::move(f));
  }

  void NameVariant(uint32_t fa, uint32_t fb, double evidence) {
    const Fact& x = a_.fact(fa);
    const Fact& y = b_.fact(fb);
    const std::u32string cx = CodePoints(x.value), cy = CodePoints(y.value);
    const size_t d = EditDistance(cx, cy);
    if (d == 0 || d * 5 > std::min(cx.size(), cy.size())) return;  // too different to judge
    if (std::min(x.confidence, y.confidence) < options_.min_agreement_fact_confidence) return;
    if (within_ && !options_.within_document_agreements) return;
    links_->push_back({a_.index, fa, b_.index, fb});
    Finding f;
    f.a = Side(a_, fa);
    f.b = Side(b_, fb);
    f.kind = FactKind::kEntity;
    f.verdict = Verdict::kAgreement;
    f.confidence = evidence * std::min(x.confidence, y.confidence);
    f.explanation = absl::StrCat(Quote(f.a.text), " and ", Quote(f.b.text),
                                 " look like spellings of the same name.");
    out_->push_back(std::move(f));
  }

  void Conflict(uint32_t fa, uint32_t fb, double confidence, bool near_miss,
                size_t letters = 0) {
    Finding f;
    f.a = Side(a_, fa);
    f.b = Side(b_, fb);
    const Fact& x = a_.fact(fa);
    const Fact& y = b_.fact(fb);
    f.kind = x.kind;
    f.verdict = Verdict::kConflict;
    f.confidence = confidence;
    const std::string where = within_ ? " in a sentence that says the same thing"
                                      : " in a matching sentence";
    switch (x.kind) {
      case FactKind::kEntity:
        if (near_miss) {
          f.explanation = absl::StrCat(
              within_ ? "The document" : a_.Label(), " names ", EntityWords(f.a),
              within_ ? " in one place and " : absl::StrCat(" where ", b_.Label(), " names "),
              EntityWords(f.b), "; the spellings are ", letters,
              letters == 1 ? " letter" : " letters", " apart, so one is probably a slip.");
        } else {
          f.explanation =
              within_ ? absl::StrCat("The document names ", EntityWords(f.a), " in one place but ",
                                     EntityWords(f.b), where, ".")
                      : absl::StrCat(WhoA(), " names ", EntityWords(f.a), " where ", WhoB(),
                                     " names ", EntityWords(f.b), where, ".");
        }
        break;
      case FactKind::kNumber:
        f.explanation = absl::StrCat(WhoA(), " says ", Quote(f.a.text), " (", f.a.value,
                                     ") where ", WhoB(), " says ", Quote(f.b.text), " (",
                                     f.b.value, ")", where, ".");
        break;
      case FactKind::kDate: {
        auto describe = [](const FindingSide& s, const Fact& fact) {
          return absl::StrCat(Quote(s.text), " (", s.value,
                              fact.relative ? absl::StrCat(", the ", fact.note) : std::string(),
                              ")");
        };
        f.explanation = absl::StrCat(WhoA(), " dates it ", describe(f.a, x), " where ", WhoB(),
                                     " says ", describe(f.b, y), where, ".");
        break;
      }
      case FactKind::kNegation:
        break;
    }
    (void)y;
    out_->push_back(std::move(f));
  }

  // Near-miss spellings of a different known entity (see the header).
  void NearMiss(const Alignment& alignment) {
    if (alignment.passages.empty()) return;
    NearMissOneWay(a_, b_, alignment, false);
    if (!within_) NearMissOneWay(b_, a_, alignment, true);
  }

  void NearMissOneWay(const DocIndex& x_doc, const DocIndex& y_doc, const Alignment& alignment,
                      bool swapped) {
    const auto& xf = x_doc.doc->facts->facts;
    const auto& yf = y_doc.doc->facts->facts;
    std::map<std::string, int> count_x, count_y;
    for (const Fact& f : xf) {
      if (f.kind == FactKind::kEntity) ++count_x[f.value];
    }
    for (const Fact& f : yf) {
      if (f.kind == FactKind::kEntity) ++count_y[f.value];
    }
    // Sentences of x_doc aligned with sentences of y_doc (to prefer a partner there).
    std::set<std::pair<uint32_t, uint32_t>> aligned;
    for (const Passage& p : alignment.passages) {
      for (const SentencePair& sp : p.pairs) {
        if (sp.similarity < MinSimilarity()) continue;
        for (uint32_t i = 0; i < sp.a_sentence_count; ++i) {
          for (uint32_t j = 0; j < sp.b_sentence_count; ++j) {
            const uint32_t sa = sp.a_first_sentence + i, sb = sp.b_first_sentence + j;
            aligned.insert(swapped ? std::make_pair(sb, sa) : std::make_pair(sa, sb));
            if (within_) aligned.insert({sb, sa});
          }
        }
      }
    }
    for (uint32_t i = 0; i < xf.size(); ++i) {
      const Fact& x = xf[i];
      if (x.kind != FactKind::kEntity || x.type == FactType::kName) continue;
      if (x.confidence < options_.min_conflict_fact_confidence) continue;
      // The other document never names this entity (within one document: it names it less
      // often than the partner entity).
      if (!within_ && count_y.count(x.value)) continue;
      if (AlreadyReported(x_doc.index, x.span)) continue;
      const std::u32string sx = CodePoints(x_doc.surface[i]);
      int64_t best = -1;
      std::tuple<int, int, size_t> best_rank{-1, -1, 0};
      size_t best_letters = 0;
      for (uint32_t j = 0; j < yf.size(); ++j) {
        const Fact& y = yf[j];
        if (y.kind != FactKind::kEntity || y.type != x.type || y.value == x.value) continue;
        if (y.confidence < options_.min_conflict_fact_confidence) continue;
        if (within_ && j == i) continue;
        const int cx = count_x[x.value];
        const int cy_in_x = count_x[y.value];
        if (cy_in_x < cx || (within_ && cy_in_x == cx)) continue;
        const std::u32string sy = CodePoints(y_doc.surface[j]);
        const size_t d = EditDistance(sx, sy);
        if (d == 0 || d > 2 || d * 10 > std::min(sx.size(), sy.size()) * 3) continue;
        auto anchor = [&](int32_t ta, int32_t tb) {
          const std::string_view ka = x_doc.Key(ta), kb = y_doc.Key(tb);
          return WordsMatch(ka, kb) && !IsStopWord(ka);
        };
        const bool before = anchor(x_doc.word_before[i], y_doc.word_before[j]);
        const bool after = anchor(x_doc.word_after[i], y_doc.word_after[j]);
        const int anchors = before + after;
        if (anchors == 0) continue;
        // "भारत-तजाकिस्तान" / "भारत-कजाकिस्तान": the same hyphen partner on both sides.
        auto joined = [](const DocIndex& doc_index, int32_t token) {
          return token >= 0 && doc_index.doc->text->tokens()[token].Has(kJoinedToNext);
        };
        const bool compound = before && joined(x_doc, x_doc.word_before[i]) &&
                              joined(y_doc, y_doc.word_before[j]);
        const int in_aligned = aligned.count({x.sentence, y.sentence}) ? 1 : 0;
        // One matching neighbour alone is weak ("Iraq's oil" / "Iran's oil" in one story about
        // both): ask for a compound partner, both neighbours, or aligned sentences.
        if (!compound && anchors < 2 && !in_aligned) continue;
        // Prefer an aligned sentence, then more anchors, then the earliest mention.
        const std::tuple<int, int, size_t> rank{in_aligned, anchors, yf.size() - j};
        if (rank > best_rank) {
          best_rank = rank;
          best = j;
          best_letters = d;
        }
      }
      if (best < 0) continue;
      const uint32_t j = static_cast<uint32_t>(best);
      const double confidence =
          (std::get<0>(best_rank) ? 0.9 : 0.8) * std::min(x.confidence, yf[j].confidence);
      // Report with the earlier document (or the earlier mention) as side a.
      const bool x_first = within_ ? x.span.begin < yf[j].span.begin : !swapped;
      links_->push_back({x_doc.index, i, y_doc.index, j});
      if (x_first) {
        ConflictSides(x_doc, i, y_doc, j, confidence, best_letters);
      } else {
        ConflictSides(y_doc, j, x_doc, i, confidence, best_letters);
      }
    }
  }

  void ConflictSides(const DocIndex& da, uint32_t fa, const DocIndex& db, uint32_t fb,
                     double confidence, size_t letters) {
    // Conflict() reads a_ and b_; near-miss may run with the documents swapped.
    if (&da == &a_) {
      Conflict(fa, fb, confidence, true, letters);
    } else {
      PairComparer swapped(da, db, within_, options_, out_, links_);
      swapped.Conflict(fa, fb, confidence, true, letters);
    }
  }

  bool AlreadyReported(uint32_t doc, ByteSpan span) const {
    for (const Finding& f : *out_) {
      if (f.verdict != Verdict::kConflict) continue;
      const bool same_pair = (f.a.doc == a_.index && f.b.doc == b_.index) ||
                             (f.a.doc == b_.index && f.b.doc == a_.index);
      if (!same_pair) continue;
      if ((f.a.doc == doc && f.a.span == span) || (f.b.doc == doc && f.b.span == span)) {
        return true;
      }
    }
    return false;
  }

  const DocIndex& a_;
  const DocIndex& b_;
  bool within_;
  const ReconcileOptions& options_;
  std::vector<Finding>* out_;
  std::vector<Link>* links_;
  size_t figure_support_ = 0;  // number and date facts the pair agrees on (same or equal value)
};

void Dedupe(std::vector<Finding>* findings) {
  std::set<std::tuple<int, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> seen;
  std::vector<Finding> out;
  for (Finding& f : *findings) {
    auto key = std::make_tuple(static_cast<int>(f.kind), f.a.doc, f.a.span.begin, f.a.span.end,
                               f.b.doc, f.b.span.begin, f.b.span.end);
    auto rkey = std::make_tuple(static_cast<int>(f.kind), f.b.doc, f.b.span.begin, f.b.span.end,
                                f.a.doc, f.a.span.begin, f.a.span.end);
    if (seen.count(key) || seen.count(rkey)) continue;
    seen.insert(key);
    out.push_back(std::move(f));
  }
  *findings = std::move(out);
}

void SortFindings(std::vector<Finding>* findings) {
  std::stable_sort(findings->begin(), findings->end(), [](const Finding& x, const Finding& y) {
    return std::make_tuple(x.verdict != Verdict::kConflict, x.a.doc, x.b.doc, x.a.span.begin) <
           std::make_tuple(y.verdict != Verdict::kConflict, y.a.doc, y.b.doc, y.a.span.begin);
  });
}

// Union-find over (document, fact) mentions.
class Groups {
 public:
  uint32_t Id(uint32_t doc, uint32_t fact) {
    auto [it, inserted] = ids_.try_emplace({doc, fact}, static_cast<uint32_t>(parent_.size()));
    if (inserted) {
      parent_.push_back(it->second);
      keys_.push_back({doc, fact});
    }
    return it->second;
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(uint32_t x, uint32_t y) { parent_[Find(x)] = Find(y); }
  size_t size() const { return parent_.size(); }
  std::pair<uint32_t, uint32_t> Key(uint32_t x) const { return keys_[x]; }

 private:
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> ids_;
  std::vector<uint32_t> parent_;
  std::vector<std::pair<uint32_t, uint32_t>> keys_;
};

std::vector<ClaimTally> Tally(absl::Span<const ReconcileDocument> docs,
                              const std::vector<Link>& links) {
  Groups groups;
  for (const Link& l : links) {
    groups.Union(groups.Id(l.doc_a, l.fact_a), groups.Id(l.doc_b, l.fact_b));
  }
  std::map<uint32_t, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < groups.size(); ++i) members[groups.Find(i)].push_back(i);
  std::vector<ClaimTally> out;
  for (const auto& [root, list] : members) {
    // Each document's value in this group: the one it states most often.
    std::map<uint32_t, std::map<std::string, int>> per_doc;
    for (uint32_t m : list) {
      const auto [doc, fact] = groups.Key(m);
      ++per_doc[doc][docs[doc].facts->facts[fact].value];
    }
    if (per_doc.size() < 2) continue;
    // A document supports every value it states here: one that contradicts itself supports two.
    std::map<std::string, std::vector<uint32_t>> by_value;
    for (const auto& [doc, values] : per_doc) {
      for (const auto& [value, n] : values) by_value[value].push_back(doc);
    }
    if (by_value.size() < 2) continue;
    ClaimTally t;
    const auto [doc0, fact0] = groups.Key(list.front());
    t.kind = docs[doc0].facts->facts[fact0].kind;
    for (auto& [value, ds] : by_value) {
      ValueSupport v;
      v.value = value;
      v.docs = ds;
      for (uint32_t m : list) {
        const auto [doc, fact] = groups.Key(m);
        const Fact& f = docs[doc].facts->facts[fact];
        if (f.value != value) continue;
        FindingSide s;
        s.doc = doc;
        s.doc_id = docs[doc].id;
        s.span = f.span;
        s.text = std::string(f.span.In(docs[doc].text->text()));
        s.value = f.value;
        s.type = f.type;
        s.sentence = f.sentence;
        v.mentions.push_back(std::move(s));
      }
      t.values.push_back(std::move(v));
    }
    std::stable_sort(t.values.begin(), t.values.end(), [](const auto& x, const auto& y) {
      return x.docs.size() > y.docs.size();
    });
    auto label = [&](uint32_t d) {
      return docs[d].source.empty() ? docs[d].id : docs[d].source;
    };
    size_t total = per_doc.size();
    if (t.values[0].docs.size() > t.values[1].docs.size()) {
      t.majority = t.values[0].value;
      for (size_t i = 1; i < t.values.size(); ++i) {
        for (uint32_t d : t.values[i].docs) t.outliers.push_back(d);
      }
      std::sort(t.outliers.begin(), t.outliers.end());
      t.outliers.erase(std::unique(t.outliers.begin(), t.outliers.end()), t.outliers.end());
      const std::vector<uint32_t>& majority_docs = t.values[0].docs;
      std::string who;
      for (size_t i = 1; i < t.values.size(); ++i) {
        for (uint32_t d : t.values[i].docs) {
          if (!who.empty()) who += ", ";
          const bool also_majority =
              std::find(majority_docs.begin(), majority_docs.end(), d) != majority_docs.end();
          who += absl::StrCat(label(d), " says ", t.values[i].value,
                              also_majority ? absl::StrCat(" (and elsewhere ", t.majority,
                                                           ": it contradicts itself)")
                                            : std::string());
        }
      }
      t.explanation = absl::StrCat(majority_docs.size(), " of ", total, " documents say ",
                                   t.majority, "; the outlier", t.outliers.size() > 1 ? "s: " : ": ",
                                   who, ".");
    } else {
      std::string parts;
      for (const ValueSupport& v : t.values) {
        if (!parts.empty()) parts += "; ";
        std::string who;
        for (uint32_t d : v.docs) who += (who.empty() ? "" : ", ") + label(d);
        parts += absl::StrCat(v.value, ": ", who);
      }
      t.explanation = absl::StrCat("Documents split with no majority (", parts, ").");
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Finding> RunPair(const ReconcileDocument& a, const ReconcileDocument& b,
                             const Alignment& alignment, const ReconcileOptions& options,
                             bool within) {
  DocIndex da, db;
  da.Build(&a, 0);
  db.Build(&b, within ? 0 : 1);
  std::vector<Finding> out;
  std::vector<Link> links;
  PairComparer(da, within ? da : db, within, options, &out, &links).Compare(alignment);
  Dedupe(&out);
  SortFindings(&out);
  return out;
}

}  // namespace

std::vector<Finding> ReconcilePair(const ReconcileDocument& a, const ReconcileDocument& b,
                                   const Alignment& alignment, const ReconcileOptions& options) {
  if (a.text == nullptr || a.facts == nullptr || b.text == nullptr || b.facts == nullptr) return {};
  return RunPair(a, b, alignment, options, false);
}

std::vector<Finding> ReconcileWithin(const ReconcileDocument& doc, const Alignment& self_alignment,
                                     const ReconcileOptions& options) {
  if (doc.text == nullptr || doc.facts == nullptr) return {};
  return RunPair(doc, doc, self_alignment, options, true);
}

absl::StatusOr<ReconcileReport> Reconcile(absl::Span<const ReconcileDocument> documents,
                                          const ReconcileOptions& options) {
  for (size_t i = 0; i < documents.size(); ++i) {
    if (documents[i].text == nullptr || documents[i].facts == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("Reconcile: document ", i, " ('", AV(documents[i].id),
                       "') has a null text or facts pointer"));
    }
  }
  for (double v : {options.min_conflict_fact_confidence, options.min_agreement_fact_confidence,
                   options.min_pair_similarity, options.min_within_similarity,
                   options.min_unanchored_similarity}) {
    if (!(v >= 0.0 && v <= 1.0)) {
      return absl::InvalidArgumentError("Reconcile: thresholds must lie in [0, 1]");
    }
  }
  ReconcileReport report;
  std::vector<DocIndex> index(documents.size());
  for (uint32_t i = 0; i < documents.size(); ++i) index[i].Build(&documents[i], i);
  std::vector<Link> links;

  auto add_passages = [&](uint32_t a, uint32_t b, const Alignment& al) {
    report.truncated = report.truncated || al.truncated;
    for (const Passage& p : al.passages) {
      if (a == b && p.similarity < options.min_within_similarity) continue;
      report.passages.push_back({a, b, p.a_span, p.b_span, p.similarity});
    }
  };
  auto compare = [&](uint32_t a, uint32_t b, const Alignment& al) {
    add_passages(a, b, al);
    const bool within = a == b;
    PairComparer(index[a], index[b], within, options, &report.findings, &links).Compare(al);
  };

  if (documents.size() <= options.all_pairs_limit) {
    for (uint32_t i = 0; i < documents.size(); ++i) {
      for (uint32_t j = i + 1; j < documents.size(); ++j) {
        auto al = Align(*documents[i].text, *documents[j].text, options.align);
        if (!al.ok()) return al.status();
        compare(i, j, *al);
      }
    }
    if (options.within_documents) {
      for (uint32_t i = 0; i < documents.size(); ++i) {
        auto al = AlignWithin(*documents[i].text, options.align);
        if (!al.ok()) return al.status();
        compare(i, i, *al);
      }
    }
  } else {
    std::vector<const AnalyzedText*> texts;
    for (const auto& d : documents) texts.push_back(d.text);
    ClusterAlignOptions cluster;
    cluster.pair = options.align;
    cluster.include_self = options.within_documents;
    auto al = AlignCluster(texts, cluster);
    if (!al.ok()) return al.status();
    report.truncated = al->truncated;
    for (const DocumentPairAlignment& p : al->pairs) compare(p.a, p.b, p.alignment);
  }
  Dedupe(&report.findings);
  report.claims = Tally(documents, links);
  // Name the outlier in the explanation of each conflict that a majority settles.
  for (Finding& f : report.findings) {
    if (f.verdict != Verdict::kConflict) continue;
    for (const ClaimTally& t : report.claims) {
      if (t.majority.empty() || t.kind != f.kind) continue;
      bool a_in = false, b_in = false;
      for (const ValueSupport& v : t.values) {
        for (const FindingSide& m : v.mentions) {
          a_in = a_in || (m.doc == f.a.doc && m.span == f.a.span);
          b_in = b_in || (m.doc == f.b.doc && m.span == f.b.span);
        }
      }
      if (a_in && b_in) {
        f.explanation += absl::StrCat(" ", t.explanation);
        break;
      }
    }
  }
  SortFindings(&report.findings);
  return report;
}

}  // namespace crossdoc
