"""Align, facts and fact-check through Python, on the invented example articles."""

import glob
import json
import os
import pathlib
import shutil
import subprocess

import pytest

import crossdoc
from conftest import EXAMPLES, REPO


def by_id(docs):
    return {d.id: d for d in docs}


def test_align_passages_and_diffs(example_docs):
    docs = by_id(example_docs)
    ds, ss = docs["jtf_hi_deepstambh.txt"], docs["jtf_hi_samachar_setu.txt"]
    al = crossdoc.align(ds, ss)
    assert al.passages and not al.truncated and al.candidate_pairs_scored > 0
    ops = set()
    for p in al.passages:
        assert 0 < p.similarity <= 1
        assert ds.text[slice(*p.a_char_span)] == p.a_text
        assert ss.text[slice(*p.b_char_span)] == p.b_text
        assert ds.text.encode()[slice(*p.a_span)].decode() == p.a_text
        for pair in p.pairs:
            assert ds.text[slice(*pair.a_char_span)] == pair.a_text
            assert ss.text[slice(*pair.b_char_span)] == pair.b_text
            assert pair.a_sentences[1] in (1, 2) and pair.b_sentences[1] in (1, 2)
            for seg in pair.diff:
                ops.add(seg.op)
                assert ds.text[slice(*seg.a_char_span)] == seg.a_text
                assert ss.text[slice(*seg.b_char_span)] == seg.b_text
    assert {"equal", "changed"} <= ops
    # A split sentence (one in DS, two in SS) aligns one-to-two.
    assert any(pair.b_sentences[1] == 2 or pair.a_sentences[1] == 2
               for p in al.passages for pair in p.pairs)
    # Reusing analyzed texts gives the same alignment.
    again = crossdoc.align(crossdoc.analyze(ds), crossdoc.analyze(ss.text))
    assert [p.a_span for p in again.passages] == [p.a_span for p in al.passages]
    no_diff = crossdoc.align(ds, ss, diff_tokens=False)
    assert all(pair.diff == [] for p in no_diff.passages for pair in p.pairs)
    with pytest.raises(crossdoc.InputError):
        crossdoc.align(ds, ss, min_similarity=0)


def test_align_within_pairs_headline_and_body(example_docs):
    ds = by_id(example_docs)["jtf_hi_deepstambh.txt"]
    al = crossdoc.align_within(ds)
    assert al.passages
    for p in al.passages:
        for pair in p.pairs:
            assert pair.a_sentences[0] < pair.b_sentences[0]
    texts = [pair.a_text + " || " + pair.b_text for p in al.passages for pair in p.pairs]
    assert any("ईरान" in t and "इराक" in t for t in texts), texts


def test_extract_facts(example_docs):
    ds = by_id(example_docs)["jtf_hi_deepstambh.txt"]
    facts = crossdoc.extract_facts(ds)
    assert facts.reference_source == "dateline"
    assert facts.reference.startswith("2025-03-12T09:10")
    assert facts.datelines and facts.datelines[0].text in ds.text
    values = {(f.kind, f.value) for f in facts.facts}
    assert ("entity", "IR") in values and ("entity", "IQ") in values
    assert ("number", "6th") in values
    assert ("date", "2025-03-11") in values  # "मंगलवार को" resolved against the dateline
    for f in facts.facts:
        assert ds.text[slice(*f.char_span)] == f.text
        assert 0 <= f.confidence <= 1
        assert f.kind in ("entity", "number", "date", "negation")
        assert f.to_dict()["span"] == list(f.span)
    tuesday = [f for f in facts.facts if f.relative and f.value == "2025-03-11"]
    assert tuesday and tuesday[0].note
    # Metadata beats the dateline.
    meta = crossdoc.extract_facts(ds.text, published="2025-03-19T10:00:00+05:30")
    assert meta.reference_source == "metadata"
    assert ("date", "2025-03-18") in {(f.kind, f.value) for f in meta.facts}
    link = crossdoc.link_entity("Kazakhstan")
    assert link["id"] == "KZ" and link["type"] == "place"
    assert crossdoc.link_entity("कजाकिस्तान")["id"] == "KZ"
    assert crossdoc.link_entity("zzqx") is None
    assert crossdoc.entity_display_name("KZ") == "Kazakhstan"


def check_findings_point_at_the_text(report, docs):
    data = {d.id: d.text for d in docs}
    for f in report.findings:
        for side in (f.a, f.b):
            text = data[side.doc]
            assert text[slice(*side.char_span)] == side.text
            assert text.encode()[slice(*side.span)].decode() == side.text


