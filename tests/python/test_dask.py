"""crossdoc.dask for real: a LocalCluster with 2 worker processes deduplicates and fact-checks a
corpus split over several partitions and files, and its clusters equal crossdoc.dedup's."""

import glob
import json
import os
import subprocess
import sys

import pytest

import crossdoc
from conftest import EXAMPLES, REPO, generated_corpus

distributed = pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")
import crossdoc.dask  # noqa: E402  (after the skip)


def planted_conflict_copies():
    """Near-copies of an example article in which one number was changed (12 -> 15 members):
    a cluster whose fact-check must find the conflict."""
    base = crossdoc.read_text_file(str(EXAMPLES / "jtf_en_meridian_courier.txt")).text
    assert "12-member" in base
    return [
        {"id": "courier-original", "text": base, "published": "2025-03-12T09:40:00+05:30"},
        {"id": "courier-reprint", "text": base.replace("12-member", "15-member"),
         "published": "2025-03-12T12:00:00+05:30"},
        {"id": "courier-undated", "text": base},
    ]


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory):
    docs, _ = generated_corpus(stories=60, seed=3)
    docs = docs[:40] + planted_conflict_copies() + docs[40:]
    out = tmp_path_factory.mktemp("corpus")
    paths = []
    for n, chunk in enumerate((docs[:50], docs[50:])):
        path = out / f"part{n}.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in chunk),
                        encoding="utf-8")
        paths.append(str(path))
    return docs, paths


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def read_jsonl_dir(pattern):
    records = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    return records


def test_dask_clusters_equal_single_process_dedup(client, corpus_files, tmp_path):
    docs, paths = corpus_files
    out = tmp_path / "out"
    summary = crossdoc.dask.run(paths, str(out), threshold=0.8, blocksize=16_000, threads=1)
    assert len(client.scheduler_info()["workers"]) == 2
    assert summary["documents"] == len(docs)
    clusters = read_jsonl_dir(str(out / "clusters-*.jsonl"))
    assert summary["clusters"] == len(clusters) > 0
    # More than one partition, so the shuffle really crossed partitions (and workers).
    assert len(glob.glob(str(out / "clusters-*.jsonl"))) > 1

    single = crossdoc.dedup(docs, threshold=0.8)
    assert summary["pairs"] == len(single.pairs)
    expected = {c.representative: c.members for c in single.clusters}
    got = {c["representative"]: c["members"] for c in clusters}
    assert got == expected
    assert expected["courier-original"] == ["courier-original", "courier-reprint",
                                            "courier-undated"]

    findings = read_jsonl_dir(str(out / "findings-*.jsonl"))
    assert summary["findings"] == len(findings)
    texts = {d["id"]: d["text"] for d in docs}
    conflict = [f for f in findings if f["cluster"] == "courier-original"
                and f["verdict"] == "conflict" and f["kind"] == "number"]
    assert any({f["a"]["value"], f["b"]["value"]} == {"12", "15"} for f in conflict), conflict
    for f in findings:
        for side in (f["a"], f["b"]):
            begin, end = side["span"]
            assert texts[side["doc"]].encode()[begin:end].decode() == side["text"]
    # The same findings as fact-checking that cluster in one process.
    members = [d for d in docs if d["id"] in expected["courier-original"]]
    local = crossdoc.dask.factcheck_cluster(members)
    assert sorted(json.dumps(f, sort_keys=True) for f in local) == \
        sorted(json.dumps(f, sort_keys=True) for f in findings if f["cluster"] == "courier-original")


def test_partition_functions_are_engine_neutral(corpus_files):
    """What a Spark job does with mapPartitions / groupByKey, in plain Python."""
    docs, _ = corpus_files
    params = crossdoc.dask.DedupParameters(threshold=0.8)
    partitions = [docs[i:i + 17] for i in range(0, len(docs), 17)]
    sketches = [s for i, p in enumerate(partitions)
                for s in crossdoc.dask.sketch_partition(p, i, params)]
    groups = {}
    for key, member in crossdoc.dask.band_records(sketches, params):
        assert isinstance(key, int)
        groups.setdefault(key, []).append(member)
    edges = {(e[0], e[3]) for g in groups.values()
             for e in crossdoc.dask.verify_band_group(g, params)}
    single = crossdoc.dedup(docs, threshold=0.8)
    assert edges == {(p.a, p.b) for p in single.pairs}


def test_example_program(corpus_files, tmp_path):
    _, paths = corpus_files
    script = REPO / "examples" / "python" / "dask_dedup.py"
    out = tmp_path / "example-out"
    result = subprocess.run([sys.executable, str(script), *paths, "--out", str(out),
                             "--workers", "2", "--blocksize", "20000"],
                            capture_output=True, text=True, timeout=180, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["clusters"] == len(read_jsonl_dir(str(out / "clusters-*.jsonl")))
