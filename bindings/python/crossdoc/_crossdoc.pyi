"""Type stubs of crossdoc's compiled core (see crossdoc/__init__.py for the overview)."""

import datetime
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union, overload

import numpy as np
import numpy.typing as npt

__version__: str
FINGERPRINT_SCHEME_VERSION: int
INDEX_FILE_VERSION: int
DEFAULT_SEED: int

Span = Tuple[int, int]
TextInput = Union[str, bytes]
Timestamp = Union[None, str, datetime.datetime]
DocumentLike = Union["Document", Dict[str, Any], Tuple[str, str]]
TextLike = Union[str, bytes, "Document", "AnalyzedText"]
SignatureLike = Union["Signature", bytes, Sequence[int], npt.NDArray[np.uint32]]
HashArray = Union[Sequence[int], npt.NDArray[np.uint64]]

class InputError(ValueError):
    """Bad input; `offset` is the byte offset the message names, or None."""

    offset: Optional[int]

# ------------------------------------------------------------------------------------ documents

class Document:
    """One article: original UTF-8 text plus metadata (only id and text are required)."""

    id: str
    text: str
    source: str
    published: Optional[str]
    lang: str
    def __init__(
        self,
        id: TextInput,
        text: TextInput,
        source: Optional[TextInput] = "",
        published: Timestamp = None,
        lang: Optional[TextInput] = "",
    ) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...
    @staticmethod
    def from_dict(d: Dict[str, Any]) -> Document: ...
    def __eq__(self, other: object) -> bool: ...