def test_factcheck_finds_the_planted_conflicts(example_docs):
    report = crossdoc.factcheck(example_docs)
    check_findings_point_at_the_text(report, example_docs)
    conflicts = {(f.kind, frozenset((f.a.value, f.b.value)))
                 for f in report.findings if f.verdict == "conflict"}
    assert ("entity", frozenset({"IR", "IQ"})) in conflicts
    assert ("number", frozenset({"12", "15"})) in conflicts
    assert ("number", frozenset({"5th", "6th"})) in conflicts
    assert ("negation", frozenset({"negated", "not negated"})) in conflicts
    agreements = [f for f in report.findings if f.verdict == "agreement"]
    assert any(f.kind == "date" and f.a.value == f.b.value == "2025-03-11" for f in agreements)
    assert all(0 <= f.confidence <= 1 and f.explanation for f in report.findings)
    ordinal = [c for c in report.claims if any(v.value == "5th" for v in c.values)]
    assert ordinal and ordinal[0].majority == "6th"
    assert ordinal[0].outliers == ["jtf_hi_janpath_varta.txt"]
    assert [d.id for d in report.documents] == [d.id for d in example_docs]
    assert all(d.published_from == "dateline" for d in report.documents)
    for p in report.passages:
        assert 0 < p.similarity <= 1


def test_factcheck_json_is_the_contract(example_docs):
    report = crossdoc.factcheck(example_docs)
    as_dict = report.to_dict()
    assert json.loads(report.to_json()) == as_dict
    assert json.loads(report.to_json(indent=2)) == as_dict
    assert as_dict["version"] == 1
    assert set(as_dict) == {"version", "documents", "passages", "findings"}
    assert "claims" in report.to_dict(claims=True)
    assert [f.to_dict() for f in report.findings] == as_dict["findings"]
    for f in as_dict["findings"]:
        assert set(f) == {"kind", "verdict", "a", "b", "confidence", "explanation"}
        assert set(f["a"]) == {"doc", "span", "text", "value"}
    text = report.to_text()
    assert "Iraq" in text or "IQ" in text
    html = report.to_html(title="JTF")
    assert html.lstrip().lower().startswith("<!doctype html") and 'id="finding-1"' in html


def test_factcheck_published_overrides(example_docs):
    ds = by_id(example_docs)["jtf_hi_deepstambh.txt"]
    report = crossdoc.factcheck([ds], published={ds.id: "2025-03-20T10:00:00+05:30"})
    assert report.documents[0].published_from == "metadata"
    assert report.documents[0].published.startswith("2025-03-20")
    with pytest.raises(crossdoc.InputError):
        crossdoc.factcheck([ds], published={ds.id: "yesterday"})
    with pytest.raises(crossdoc.InputError, match="bad"):
        crossdoc.factcheck([("bad", b"\xff")])
    with pytest.raises(crossdoc.InputError, match="not among the documents"):
        crossdoc.factcheck([ds], published={"elsewhere": "2025-03-20"})
    with pytest.raises(crossdoc.InputError, match="twice"):
        crossdoc.factcheck([ds, ds])


def find_factcheck_program():
    env = os.environ.get("CROSSDOC_FACTCHECK")
    if env:
        return env
    found = shutil.which("crossdoc-factcheck")
    if found:
        return found
    # The presets' build trees first (CI builds build/dev before this suite), then the newest.
    for preset in ("dev", "release"):
        candidate = REPO / "build" / preset / "examples" / "crossdoc-factcheck"
        if candidate.is_file():
            return str(candidate)
    built = sorted(glob.glob(str(REPO / "build" / "*" / "examples" / "crossdoc-factcheck")),
                   key=os.path.getmtime)
    return built[-1] if built else None


def test_same_json_as_the_program(example_docs):
    program = find_factcheck_program()
    if program is None:
        pytest.skip("crossdoc-factcheck not found (build the examples or set CROSSDOC_FACTCHECK)")
    paths = sorted(str(p) for p in EXAMPLES.glob("jtf_*.txt"))
    out = subprocess.run([program, "--json", *paths], capture_output=True, check=True,
                         timeout=120).stdout.decode()
    docs = [crossdoc.read_text_file(p) for p in paths]
    assert crossdoc.factcheck(docs).to_json() == out.rstrip("\n")
