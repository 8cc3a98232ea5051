"""Deduplicate and fact-check a corpus on a dask.distributed cluster.

The corpus never gathers on one machine: documents stay in their partitions, and only small
records travel between workers.

1. **sketch** -- each partition gets its MinHash signatures (all the worker's cores, GIL
   released): ``sketch_partition``.
2. **band** -- each signature becomes one record per LSH band, keyed by its band key:
   ``band_records``.
3. **shuffle by band key, verify** -- records that share a key meet in one group; every pair
   in it whose estimated Jaccard similarity reaches the threshold is an edge: ``verify_band_group``.
   These are the pairs the single-process ``crossdoc.dedup`` finds (same signatures, same keys,
   same test).
4. **connected components** -- distributed min-label propagation over the edges, one shuffle per
   round until no label changes (as many rounds as the longest chain of near-duplicates, plus
   one). Each document's label is the first-added member of its cluster.
5. **clusters** -- grouped by label, the representative chosen as ``crossdoc.dedup`` chooses it
   (earliest published; members without a time after those with one; ties to the member added
   first): ``make_cluster``.
6. **fact-check per cluster** -- the texts of each cluster's documents are shuffled together and
   ``crossdoc.factcheck`` aligns them and reconciles their facts: ``factcheck_cluster``.

Clusters and findings are written as JSONL by the workers themselves (``Bag.to_textfiles``), so
the output directory must be one every worker can write to (a shared file system, or an
``s3://``/``gs://`` URL with the matching fsspec package).

The functions named above are plain Python over plain records (dicts, tuples, bytes, ints) and
do not import dask: a Spark job can call them from ``mapPartitions`` / ``groupByKey`` (see
docs/python.md). Group keys are always Python ints, because string hashes differ between
worker processes.

Records:

* document: ``{"id": str, "text": str, "source"?: str, "published"?: ISO 8601 str, "lang"?: str}``
* sketch: ``{"id", "ord", "published", "signature"}`` -- ``ord`` is ``partition << 32 | index``
  (the position in the corpus, for "added first"), ``published`` Unix seconds or None,
  ``signature`` the bytes of a ``crossdoc.Signature``.
* edge: ``(id_a, ord_a, published_a, id_b, ord_b, published_b, similarity)``.
* cluster: ``{"representative": id, "members": [ids in corpus order], "size": n}``.
* finding (JSONL): ``{"cluster": representative id, **Finding.to_dict()}``.

Example::

    from dask.distributed import Client
    import crossdoc.dask

    client = Client("tcp://scheduler:8786")
    summary = crossdoc.dask.run(["s3://news/2024-*.jsonl"], "s3://news/crossdoc-out",
                                threshold=0.8)
    print(summary)   # {'documents': ..., 'pairs': ..., 'clusters': ..., 'findings': ...}
"""

from __future__ import annotations

import datetime as _datetime
import itertools
import json
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import crossdoc

__all__ = [
    "DedupParameters",
    "band_records",
    "dedup_bag",
    "factcheck_bag",
    "factcheck_cluster",
    "id_key",
    "make_cluster",
    "read_corpus",
    "run",
    "sketch_partition",
    "verify_band_group",
]

Edge = Tuple[str, int, Optional[int], str, int, Optional[int], float]

_EPSILON = 1e-12  # the same tolerance crossdoc's index applies to the threshold


class DedupParameters:
    """MinHash and LSH settings shared by every step (and by ``crossdoc.dedup`` when the results
    are to be compared). bands/rows 0 derive them from the threshold as ``crossdoc.Index`` does."""

    def __init__(self, threshold: float = 0.8, num_hashes: int = 128, shingle_size: int = 5,
                 seed: int = crossdoc.DEFAULT_SEED, bands: int = 0, rows: int = 0) -> None:
        if bands == 0 and rows == 0:
            bands, rows = crossdoc.derive_lsh_parameters(threshold, num_hashes)
        if bands <= 0 or rows <= 0 or bands * rows > num_hashes:
            raise ValueError(f"bands ({bands}) x rows ({rows}) must be positive and at most "
                             f"num_hashes ({num_hashes})")
        crossdoc.MinHasher(num_hashes, shingle_size, seed)  # validates, raising InputError
        self.threshold = threshold
        self.num_hashes = num_hashes
        self.shingle_size = shingle_size
        self.seed = seed
        self.bands = bands
        self.rows = rows

    def hasher(self) -> crossdoc.MinHasher:
        """The MinHasher of these settings."""
        return crossdoc.MinHasher(self.num_hashes, self.shingle_size, self.seed)

    def __repr__(self) -> str:
        return (f"DedupParameters(threshold={self.threshold}, num_hashes={self.num_hashes}, "
                f"shingle_size={self.shingle_size}, bands={self.bands}, rows={self.rows})")