class JsonlError:
    """One bad line of a JSONL corpus."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def line_offset(self) -> int: ...
    @property
    def file_offset(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...

def read_jsonl(
    path: str, skip_bad_lines: bool = False, errors: Optional[List[JsonlError]] = None
) -> List[Document]: ...
def read_text_file(path: str) -> Document: ...

# ----------------------------------------------------------------------------------------- text

def normalize(text: TextInput) -> str: ...
def transliterate(text: TextInput) -> str: ...
def decode_acronym(normalized_word: TextInput) -> Optional[str]: ...
def find_invalid_utf8(data: bytes) -> Optional[int]: ...

class Token:
    """A token of an AnalyzedText, with its original bytes."""

    @property
    def text(self) -> str: ...
    @property
    def normalized(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def span(self) -> Span: ...
    @property
    def char_span(self) -> Span: ...
    @property
    def sentence(self) -> int: ...
    @property
    def is_word_like(self) -> bool: ...
    @property
    def joined_to_next(self) -> bool: ...
    @property
    def devanagari(self) -> bool: ...
    @property
    def latin(self) -> bool: ...
    @property
    def all_caps(self) -> bool: ...
    @property
    def acronym_key(self) -> bool: ...

class Sentence:
    """A sentence of an AnalyzedText."""

    @property
    def text(self) -> str: ...
    @property
    def span(self) -> Span: ...
    @property
    def char_span(self) -> Span: ...
    @property
    def headline(self) -> bool: ...
    @property
    def tokens(self) -> List[Token]: ...

class AnalyzedText:
    """The result of analyzing one text."""

    @property
    def text(self) -> str: ...
    @property
    def data(self) -> bytes: ...
    @property
    def sentences(self) -> List[Sentence]: ...
    @property
    def tokens(self) -> List[Token]: ...
    @property
    def repairs(self) -> List[Span]: ...
    def keys(self) -> List[str]: ...
    def char_offset(self, byte_offset: int) -> int: ...
    def __len__(self) -> int: ...

class Analyzer:
    """Splits and normalizes text; thread-safe."""

    def __init__(
        self, lenient_utf8: bool = False, max_text_bytes: int = 0, split_headline_lines: bool = True
    ) -> None: ...
    @property
    def lenient_utf8(self) -> bool: ...
    @property
    def max_text_bytes(self) -> int: ...
    @property
    def split_headline_lines(self) -> bool: ...
    def analyze(self, text: TextLike) -> AnalyzedText: ...
    def analyze_many(self, texts: Iterable[TextLike], threads: int = 0) -> List[AnalyzedText]: ...

def analyze(text: TextLike, lenient_utf8: bool = False) -> AnalyzedText: ...

# --------------------------------------------------------------------------------- fingerprints

class Signature:
    """A MinHash signature: k uint32 values (bytes, NumPy via the buffer protocol, picklable)."""

    def __init__(self, values: SignatureLike) -> None: ...
    def to_bytes(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> Signature: ...
    def to_numpy(self) -> npt.NDArray[np.uint32]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> int: ...
    def __iter__(self) -> Any: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    @property
    def empty(self) -> bool: ...
    def jaccard(self, other: Signature) -> float: ...
    def band_keys(self, bands: int, rows: int) -> npt.NDArray[np.uint64]: ...

class MinHasher:
    """Computes MinHash signatures."""

    def __init__(self, num_hashes: int = 128, shingle_size: int = 5, seed: int = ...) -> None: ...
    @property
    def num_hashes(self) -> int: ...
    @property
    def shingle_size(self) -> int: ...
    @property
    def seed(self) -> int: ...
    def signature(self, text: TextLike) -> Signature: ...
    def signature_of_tokens(self, tokens: Iterable[TextInput]) -> Signature: ...
    def signature_of_hashes(self, token_hashes: HashArray) -> Signature: ...
    @overload
    def signatures(self, texts: Iterable[TextLike], threads: int = 0) -> List[Signature]: ...
    @overload
    def signatures(
        self, texts: Iterable[TextLike], threads: int = 0, as_array: bool = ...
    ) -> Union[List[Signature], npt.NDArray[np.uint32]]: ...

class SentenceFingerprint:
    sentence: int
    span: Span
    char_span: Span
    word_count: int
    exact: str
    minhash: Signature
    simhash: int

class DocumentFingerprint:
    word_count: int
    exact: str
    minhash: Signature
    simhash: int
    sentences: List[SentenceFingerprint]

def fingerprint(
    text: TextLike,
    num_hashes: int = 128,
    shingle_size: int = 5,
    seed: int = ...,
    sentences: bool = True,
    sentence_num_hashes: int = 32,
    sentence_shingle_size: int = 3,
) -> DocumentFingerprint: ...
def fingerprint_many(
    texts: Iterable[TextLike],
    threads: int = 0,
    num_hashes: int = 128,
    shingle_size: int = 5,
    seed: int = ...,
    sentences: bool = True,
    sentence_num_hashes: int = 32,
    sentence_shingle_size: int = 3,
) -> List[DocumentFingerprint]: ...
def hash_token(token: TextInput, seed: int = ...) -> int: ...
def hash_tokens(tokens: Iterable[TextInput], seed: int = ...) -> npt.NDArray[np.uint64]: ...
def shingle_hashes(
    token_hashes: HashArray, shingle_size: int = 5, seed: int = ...
) -> npt.NDArray[np.uint64]: ...
def shingle_set(
    token_hashes: HashArray, shingle_size: int = 5, seed: int = ...
) -> npt.NDArray[np.uint64]: ...
def exact_jaccard(sorted_a: HashArray, sorted_b: HashArray) -> float: ...
def containment(sorted_a: HashArray, sorted_b: HashArray) -> float: ...
def estimate_jaccard(a: SignatureLike, b: SignatureLike) -> float: ...
def simhash(feature_hashes: HashArray) -> int: ...
def hamming_distance(a: int, b: int) -> int: ...
def exact_fingerprint(tokens: Iterable[TextInput], seed: int = ...) -> str: ...
def band_keys(signature: SignatureLike, bands: int, rows: int) -> npt.NDArray[np.uint64]: ...
def derive_lsh_parameters(threshold: float, num_hashes: int = 128) -> Tuple[int, int]: ...
def candidate_probability(similarity: float, bands: int, rows: int) -> float: ...

# ---------------------------------------------------------------------------------------- index

class Sketch:
    """What an index stores about one document (picklable)."""

    def __init__(
        self,
        id: TextInput,
        signature: SignatureLike,
        shingles: Optional[HashArray] = None,
        published: Timestamp = None,
    ) -> None: ...
    @property
    def id(self) -> str: ...
    @property
    def signature(self) -> Signature: ...
    @property
    def shingles(self) -> npt.NDArray[np.uint64]: ...
    @property
    def published(self) -> Optional[str]: ...

class Match:
    @property
    def id(self) -> str: ...
    similarity: float
    estimated_jaccard: float

class DuplicatePair:
    @property
    def a(self) -> str: ...
    @property
    def b(self) -> str: ...
    similarity: float

class DuplicateCluster:
    @property
    def representative(self) -> str: ...
    @property
    def members(self) -> List[str]: ...
    def __len__(self) -> int: ...

class DedupResult:
    clusters: List[DuplicateCluster]
    pairs: List[DuplicatePair]
    def to_dict(self) -> Dict[str, List[List[str]]]: ...

class Index:
    """Near-duplicate search over MinHash signatures, incremental and persistent."""

    def __init__(
        self,
        threshold: float = 0.8,
        num_hashes: int = 128,
        shingle_size: int = 5,
        seed: int = ...,
        bands: int = 0,
        rows: int = 0,
        verification: str = "estimated_jaccard",
        analyzer: Optional[Analyzer] = None,
    ) -> None: ...
    @property
    def threshold(self) -> float: ...
    @property
    def num_hashes(self) -> int: ...
    @property
    def shingle_size(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def bands(self) -> int: ...
    @property
    def rows(self) -> int: ...
    @property
    def verification(self) -> str: ...
    @property
    def hasher(self) -> MinHasher: ...
    def sketch(self, id: TextInput, text: TextLike, published: Timestamp = None) -> Sketch: ...
    @overload
    def add(self, document: Union[Document, Dict[str, Any], Sketch]) -> None: ...
    @overload
    def add(self, document: TextInput, text: TextLike, published: Timestamp = None) -> None: ...
    def add_documents(self, documents: Iterable[DocumentLike], threads: int = 0) -> None: ...
    def add_sketches(self, sketches: Sequence[Sketch]) -> None: ...
    def remove(self, id: TextInput) -> None: ...
    def query(self, query: Union[TextLike, Sketch, Signature]) -> List[Match]: ...
    def query_id(self, id: TextInput) -> List[Match]: ...
    def get(self, id: TextInput) -> Sketch: ...
    def __contains__(self, id: object) -> bool: ...
    def __len__(self) -> int: ...
    def find_duplicates(self, threads: int = 0, include_singletons: bool = False) -> DedupResult: ...
    def save(self, path: str) -> None: ...
    @staticmethod
    def load(path: str, analyzer: Optional[Analyzer] = None) -> Index: ...

def dedup(
    documents: Iterable[DocumentLike],
    threshold: float = 0.8,
    num_hashes: int = 128,
    shingle_size: int = 5,
    seed: int = ...,
    bands: int = 0,
    rows: int = 0,
    verification: str = "estimated_jaccard",
    threads: int = 0,
    include_singletons: bool = False,
    lenient_utf8: bool = False,
) -> DedupResult: ...

# ---------------------------------------------------------------------------------------- align

class DiffSegment:
    op: str
    a_tokens: Span
    b_tokens: Span
    a_span: Span
    b_span: Span
    a_char_span: Span
    b_char_span: Span
    @property
    def a_text(self) -> str: ...
    @property
    def b_text(self) -> str: ...

class SentencePair:
    a_sentences: Span
    b_sentences: Span
    a_span: Span
    b_span: Span
    a_char_span: Span
    b_char_span: Span
    similarity: float
    diff: List[DiffSegment]
    @property
    def a_text(self) -> str: ...
    @property
    def b_text(self) -> str: ...

class Passage:
    a_span: Span
    b_span: Span
    a_char_span: Span
    b_char_span: Span
    similarity: float
    pairs: List[SentencePair]
    @property
    def a_text(self) -> str: ...
    @property
    def b_text(self) -> str: ...

class Alignment:
    passages: List[Passage]
    truncated: bool
    truncation_reason: str
    candidate_pairs_scored: int

def align(
    a: TextLike,
    b: TextLike,
    min_similarity: float = 0.35,
    allow_merges: bool = True,
    diff_tokens: bool = True,
    max_sentences: int = 20000,
    max_sentence_tokens: int = 512,
    max_key_postings: int = 64,
    max_candidate_pairs: int = 1000000,
    max_diff_cells: int = 200000000,
) -> Alignment: ...
def align_within(
    doc: TextLike,
    min_similarity: float = 0.35,
    allow_merges: bool = True,
    diff_tokens: bool = True,
    max_sentences: int = 20000,
    max_sentence_tokens: int = 512,
    max_key_postings: int = 64,
    max_candidate_pairs: int = 1000000,
    max_diff_cells: int = 200000000,
) -> Alignment: ...

# ---------------------------------------------------------------------------------------- facts

class Fact:
    kind: str
    type: str
    span: Span
    char_span: Span
    sentence: int
    confidence: float
    relative: bool
    @property
    def text(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def note(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Dateline:
    time: str
    span: Span
    char_span: Span
    sentence: int
    is_update: bool
    has_time: bool
    @property
    def text(self) -> str: ...

class DocumentFacts:
    facts: List[Fact]
    reference: Optional[str]
    reference_source: str
    datelines: List[Dateline]

def extract_facts(
    text: TextLike,
    published: Timestamp = None,
    use_dateline: bool = True,
    numeric_month_first: bool = False,
    negation: bool = True,
) -> DocumentFacts: ...
def link_entity(name: TextInput) -> Optional[Dict[str, Any]]: ...
def entity_display_name(id: TextInput) -> str: ...

# ------------------------------------------------------------------------------------ reconcile

class FindingSide:
    doc_index: int
    span: Span
    char_span: Span
    type: str
    sentence: int
    @property
    def doc(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def value(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Finding:
    kind: str
    verdict: str
    a: FindingSide
    b: FindingSide
    confidence: float
    @property
    def explanation(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

class ValueSupport:
    @property
    def value(self) -> str: ...
    @property
    def docs(self) -> List[str]: ...
    mentions: List[FindingSide]

class ClaimTally:
    kind: str
    values: List[ValueSupport]
    @property
    def majority(self) -> str: ...
    @property
    def outliers(self) -> List[str]: ...
    @property
    def explanation(self) -> str: ...

class ReportDocument:
    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    published: Optional[str]
    published_from: str

class ReportPassage:
    @property
    def a(self) -> str: ...
    @property
    def b(self) -> str: ...
    a_index: int
    b_index: int
    a_span: Span
    b_span: Span
    a_char_span: Span
    b_char_span: Span
    similarity: float

class FactCheckReport:
    documents: List[ReportDocument]
    passages: List[ReportPassage]
    findings: List[Finding]
    claims: List[ClaimTally]
    truncated: bool
    def to_json(self, indent: int = 0, claims: bool = False) -> str: ...
    def to_dict(self, claims: bool = False) -> Dict[str, Any]: ...
    def to_text(self, title: str = "", agreements: bool = True) -> str: ...
    def to_html(self, title: str = "", all_passages: bool = True) -> str: ...

def factcheck(
    documents: Iterable[DocumentLike],
    published: Optional[Dict[str, Timestamp]] = None,
    lenient_utf8: bool = False,
    threads: int = 0,
    min_conflict_fact_confidence: float = 0.6,
    min_agreement_fact_confidence: float = 0.5,
    min_pair_similarity: float = 0.35,
    within_documents: bool = True,
    near_miss_entities: bool = True,
    numeric_month_first: bool = False,
) -> FactCheckReport: ...
