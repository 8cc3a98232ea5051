"""Corpora with planted near-duplicates for benchmarks/compare_peers.py.

A corpus is three files in one folder, read the same way by every library under test:

  docs.jsonl   one {"id", "text", "lang"} object a line: the raw article text
  tokens.txt   one line per document (same order): its word tokens, lower-cased, joined by one
               space. This is the shared tokenization: every library that takes tokens builds
               word 5-gram shingles from exactly these, so all of them hash identical shingle sets.
  truth.json   {"pairs": [[i, j], ...]} (document positions, i < j): the planted near-duplicate
               pairs, plus facts about the corpus (counts, bytes, how many planted pairs fall
               under the threshold in exact Jaccard).

How the truth is planted: base articles (real ones from shared/data, or synthetic) are first
made mutually distinct (a base sharing >= 30% of its shingles with an earlier base is dropped,
because real news corpora repeat stories and such pairs would be unplanned duplicates). From each
base we make 1-3 *near copies* (0.2-0.7% of its words edited: a word deleted, inserted, replaced,
a number changed, two adjacent sentences swapped; at least one edit) and one *far copy* (the same
edits at 3.5-12%: the same story retold, not a duplicate). The base and its near copies form one
cluster; every pair inside a cluster is a true pair; nothing else is. The rates follow the C++
generator in tests/near_duplicate_generator.h, so the Python and C++ benchmarks plant alike.

Tokenization (the shared one): lower-case, then maximal runs of word characters, where word
characters are Unicode letters/digits/underscore plus the whole Devanagari block except the
danda (U+0964) and double danda (U+0965): Python's \\w alone would split Hindi words at their
vowel signs. crossdoc's own analyzer (ICU word breaks, NFKC + case folding, Devanagari folding)
gives slightly different tokens; compare_peers.py runs it as a separate row.

Everything is deterministic for a given seed (random.Random, which is specified by Python).
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import defaultdict
from typing import Iterable, Sequence

SHINGLE_SIZE = 5
TOKEN_RE = re.compile(r"[\w\u0900-\u0963\u0966-\u097F]+")
SENTENCE_END_RE = re.compile(r"(?<=[.?!\u0964\u0965])\s+")


def tokenize(text: str) -> list[str]:
    """The shared tokenization (see the module comment)."""
    return TOKEN_RE.findall(text.lower())


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> list[str]:
    """Word shingles as space-joined strings; a sequence shorter than `size` is one shingle, an
    empty one has none (the same rule as crossdoc's ShingleHashes)."""
    if not tokens:
        return []
    if len(tokens) < size:
        return [" ".join(tokens)]
    return [" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


# ----------------------------------------------------------------------------------------------
# Base texts

def load_jsonl_texts(path: str, min_words: int = 150, limit: int | None = None) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError:
                continue
            text = doc.get("text") or ""
            if len(text.split()) >= min_words:
                texts.append(text)
            if limit is not None and len(texts) >= limit:
                break
    return texts


def distinct_bases(texts: list[str], max_overlap: float = 0.3) -> list[str]:
    """Drops every text whose shingle set has Jaccard >= max_overlap with an earlier kept one.
    Uses an inverted index from shingle to kept texts, so it is near-linear in practice."""
    postings: dict[int, list[int]] = defaultdict(list)
    kept: list[str] = []
    kept_sets: list[set] = []
    for text in texts:
        sset = {hash(s) for s in shingles(tokenize(text))}
        if not sset:
            continue
        counts: dict[int, int] = defaultdict(int)
        for h in sset:
            for k in postings.get(h, ()):
                counts[k] += 1
        duplicate = False
        for k, inter in counts.items():
            union = len(sset) + len(kept_sets[k]) - inter
            if union and inter / union >= max_overlap:
                duplicate = True
                break
        if duplicate:
            continue
        idx = len(kept)
        kept.append(text)
        kept_sets.append(sset)
        for h in sset:
            postings[h].append(idx)
    return kept


_ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "z", "br", "ch", "cl", "dr", "gr", "pl", "sh", "st", "th", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]


def synthetic_vocabulary(rng: random.Random, size: int = 40000) -> list[str]:
    words = set()
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)))
    return sorted(words)