def id_key(doc_id: str) -> int:
    """A group key for a document id that is the same in every process (XXH3 of its UTF-8)."""
    return crossdoc.hash_token(doc_id, 0)


def _unix_seconds(published: Any) -> Optional[int]:
    if published is None or published == "":
        return None
    iso = crossdoc.Document("_", "", published=published).published
    if iso is None:
        return None
    return int(_datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


# ------------------------------------------------------------------------------------------------
# Partition functions (no dask here: Spark's mapPartitions can call them as they are)

def sketch_partition(documents: Iterable[Dict[str, Any]], partition: int,
                     params: DedupParameters, threads: int = 0) -> List[Dict[str, Any]]:
    """Step 1: the sketch record of every document of partition number ``partition``.

    Signatures are computed in one batch on ``threads`` threads (0 = every core of the worker)
    without the GIL. Raises InputError naming the document when a text is not valid UTF-8."""
    docs = list(documents)
    hasher = params.hasher()
    try:
        signatures = hasher.signatures([d["text"] for d in docs], threads=threads)
    except crossdoc.InputError as e:  # name the document, not only its position
        index = int(str(e).split(":", 1)[0].split()[-1]) if str(e).startswith("text ") else None
        where = f"document '{docs[index]['id']}'" if index is not None else "a document"
        raise crossdoc.InputError(f"partition {partition}, {where}: {e}") from e
    return [{"id": d["id"], "ord": (partition << 32) | i, "published": _unix_seconds(d.get("published")),
             "signature": bytes(sig)}
            for i, (d, sig) in enumerate(zip(docs, signatures))]


def band_records(sketches: Iterable[Dict[str, Any]],
                 params: DedupParameters) -> Iterator[Tuple[int, Tuple[str, int, Optional[int], bytes]]]:
    """Step 2: ``(group key, (id, ord, published, signature bytes))`` for every band of every
    sketch. The group key combines the band number and the band key into one int; documents
    with an empty signature (no words) get none, as in the index."""
    for s in sketches:
        keys = crossdoc.band_keys(s["signature"], params.bands, params.rows)
        value = (s["id"], s["ord"], s["published"], s["signature"])
        for band, key in enumerate(keys.tolist()):
            yield (band << 64) | key, value


def verify_band_group(members: Sequence[Tuple[str, int, Optional[int], bytes]],
                      params: DedupParameters) -> Iterator[Edge]:
    """Step 3: the verified pairs among the documents that share one band key: estimated
    Jaccard >= threshold, as crossdoc's index verifies them. A pair that shares several band
    keys is emitted once per key; the component step merges the repeats."""
    if len(members) < 2:
        return
    sigs = [crossdoc.Signature(m[3]) for m in members]
    t = params.threshold - _EPSILON
    for i, j in itertools.combinations(range(len(members)), 2):
        sim = sigs[i].jaccard(sigs[j])
        if sim >= t:
            a, b = sorted((members[i], members[j]), key=lambda m: m[1])
            yield (a[0], a[1], a[2], b[0], b[1], b[2], sim)


def make_cluster(members: Iterable[Tuple[str, int, Optional[int]]]) -> Dict[str, Any]:
    """Step 5: a cluster record from its members ``(id, ord, published)``: members in corpus
    order, representative as ``crossdoc.dedup`` chooses it."""
    ordered = sorted(set(members), key=lambda m: m[1])
    rep = min(ordered, key=lambda m: (0, m[2], m[1]) if m[2] is not None else (1, 0, m[1]))
    return {"representative": rep[0], "members": [m[0] for m in ordered], "size": len(ordered)}


def factcheck_cluster(documents: Iterable[Dict[str, Any]], representative: Optional[str] = None,
                      **options: Any) -> List[Dict[str, Any]]:
    """Step 6: the findings of one cluster's documents, each as
    ``{"cluster": representative, **Finding.to_dict()}``. Documents are checked in corpus order
    (their "ord", else as given); ``representative`` defaults to the one ``make_cluster`` picks.
    ``options`` go to ``crossdoc.factcheck`` (threads, min_conflict_fact_confidence, ...)."""
    docs = [dict(d) for d in documents]
    for i, d in enumerate(docs):
        d.setdefault("ord", i)
    docs.sort(key=lambda d: d["ord"])
    if representative is None:
        members = [(d["id"], d["ord"], _unix_seconds(d.get("published"))) for d in docs]
        representative = make_cluster(members)["representative"]
    if len(docs) < 2:
        return []
    clean: List[Dict[str, Any]] = [
        {k: d[k] for k in ("id", "text", "source", "published", "lang") if k in d} for d in docs]
    report = crossdoc.factcheck(clean, **options)
    return [dict(cluster=representative, **f.to_dict()) for f in report.findings]


# ------------------------------------------------------------------------------------------------
# Dask drivers

def _require_dask():
    try:
        import dask  # noqa: F401
        import dask.bag  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("crossdoc.dask needs dask: pip install 'dask[distributed]'") from e


def read_corpus(paths: Sequence[str] | str, blocksize: Optional[int | str] = "64MiB"):
    """A dask Bag of document dicts from JSONL files (local paths or fsspec URLs), split into
    partitions of about ``blocksize`` bytes without reading the files on the client. A line
    that is not a JSON object with "id" and "text" raises InputError naming the file."""
    _require_dask()
    import dask.bag as db

    lines = db.read_text(paths, blocksize=blocksize, include_path=True)

    def parse(line_and_path):
        line, path = line_and_path
        if not line.strip():
            return []
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise crossdoc.InputError(f"{path}: bad JSON line: {e}") from e
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or \
                not isinstance(doc.get("text"), str):
            raise crossdoc.InputError(f"{path}: a line needs string 'id' and 'text' fields")
        return [doc]

    return lines.map(parse).flatten()


def _with_ord(documents, partition):
    return [dict(d, ord=(partition << 32) | i) for i, d in enumerate(documents)]


def _shuffle(bag, key: Callable[[Any], int], npartitions: Optional[int]):
    return bag.groupby(key, shuffle="tasks", npartitions=npartitions)


def _adjacency(edges_bag, npartitions):
    """(vertex id, ord, published, label, neighbours) per vertex of the edge graph; the label
    starts as the vertex's own ord."""

    def directed(edge: Edge):
        a, ao, ap, b, bo, bp, _ = edge
        return [((a, ao, ap), (b, bo, bp)), ((b, bo, bp), (a, ao, ap))]

    def merge(group):
        _, items = group
        (vid, vord, vpub) = items[0][0]
        neighbours = sorted({n for _, n in items}, key=lambda n: n[1])
        return (vid, vord, vpub, vord, tuple(neighbours))

    return _shuffle(edges_bag.map(directed).flatten(), lambda x: id_key(x[0][0]),
                    npartitions).map(merge)


def _propagate(state_bag, npartitions):
    """One round of min-label propagation: every vertex sends its label to its neighbours and
    keeps the smallest label it sees. Returns the new state with a changed flag per vertex."""

    def messages(v):
        vid, vord, vpub, label, nbrs = v
        out = [("state", vid, v)]
        out.extend(("label", n[0], label) for n in nbrs)
        return out

    def reduce(group):
        _, items = group
        by_vertex: Dict[str, Any] = {}
        labels: Dict[str, int] = {}
        for kind, vid, payload in items:
            if kind == "state":
                by_vertex[vid] = payload
            else:
                labels[vid] = min(labels.get(vid, payload), payload)
        out = []
        for vid, (v_id, vord, vpub, label, nbrs) in by_vertex.items():
            new = min(label, labels.get(vid, label))
            out.append(((v_id, vord, vpub, new, nbrs), new != label))
        return out

    return _shuffle(state_bag.map(messages).flatten(), lambda m: id_key(m[1]),
                    npartitions).map(reduce).flatten()


def dedup_bag(documents, params: Optional[DedupParameters] = None, *, threads: int = 0,
              npartitions: Optional[int] = None, max_rounds: int = 100):
    """Clusters of near-duplicates in a Bag of document dicts (ids must be unique; unlike
    ``crossdoc.dedup`` this is not checked, and two documents with one id are merged).

    Returns ``(clusters, labels, stats)``: a Bag of cluster records, a Bag of
    ``(id, label, ord)`` for every document in a cluster (label = first-added member's ord), and
    a dict with "pairs" (verified pairs) and "rounds" (propagation rounds). The propagation
    rounds run one after another (each checks whether a label changed), so this call computes
    the edges and the labels; the clusters Bag is persisted on the cluster, not collected.
    """
    _require_dask()
    import dask
    import dask.bag as db

    params = params or DedupParameters()
    parts = documents.to_delayed()
    sketches = db.from_delayed([dask.delayed(sketch_partition)(p, i, params, threads)
                                for i, p in enumerate(parts)])
    npartitions = npartitions or max(1, len(parts))
    bands = sketches.map_partitions(lambda s: list(band_records(s, params)))
    groups = _shuffle(bands, lambda r: r[0], npartitions)
    edges = groups.map(lambda g: list(verify_band_group([m for _, m in g[1]], params))).flatten()

    state = _adjacency(edges, npartitions).persist()
    pairs = state.map(lambda v: len(v[4])).sum().compute() // 2
    rounds = 0
    while True:
        rounds += 1
        step = _propagate(state, npartitions).persist()
        changed = step.map(lambda x: int(x[1])).sum().compute()
        state = step.map(lambda x: x[0]).persist()
        if changed == 0 or rounds >= max_rounds:
            break
    if changed:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")

    labels = state.map(lambda v: (v[0], v[3], v[1]))
    clusters = _shuffle(state.map(lambda v: (v[3], (v[0], v[1], v[2]))), lambda x: x[0],
                        npartitions).map(lambda g: make_cluster(m for _, m in g[1]))
    return clusters.persist(), labels.persist(), {"pairs": int(pairs), "rounds": rounds}


def factcheck_bag(documents, labels, *, npartitions: Optional[int] = None,
                  **options: Any):
    """Findings of every cluster: joins the documents (a Bag of dicts) with ``labels`` (from
    ``dedup_bag``) by id, shuffles each cluster's texts together, and runs ``factcheck_cluster``.
    Documents outside any cluster are dropped at the join. Returns a Bag of finding records."""
    _require_dask()
    import dask
    import dask.bag as db

    parts = documents.to_delayed()
    npartitions = npartitions or max(1, len(parts))
    ordered = db.from_delayed([dask.delayed(_with_ord)(p, i) for i, p in enumerate(parts)])
    tagged = db.concat([ordered.map(lambda d: ("doc", d["id"], d)),
                        labels.map(lambda x: ("label", x[0], x[1]))])

    def join(group):
        _, items = group
        label = {vid: lab for kind, vid, lab in items if kind == "label"}
        return [(label[vid], d) for kind, vid, d in items if kind == "doc" and vid in label]

    by_label = _shuffle(tagged, lambda x: id_key(x[1]), npartitions).map(join).flatten()

    def check(group):
        # The representative comes out as in the cluster record: same members, same rule.
        return factcheck_cluster([d for _, d in group[1]], **options)

    return _shuffle(by_label, lambda x: x[0], npartitions).map(check).flatten()


def run(paths: Sequence[str] | str, output_dir: str, *, threshold: float = 0.8,
        num_hashes: int = 128, shingle_size: int = 5, seed: int = crossdoc.DEFAULT_SEED,
        bands: int = 0, rows: int = 0, factcheck: bool = True, blocksize: Optional[int | str] = "64MiB",
        threads: int = 0, npartitions: Optional[int] = None,
        factcheck_options: Optional[Dict[str, Any]] = None) -> Dict[str, int]:
    """Deduplicates (and fact-checks) the JSONL corpus at ``paths`` on the current Dask
    scheduler (a ``dask.distributed.Client`` if one is active), writing
    ``output_dir/clusters-*.jsonl`` and ``output_dir/findings-*.jsonl`` from the workers.
    Returns counts: documents, pairs, clusters, findings, rounds."""
    _require_dask()
    import dask

    params = DedupParameters(threshold, num_hashes, shingle_size, seed, bands, rows)
    if "://" not in output_dir:
        os.makedirs(output_dir, exist_ok=True)
    docs = read_corpus(paths, blocksize=blocksize)
    clusters, labels, stats = dedup_bag(docs, params, threads=threads, npartitions=npartitions)
    writes = [clusters.map(lambda c: json.dumps(c, ensure_ascii=False)).to_textfiles(
        f"{output_dir}/clusters-*.jsonl", compute=False)]
    counts = {"documents": docs.count(), "clusters": clusters.count()}
    if factcheck:
        findings = factcheck_bag(docs, labels, npartitions=npartitions,
                                 **(factcheck_options or {})).persist()
        writes.append(findings.map(lambda f: json.dumps(f, ensure_ascii=False)).to_textfiles(
            f"{output_dir}/findings-*.jsonl", compute=False))
        counts["findings"] = findings.count()
    computed = dask.compute(counts, *writes)[0]
    return {**{k: int(v) for k, v in computed.items()}, **stats}
