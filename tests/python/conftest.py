"""Shared fixtures of the Python test suite: fixture paths, the seed articles, generated corpora."""

import os
import pathlib
import random

import pytest

import crossdoc

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "data"


def shared_dir() -> pathlib.Path:
    """The shared/ folder (seeds, real data): $CROSSDOC_SHARED, else beside the repository."""
    env = os.environ.get("CROSSDOC_SHARED")
    if env:
        return pathlib.Path(env)
    beside = REPO.parent / "shared"
    return beside if beside.is_dir() else pathlib.Path("/work/shared")


def seed_paths():
    """The two seed articles (000_*, 001_*), or a pytest skip saying where they were looked for."""
    seeds = shared_dir() / "seeds"
    found = {}
    if seeds.is_dir():
        for p in sorted(seeds.glob("*.txt")):
            found.setdefault(p.name[:4], p)
    if "000_" not in found or "001_" not in found:
        pytest.skip(f"seed articles not found under {seeds} (set CROSSDOC_SHARED to the folder "
                    "holding seeds/)")
    return found["000_"], found["001_"]


@pytest.fixture(scope="session")
def example_docs():
    """The five invented example articles of examples/data (one invented story, five outlets)."""
    paths = sorted(EXAMPLES.glob("jtf_*.txt"))
    if len(paths) != 5:
        pytest.skip(f"example articles not found under {EXAMPLES}")
    return [crossdoc.read_text_file(str(p)) for p in paths]


# ------------------------------------------------------------------------------------------------
# Generated corpora: invented words in Latin and Devanagari script, so the text is ours.

_LATIN_ONSETS = ["b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr"]
_LATIN_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
_DEVA_CONSONANTS = [chr(c) for c in range(0x0915, 0x0939) if c not in (0x0929, 0x0931, 0x0934)]
_DEVA_MATRAS = ["", "\u093e", "\u093f", "\u0940", "\u0941", "\u0942", "\u0947", "\u0948", "\u094b"]


def invented_word(rng: random.Random, script: str) -> str:
    syllables = rng.randint(2, 4)
    if script == "hi":
        return "".join(rng.choice(_DEVA_CONSONANTS) + rng.choice(_DEVA_MATRAS)
                       for _ in range(syllables))
    return "".join(rng.choice(_LATIN_ONSETS) + rng.choice(_LATIN_VOWELS) for _ in range(syllables))


def invented_article(rng: random.Random, script: str, sentences: int = 12) -> str:
    end = " ।" if script == "hi" else "."
    out = []
    for _ in range(sentences):
        words = [invented_word(rng, script) for _ in range(rng.randint(8, 16))]
        if script == "en":
            words[0] = words[0].capitalize()
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 2030)))
        out.append(" ".join(words) + end)
    return " ".join(out)


def near_copy(rng: random.Random, text: str, script: str, edits: int = 2) -> str:
    """A rewrite that changes `edits` words: Jaccard of 5-word shingles stays well above 0.8."""
    words = text.split(" ")
    for _ in range(edits):
        i = rng.randrange(len(words))
        if words[i] not in (".", "।"):
            words[i] = invented_word(rng, script)
    return " ".join(words)


def generated_corpus(stories: int = 40, seed: int = 7):
    """(documents, truth): documents as dicts; truth is the set of frozensets of ids that are
    copies of one story (stories with a single version are not in it)."""
    rng = random.Random(seed)
    docs, truth = [], set()
    for s in range(stories):
        script = "hi" if s % 2 else "en"
        base = invented_article(rng, script)
        copies = rng.choice([1, 1, 2, 3, 4])
        ids = []
        for c in range(copies):
            text = base if c == 0 else near_copy(rng, base, script)
            doc_id = f"story{s:03d}-v{c}"
            ids.append(doc_id)
            docs.append({"id": doc_id, "text": text, "source": f"Outlet {c}",
                         "published": f"2025-02-{1 + c:02d}T10:00:00+05:30", "lang": script})
        if copies > 1:
            truth.add(frozenset(ids))
    rng.shuffle(docs)
    return docs, truth


@pytest.fixture(scope="session")
def corpus():
    return generated_corpus()
