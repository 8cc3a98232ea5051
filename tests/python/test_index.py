"""Index and dedup through Python: add, query, remove, save, load, clusters, errors."""

import os

import pytest

import crossdoc


def clusters_as_sets(result):
    return {frozenset(c.members) for c in result.clusters}


def test_dedup_finds_the_generated_clusters(corpus):
    docs, truth = corpus
    result = crossdoc.dedup(docs, threshold=0.8)
    assert clusters_as_sets(result) == truth
    for c in result.clusters:
        assert c.representative in c.members and len(c) == len(c.members) >= 2
        # Every copy was published on a later day than version 0, which is the representative.
        assert c.representative.endswith("-v0")
    for p in result.pairs:
        assert p.similarity >= 0.8
    as_json = result.to_dict()
    assert {frozenset(ids) for ids in as_json["clusters"]} == truth
    assert all(ids[0].endswith("-v0") for ids in as_json["clusters"])
    # Same answer from Document objects, tuples, and one thread.
    objects = [crossdoc.Document.from_dict(d) for d in docs]
    assert clusters_as_sets(crossdoc.dedup(objects, threads=1)) == truth
    tuples = [(d["id"], d["text"]) for d in docs]
    assert clusters_as_sets(crossdoc.dedup(tuples)) == truth
    singles = crossdoc.dedup(docs, include_singletons=True)
    assert sum(len(c) for c in singles.clusters) == len(docs)
    # A bound on the pairs: the kept pairs are a subset, the flag says so, clusters stay whole.
    assert not result.pairs_truncated and len(result.pairs) > 2
    bounded = crossdoc.dedup(docs, max_pairs=2)
    assert bounded.pairs_truncated and len(bounded.pairs) == 2
    every = {(p.a, p.b) for p in result.pairs}
    assert {(p.a, p.b) for p in bounded.pairs} <= every
    assert clusters_as_sets(bounded) == truth
    clusters_only = crossdoc.dedup(docs, max_pairs=0)
    assert clusters_only.pairs == [] and clusters_only.pairs_truncated
    assert clusters_as_sets(clusters_only) == truth


def test_dedup_errors_name_the_document(corpus):
    docs, _ = corpus
    with pytest.raises(crossdoc.InputError, match="story"):
        crossdoc.dedup(docs + [docs[0]])
    with pytest.raises(crossdoc.InputError, match="bad-doc"):
        crossdoc.dedup([("ok", "fine text"), ("bad-doc", b"caf\xc3")])
    with pytest.raises(crossdoc.InputError):
        crossdoc.dedup(docs, threshold=0)
    with pytest.raises(ValueError, match="verification"):
        crossdoc.dedup(docs, verification="guess")