class SyntheticTexts:
    """~2 KB English-like articles of pseudo-words with Zipf-distributed frequencies, sentences
    of 8-24 words, a number now and then (so number edits have something to change)."""

    def __init__(self, seed: int, target_bytes: int = 2048):
        self.rng = random.Random(seed)
        self.vocab = synthetic_vocabulary(self.rng)
        self.cum = []
        total = 0.0
        for r in range(len(self.vocab)):
            total += 1.0 / (r + 1.5)
            self.cum.append(total)
        self.target_bytes = target_bytes

    def make(self) -> str:
        rng = self.rng
        out: list[str] = []
        size = 0
        while size < self.target_bytes:
            n = rng.randint(8, 24)
            words = rng.choices(self.vocab, cum_weights=self.cum, k=n)
            if rng.random() < 0.3:
                words[rng.randrange(n)] = str(rng.randint(2, 9999))
            words[0] = words[0].capitalize()
            sentence = " ".join(words) + "."
            out.append(sentence)
            size += len(sentence) + 1
        return " ".join(out)

    def many(self, count: int) -> list[str]:
        return [self.make() for _ in range(count)]


# ----------------------------------------------------------------------------------------------
# Planting near-duplicates

def _split_sentences(text: str) -> list[list[str]]:
    sentences = [s.split() for s in SENTENCE_END_RE.split(text)]
    return [s for s in sentences if s]


def _render(sentences: list[list[str]]) -> str:
    return " ".join(" ".join(s) for s in sentences if s)


def _edit(text: str, rate: float, rng: random.Random, filler: Sequence[str]) -> str:
    sentences = _split_sentences(text)
    n_words = sum(len(s) for s in sentences)
    if n_words == 0:
        return text
    ops = max(1, round(rate * n_words))

    def pick():
        k = rng.randrange(sum(len(s) for s in sentences))
        for si, s in enumerate(sentences):
            if k < len(s):
                return si, k
            k -= len(s)
        return 0, 0

    for _ in range(ops):
        kind = rng.randrange(5)
        if kind == 3 and len(sentences) >= 2:  # swap two adjacent sentences
            i = rng.randrange(len(sentences) - 1)
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
            continue
        si, wi = pick()
        word = sentences[si][wi]
        if kind == 4 and any(c.isdigit() for c in word):  # change a number
            digits = "".join(c for c in word if c.isdigit())
            new = str(int(digits) + rng.randint(1, 9))
            sentences[si][wi] = word.replace(digits, new, 1)
        elif kind == 0 and len(sentences[si]) > 1:  # delete a word
            del sentences[si][wi]
        elif kind == 1:  # insert a word
            sentences[si].insert(wi, rng.choice(filler))
        else:  # replace a word
            sentences[si][wi] = rng.choice(filler)
    return _render(sentences)


def plant(bases: list[str], seed: int, shuffle_window: int = 0) -> tuple[list[str], list[int],
                                                                        list[bool]]:
    """Returns (texts, group, near): for each document its text, the base it derives from, and
    whether it is the base or a near copy (False for far copies). Order is shuffled; with
    shuffle_window > 0 only inside consecutive windows of that many documents (so that a prefix
    of the corpus holds whole clusters, for the scaling run)."""
    rng = random.Random(seed)
    filler_rng = random.Random(seed ^ 0x5EED)
    # Words to insert: drawn from the bases themselves, so inserted words look like the corpus.
    filler: list[str] = []
    for text in bases[: min(len(bases), 200)]:
        filler.extend(filler_rng.sample(text.split(), min(20, len(text.split()))))
    items: list[tuple[str, int, bool]] = []
    for g, base in enumerate(bases):
        items.append((base, g, True))
        for _ in range(rng.randint(1, 3)):
            items.append((_edit(base, rng.uniform(0.002, 0.007), rng, filler), g, True))
        items.append((_edit(base, rng.uniform(0.035, 0.12), rng, filler), g, False))
    if shuffle_window > 0:
        for start in range(0, len(items), shuffle_window):
            window = items[start:start + shuffle_window]
            rng.shuffle(window)
            items[start:start + shuffle_window] = window
    else:
        rng.shuffle(items)
    return [t for t, _, _ in items], [g for _, g, _ in items], [n for _, _, n in items]


