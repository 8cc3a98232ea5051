"""crossdoc: cross-document deduplication and fact reconciliation of news text.

Feed it articles (Hindi/Devanagari and English first; nothing is specific to them); it tells you
which ones are the same story rewritten, which passages correspond, and where two outlets
disagree -- and where they only seem to.

Quick start::

    import crossdoc

    docs = crossdoc.read_jsonl("corpus.jsonl")          # [Document, ...]
    result = crossdoc.dedup(docs, threshold=0.8)         # near-duplicate clusters, all cores
    for cluster in result.clusters:
        print(cluster.representative, cluster.members)

    report = crossdoc.factcheck(docs_on_one_story)       # conflicts and agreements
    for f in report.findings:
        print(f.verdict, f.kind, f.a.text, "vs", f.b.text, "-", f.explanation)
    report.to_json()                                     # same JSON as crossdoc-factcheck --json

The stages, each usable alone:

* text: ``analyze``/``Analyzer`` (sentences, tokens, normalized forms and cross-script keys),
  ``normalize``, ``transliterate``, ``decode_acronym``.
* fingerprint: ``MinHasher`` and ``Signature`` (bytes or NumPy arrays), ``fingerprint``
  (exact, MinHash, SimHash per document and sentence), ``band_keys`` and the hashing helpers.
* index: ``Index`` (add, query, remove, save, load, find_duplicates) and ``dedup``.
* align: ``align`` and ``align_within`` (passages, sentence pairs, token diffs).
* facts: ``extract_facts``, ``link_entity``.
* reconcile/report: ``factcheck`` returning a ``FactCheckReport`` of ``Finding`` objects.
* scale-out: ``crossdoc.dask`` (dedup and fact-check on a dask.distributed cluster; its
  partition functions also serve Spark's mapPartitions).

Offsets: every span is reported in bytes of the UTF-8 text (``span``, what the JSON contract
uses) and in code points (``char_span``): ``text[begin:end]`` on the Python str gives exactly
the reported text.

Errors: bad input raises ``InputError`` (a ValueError; ``.offset`` is the byte offset the
message names), files raise OSError subclasses (FileNotFoundError, PermissionError), an unknown
document id raises KeyError. Messages are those of the C++ library.

Threads: every call that does real work releases the GIL; the batch calls (``*_many``,
``MinHasher.signatures``, ``Index.add_documents``, ``Index.find_duplicates``, ``dedup``,
``factcheck``) use every core unless given ``threads``.
"""

from ._crossdoc import (
    DEFAULT_SEED,
    FINGERPRINT_SCHEME_VERSION,
    INDEX_FILE_VERSION,
    Alignment,
    AnalyzedText,
    Analyzer,
    ClaimTally,
    Dateline,
    DedupResult,
    DiffSegment,
    Document,
    DocumentFacts,
    DocumentFingerprint,
    DuplicateCluster,
    DuplicatePair,
    Fact,
    FactCheckReport,
    Finding,
    FindingSide,
    Index,
    InputError,
    JsonlError,
    Match,
    MinHasher,
    Passage,
    ReportDocument,
    ReportPassage,
    Sentence,
    SentenceFingerprint,
    SentencePair,
    Signature,
    Sketch,
    Token,
    ValueSupport,
    __version__,
    align,
    align_within,
    analyze,
    band_keys,
    candidate_probability,
    containment,
    decode_acronym,
    dedup,
    derive_lsh_parameters,
    entity_display_name,
    estimate_jaccard,
    exact_fingerprint,
    exact_jaccard,
    extract_facts,
    factcheck,
    find_invalid_utf8,
    fingerprint,
    fingerprint_many,
    hamming_distance,
    hash_token,
    hash_tokens,
    link_entity,
    normalize,
    read_jsonl,
    read_text_file,
    shingle_hashes,
    shingle_set,
    simhash,
    transliterate,
)


def read_documents(path):
    """Reads what crossdoc's programs accept as a FILE argument: a ``.jsonl`` corpus with
    :func:`read_jsonl`, anything else as one plain-text article with :func:`read_text_file`.
    Returns a list of :class:`Document`."""
    if str(path).endswith(".jsonl"):
        return read_jsonl(str(path))
    return [read_text_file(str(path))]


__all__ = [
    "DEFAULT_SEED",
    "FINGERPRINT_SCHEME_VERSION",
    "INDEX_FILE_VERSION",
    "Alignment",
    "AnalyzedText",
    "Analyzer",
    "ClaimTally",
    "Dateline",
    "DedupResult",
    "DiffSegment",
    "Document",
    "DocumentFacts",
    "DocumentFingerprint",
    "DuplicateCluster",
    "DuplicatePair",
    "Fact",
    "FactCheckReport",
    "Finding",
    "FindingSide",
    "Index",
    "InputError",
    "JsonlError",
    "Match",
    "MinHasher",
    "Passage",
    "ReportDocument",
    "ReportPassage",
    "Sentence",
    "SentenceFingerprint",
    "SentencePair",
    "Signature",
    "Sketch",
    "Token",
    "ValueSupport",
    "__version__",
    "align",
    "align_within",
    "analyze",
    "band_keys",
    "candidate_probability",
    "containment",
    "decode_acronym",
    "dedup",
    "derive_lsh_parameters",
    "entity_display_name",
    "estimate_jaccard",
    "exact_fingerprint",
    "exact_jaccard",
    "extract_facts",
    "factcheck",
    "find_invalid_utf8",
    "fingerprint",
    "fingerprint_many",
    "hamming_distance",
    "hash_token",
    "hash_tokens",
    "link_entity",
    "normalize",
    "read_documents",
    "read_jsonl",
    "read_text_file",
    "shingle_hashes",
    "shingle_set",
    "simhash",
    "transliterate",
]
