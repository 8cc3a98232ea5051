"""Pickling: what a distributed engine (Dask, Spark) ships between processes."""

import pickle

import crossdoc


def test_documents_and_signatures_pickle():
    d = crossdoc.Document("x", "पाठ text", source="S", published="2024-04-10T08:22:00+05:30",
                          lang="hi")
    assert pickle.loads(pickle.dumps(d)) == d
    sig = crossdoc.MinHasher().signature(d)
    assert pickle.loads(pickle.dumps(sig)) == sig
    assert pickle.loads(pickle.dumps(crossdoc.Signature(b""))).empty


def test_findings_and_facts_pickle(example_docs):
    report = crossdoc.factcheck(example_docs[:3])
    assert report.findings
    for f in report.findings:
        back = pickle.loads(pickle.dumps(f))
        assert back == f and back.to_dict() == f.to_dict()
        assert back.a.char_span == f.a.char_span and back.b.type == f.b.type
        assert pickle.loads(pickle.dumps(f.a)) == f.a
    facts = crossdoc.extract_facts(example_docs[0]).facts
    for fact in facts:
        back = pickle.loads(pickle.dumps(fact))
        assert back.to_dict() == fact.to_dict() and back.char_span == fact.char_span


def test_dedup_results_pickle(corpus):
    docs, _ = corpus
    result = crossdoc.dedup(docs)
    clusters = pickle.loads(pickle.dumps(result.clusters))
    assert [(c.representative, c.members) for c in clusters] == \
        [(c.representative, c.members) for c in result.clusters]
    pairs = pickle.loads(pickle.dumps(result.pairs))
    assert [(p.a, p.b, p.similarity) for p in pairs] == \
        [(p.a, p.b, p.similarity) for p in result.pairs]
    idx = crossdoc.Index()
    idx.add_documents(docs)
    matches = idx.query(docs[0]["text"])
    back = pickle.loads(pickle.dumps(matches))
    assert [(m.id, m.similarity) for m in back] == [(m.id, m.similarity) for m in matches]