def truth_pairs(group: Sequence[int], near: Sequence[bool], limit: int | None = None) -> list:
    n = len(group) if limit is None else min(limit, len(group))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        if near[i]:
            members[group[i]].append(i)
    pairs = []
    for ms in members.values():
        for x in range(len(ms)):
            for y in range(x + 1, len(ms)):
                pairs.append((ms[x], ms[y]))
    pairs.sort()
    return pairs


def write_corpus(folder: str, texts: list[str], lang: str, pairs: Iterable, meta: dict,
                 threshold: float = 0.8) -> dict:
    os.makedirs(folder, exist_ok=True)
    n_tokens = 0
    with open(os.path.join(folder, "docs.jsonl"), "w", encoding="utf-8") as docs_file, \
            open(os.path.join(folder, "tokens.txt"), "w", encoding="utf-8") as tokens_file:
        for i, text in enumerate(texts):
            docs_file.write(json.dumps({"id": f"d{i}", "text": text, "lang": lang},
                                       ensure_ascii=False) + "\n")
            toks = tokenize(text)
            n_tokens += len(toks)
            tokens_file.write(" ".join(toks) + "\n")
    pairs = [list(p) for p in pairs]
    sets: dict[int, set] = {}

    def shingle_set(i: int) -> set:
        if i not in sets:
            sets[i] = set(shingles(tokenize(texts[i])))
        return sets[i]

    below = sum(1 for i, j in pairs if jaccard(shingle_set(i), shingle_set(j)) < threshold)
    info = dict(meta)
    info.update({
        "documents": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "tokens": n_tokens,
        "truth_pairs": len(pairs),
        "truth_pairs_below_threshold": below,
        "threshold": threshold,
        "lang": lang,
    })
    with open(os.path.join(folder, "truth.json"), "w", encoding="utf-8") as f:
        json.dump({"info": info, "pairs": pairs}, f)
    return info


def make_real_corpus(folder: str, source_jsonl: str, lang: str, seed: int,
                     max_bases: int | None = None, threshold: float = 0.8) -> dict:
    texts = load_jsonl_texts(source_jsonl)
    raw = len(texts)
    bases = distinct_bases(texts)
    if max_bases is not None:
        bases = bases[:max_bases]
    docs, group, near = plant(bases, seed)
    meta = {"source": os.path.basename(os.path.dirname(source_jsonl)),
            "articles_read": raw, "bases": len(bases), "synthetic": False}
    return write_corpus(folder, docs, lang, truth_pairs(group, near), meta, threshold)


def make_synthetic_corpus(folder: str, documents: int, seed: int,
                          threshold: float = 0.8) -> dict:
    # About 1 + 2 (near copies) + 1 (far copy) = 4 documents per base on average; 10% more bases
    # than that, so the corpus surely reaches `documents` before it is cut there.
    gen = SyntheticTexts(seed)
    bases = gen.many(max(2, documents // 4 + documents // 40 + 2))
    docs, group, near = plant(bases, seed, shuffle_window=1000)
    docs, group, near = docs[:documents], group[:documents], near[:documents]
    meta = {"source": "synthetic", "bases": len(set(group)), "synthetic": True}
    return write_corpus(folder, docs, "en", truth_pairs(group, near), meta, threshold)


def read_truth(folder: str, limit: int | None = None) -> tuple[set, dict]:
    with open(os.path.join(folder, "truth.json"), encoding="utf-8") as f:
        data = json.load(f)
    pairs = {(i, j) for i, j in data["pairs"] if limit is None or (i < limit and j < limit)}
    return pairs, data["info"]
