"""Acceptance on the real seed articles (two Hindi reports of one India-Kazakhstan meeting),
through Python. Skipped with a message when the seeds are absent."""

import json

import pytest

import crossdoc
from conftest import seed_paths


@pytest.fixture(scope="module")
def seeds():
    p0, p1 = seed_paths()
    return crossdoc.read_text_file(str(p0)), crossdoc.read_text_file(str(p1))


def find(report, verdict, kind, a_text, b_text):
    for f in report.findings:
        if f.verdict != verdict or f.kind != kind:
            continue
        if {f.a.text, f.b.text} == {a_text, b_text}:
            return f
    return None


def test_seed_fact_check(seeds):
    d0, d1 = seeds
    report = crossdoc.factcheck([d0, d1])
    described = "\n".join(repr(f) for f in report.findings)
    assert report.documents[0].published_from == "dateline"
    assert report.documents[1].published_from == "none"
    assert report.passages
    # The wrong country: तजाकिस्तान (TJ) in one place, कजाकिस्तान (KZ) in the other.
    wrong = find(report, "conflict", "entity", "तजाकिस्तान", "कजाकिस्तान")
    assert wrong is not None, described
    assert {wrong.a.value, wrong.b.value} == {"TJ", "KZ"}
    assert "Tajikistan" in wrong.explanation and "Kazakhstan" in wrong.explanation
    # Agreements: a weekday resolved against the dateline, ordinals, acronyms across scripts.
    monday = find(report, "agreement", "date", "सोमवार", "8 अप्रैल 2024")
    assert monday is not None and monday.a.value == monday.b.value == "2024-04-08", described
    assert find(report, "agreement", "number", "छठी", "6वीं") is not None, described
    assert find(report, "agreement", "entity", "एससीओ", "SCO") is not None, described
    # Every span, in code points and in bytes, is exactly the reported text.
    texts = {d0.id: d0.text, d1.id: d1.text}
    for f in report.findings:
        for side in (f.a, f.b):
            assert texts[side.doc][slice(*side.char_span)] == side.text
            assert texts[side.doc].encode()[slice(*side.span)].decode() == side.text
    as_json = json.loads(report.to_json())
    assert [f.to_dict() for f in report.findings] == as_json["findings"]


def test_seed_alignment_and_similarity(seeds):
    d0, d1 = seeds
    al = crossdoc.align(d0, d1)
    assert al.passages
    for p in al.passages:
        assert d0.text[slice(*p.a_char_span)] == p.a_text
        assert d1.text[slice(*p.b_char_span)] == p.b_text
    # Two outlets' own write-ups of one meeting: related, but not near-duplicate copies.
    h = crossdoc.MinHasher()
    sim = h.signature(d0).jaccard(h.signature(d1))
    assert 0 <= sim < 0.8
    assert crossdoc.dedup([d0, d1]).clusters == []