def test_index_add_query_remove(corpus):
    docs, truth = corpus
    idx = crossdoc.Index(threshold=0.8)
    assert (idx.bands, idx.rows) == crossdoc.derive_lsh_parameters(0.8, 128)
    assert idx.verification == "estimated_jaccard" and idx.hasher.num_hashes == 128
    for d in docs[: len(docs) // 2]:
        idx.add(crossdoc.Document.from_dict(d))
    idx.add_documents(docs[len(docs) // 2:], threads=2)
    assert len(idx) == len(docs)
    assert docs[0]["id"] in idx and "absent" not in idx and 5 not in idx
    group = next(iter(sorted(truth, key=sorted)))
    first, *others = sorted(group)
    text = next(d["text"] for d in docs if d["id"] == first)
    matches = idx.query(text)
    assert {m.id for m in matches} == set(group)
    assert matches[0].id == first and matches[0].similarity == 1.0
    assert all(m.similarity >= 0.8 and 0 <= m.estimated_jaccard <= 1 for m in matches)
    assert {m.id for m in idx.query_id(first)} == set(others)
    # A query by signature, by sketch and by analyzed text agree.
    sig = idx.hasher.signature(text)
    assert [m.id for m in idx.query(sig)] == [m.id for m in matches]
    assert [m.id for m in idx.query(idx.sketch("q", text))] == [m.id for m in matches]
    assert [m.id for m in idx.query(crossdoc.analyze(text))] == [m.id for m in matches]
    assert idx.get(first).signature == sig
    idx.remove(others[0])
    assert others[0] not in idx and len(idx) == len(docs) - 1
    assert others[0] not in {m.id for m in idx.query(text)}
    with pytest.raises(KeyError, match="not in the index"):
        idx.remove(others[0])
    with pytest.raises(KeyError):
        idx.query_id("absent")
    with pytest.raises(KeyError):
        idx.get("absent")
    with pytest.raises(crossdoc.InputError):
        idx.add(first, "again")
    with pytest.raises(crossdoc.InputError, match="signature"):
        idx.query(crossdoc.Signature([1, 2, 3]))


def test_find_duplicates_equals_dedup(corpus):
    docs, truth = corpus
    idx = crossdoc.Index()
    idx.add_documents(docs)
    found = idx.find_duplicates(threads=2)
    assert clusters_as_sets(found) == truth
    assert [c.members for c in found.clusters] == [c.members for c in crossdoc.dedup(docs).clusters]


def test_sketches_built_elsewhere(corpus):
    docs, truth = corpus
    maker = crossdoc.Index(verification="exact_jaccard")
    sketches = [maker.sketch(d["id"], d["text"], published=d["published"]) for d in docs]
    idx = crossdoc.Index(verification="exact_jaccard")
    idx.add_sketches(sketches)
    assert clusters_as_sets(idx.find_duplicates()) == truth
    with pytest.raises(crossdoc.InputError):
        idx.add_sketches(sketches[:1])  # already present: nothing added
    assert len(idx) == len(docs)
    plain = crossdoc.Index()
    with pytest.raises(crossdoc.InputError):
        plain.add(crossdoc.Sketch("x", crossdoc.Signature([1] * 64)))


def test_save_and_load(corpus, tmp_path):
    docs, truth = corpus
    idx = crossdoc.Index(threshold=0.7, shingle_size=4)
    idx.add_documents(docs)
    path = tmp_path / "news.idx"
    idx.save(str(path))
    back = crossdoc.Index.load(str(path))
    assert len(back) == len(idx) and (back.threshold, back.shingle_size) == (0.7, 4)
    assert (back.bands, back.rows) == (idx.bands, idx.rows)
    assert clusters_as_sets(back.find_duplicates()) == clusters_as_sets(idx.find_duplicates())
    one = docs[3]
    assert [m.id for m in back.query(one["text"])] == [m.id for m in idx.query(one["text"])]
    with pytest.raises(FileNotFoundError):
        crossdoc.Index.load(str(tmp_path / "missing.idx"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.idx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(OSError, match="damaged.idx"):
        crossdoc.Index.load(str(damaged))
    truncated = tmp_path / "truncated.idx"
    truncated.write_bytes(bytes(data[:30]))
    with pytest.raises(OSError, match="truncated.idx"):
        crossdoc.Index.load(str(truncated))
    with pytest.raises(OSError):
        idx.save(str(tmp_path / "no-such-dir" / "x.idx"))
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(PermissionError):
            idx.save(str(locked / "x.idx"))


def test_help_is_useful():
    import inspect
    import pydoc

    page = pydoc.render_doc(crossdoc.Index, renderer=pydoc.plaintext)
    for word in ("add_documents", "find_duplicates", "KeyError", "OSError", "GIL"):
        assert word in page
    doc = crossdoc.Index.__doc__
    for word in ("threshold", "verification", "query", "save", "load", "Thread"):
        assert word in doc
    for name in ("add", "add_documents", "query", "query_id", "remove", "save", "load",
                 "find_duplicates", "sketch", "get"):
        assert getattr(crossdoc.Index, name).__doc__
    import importlib
    for module in (crossdoc, importlib.import_module("crossdoc.dask")):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj):
                assert obj.__doc__, name
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if not attr.startswith("_") and hasattr(value, "__doc__"):
                        assert value.__doc__, f"{name}.{attr}"
