#!/usr/bin/env python3
"""crossdoc against its peers (datasketch, rensa): speed, memory and accuracy of near-duplicate
detection on the same corpora, with the same shingles, k = 128 and the same threshold.

    python3 benchmarks/compare_peers.py              # everything (about 15-25 minutes)
    python3 benchmarks/compare_peers.py --quick      # small corpora, short scaling run
    python3 benchmarks/compare_peers.py --no-scaling --libs crossdoc-cpp,datasketch

What runs, per corpus and library, each in a fresh child process pinned to one CPU:
  signatures   from each document's text to its MinHash signature (k = 128, word 5-grams)
  index build  inserting every signature into the library's LSH index
  query all    querying every document and verifying each candidate (estimated Jaccard >=
               threshold), giving the set of found pairs
Each child reports wall and CPU seconds per phase, the growth of its resident set from before the
signatures to after the index build (what it holds to answer queries: signatures + LSH tables),
and its peak resident set (getrusage ru_maxrss). The parent scores the found pairs against the
planted truth (precision, recall, F1). See benchmarks/README.md for how to read the results.

Libraries (a library that cannot be set up is reported as such in the results, never dropped):
  crossdoc-cpp          benchmarks/peer_driver_bench (Google Benchmark, C++), shared tokens
  crossdoc-cpp-analyzer the same from raw text through crossdoc's own Unicode analyzer
  crossdoc-cpp-exact    shared tokens, candidates verified by exact Jaccard of stored shingles
  crossdoc-py           the Python bindings (`import crossdoc`), shared tokens
  crossdoc-py-analyzer  the bindings from raw text through crossdoc's analyzer
  datasketch            MinHash.update_batch + MinHashLSH (its own (b, r) for the threshold)
  datasketch-update     the same with one MinHash.update per shingle (the common loop)
  rensa                 RMinHash + RMinHashLSH, 16 bands x 8 rows (k must divide by bands)
Peers are installed with `python3 -m pip install` when missing; the bindings with
`python3 -m pip install .` from the repository root.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import peer_corpus  # noqa: E402

K = 128
SHINGLE = peer_corpus.SHINGLE_SIZE
SEED = 1
RENSA_BANDS = 16
# Documents per batch where a library takes batches (rensa). Small, so that the shingle lists of
# one batch, garbage afterwards, do not inflate the resident-set growth we call index memory.
CHUNK = 200

LIBRARIES = ["crossdoc-cpp", "crossdoc-cpp-analyzer", "crossdoc-cpp-exact", "crossdoc-py",
             "crossdoc-py-analyzer", "datasketch", "datasketch-update", "rensa"]
# Left out of the scaling run (a variant that only shows a slower way to use a peer).
NOT_SCALED = {"datasketch-update", "crossdoc-cpp-exact", "crossdoc-py-analyzer"}
CPP_ARGS = {"crossdoc-cpp": (0, 0), "crossdoc-cpp-analyzer": (1, 0), "crossdoc-cpp-exact": (0, 1)}
PIP_NAMES = {"datasketch": "datasketch", "rensa": "rensa"}

# ------------------------------------------------------------------------------------------------
# Child side: one library, one corpus, one run. Prints one JSON object on stdout.


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def peak_rss_bytes() -> int:
    """VmHWM: unlike ru_maxrss, it starts afresh at exec (the parent's size does not leak in)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def read_lines(path: str, limit: int | None) -> list[str]:
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(lines) >= limit:
                break
            lines.append(line.rstrip("\n"))
    return lines


class Phases:
    """Wall and process-CPU seconds of consecutive phases."""

    def __init__(self):
        self.wall = {}
        self.cpu = {}
        self._name = None

    def start(self, name):
        self._stop()
        self._name = name
        self._w = time.perf_counter()
        self._c = time.process_time()

    def _stop(self):
        if self._name is not None:
            self.wall[self._name] = time.perf_counter() - self._w
            self.cpu[self._name] = time.process_time() - self._c
            self._name = None

    def stop(self):
        self._stop()


def child_datasketch(lines, threshold, per_shingle=False, seed=SEED):
    import datasketch
    from datasketch import MinHash, MinHashLSH
    ph = Phases()
    gc.collect()
    rss0 = rss_bytes()
    ph.start("sig")
    sigs = []
    for line in lines:
        m = MinHash(num_perm=K, seed=seed)
        if per_shingle:  # the loop most examples show: one update() per shingle
            for s in peer_corpus.shingles(line.split()):
                m.update(s.encode("utf-8"))
        else:  # the vectorized batch update (datasketch >= 1.5)
            m.update_batch([s.encode("utf-8") for s in peer_corpus.shingles(line.split())])
        sigs.append(m)
    ph.start("index")
    lsh = MinHashLSH(threshold=threshold, num_perm=K)
    with lsh.insertion_session() as session:
        for i, m in enumerate(sigs):
            session.insert(i, m)
    ph.stop()
    gc.collect()
    index_rss = rss_bytes() - rss0
    ph.start("query")
    found, raw = set(), set()
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j == i:
                continue
            key = (i, j) if i < j else (j, i)
            raw.add(key)
            if m.jaccard(sigs[j]) >= threshold:
                found.add(key)
    ph.stop()
    estimate = lambda i, j: sigs[i].jaccard(sigs[j])  # noqa: E731
    return ph, found, raw, index_rss, estimate, {"version": datasketch.__version__,
                                                 "bands": lsh.b, "rows": lsh.r}


def child_rensa(lines, threshold, seed=SEED):
    import importlib.metadata
    from rensa import RMinHash, RMinHashLSH
    ph = Phases()
    gc.collect()
    rss0 = rss_bytes()
    ph.start("sig")
    sigs = []
    for start in range(0, len(lines), CHUNK):
        sets = [peer_corpus.shingles(line.split()) for line in lines[start:start + CHUNK]]
        sigs.extend(RMinHash.from_token_sets(sets, num_perm=K, seed=seed))
    ph.start("index")
    lsh = RMinHashLSH(threshold=threshold, num_perm=K, num_bands=RENSA_BANDS)
    lsh.insert_many(sigs)
    ph.stop()
    gc.collect()
    index_rss = rss_bytes() - rss0
    ph.start("query")
    found, raw = set(), set()
    for start in range(0, len(sigs), CHUNK):
        for off, cands in enumerate(lsh.query_all(sigs[start:start + CHUNK])):
            i = start + off
            m = sigs[i]
            for j in cands:
                if j == i:
                    continue
                key = (i, j) if i < j else (j, i)
                raw.add(key)
                if m.jaccard(sigs[j]) >= threshold:
                    found.add(key)
    ph.stop()
    estimate = lambda i, j: sigs[i].jaccard(sigs[j])  # noqa: E731
    return ph, found, raw, index_rss, estimate, {"version": importlib.metadata.version("rensa"),
                                                 "bands": RENSA_BANDS, "rows": K // RENSA_BANDS}


def child_crossdoc_py(lines, threshold, texts=None, seed=None):
    """The Python bindings: signatures of the shared tokens (Index.hasher.signature_of_tokens),
    or with `texts`, of the raw texts through crossdoc's analyzer (Index.sketch); then
    Index.add_sketches and Index.query_id for every document."""
    import crossdoc
    ph = Phases()
    n = len(texts) if texts is not None else len(lines)
    ids = [f"d{i}" for i in range(n)]
    gc.collect()
    rss0 = rss_bytes()
    seeded = {} if seed is None else {"seed": seed}  # None: the library's default seed
    index = crossdoc.Index(threshold=threshold, num_hashes=K, shingle_size=SHINGLE, **seeded)
    ph.start("sig")
    if texts is not None:
        sketches = [index.sketch(ids[i], texts[i]) for i in range(n)]
    else:
        hasher = index.hasher
        sketches = [crossdoc.Sketch(ids[i], hasher.signature_of_tokens(lines[i].split()))
                    for i in range(n)]
    ph.start("index")
    index.add_sketches(sketches)
    del sketches
    ph.stop()
    gc.collect()
    index_rss = rss_bytes() - rss0
    ph.start("query")
    found = set()
    for i in range(n):
        for match in index.query_id(ids[i]):
            j = int(match.id[1:])
            found.add((i, j) if i < j else (j, i))
    ph.stop()

    def estimate(i, j):
        return index.get(ids[i]).signature.jaccard(index.get(ids[j]).signature)

    return ph, found, set(found), index_rss, estimate, {
        "version": getattr(crossdoc, "__version__", "?"),
        "input": "raw text, crossdoc analyzer" if texts is not None else "shared tokens"}


def read_texts(path: str, limit: int | None) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    return texts


SWEEP_RUNNERS = {"crossdoc-py": lambda lines, t, seed: child_crossdoc_py(lines, t, seed=seed),
                 "rensa": lambda lines, t, seed: child_rensa(lines, t, seed=seed),
                 "datasketch": lambda lines, t, seed: child_datasketch(lines, t, seed=seed)}


def child_sweep(args) -> int:
    """Accuracy only: the library's whole pipeline (signatures, LSH, verification) once per seed,
    scored against the planted truth; one JSON object per seed on stdout."""
    lines = read_lines(os.path.join(args.corpus, "tokens.txt"), args.limit)
    truth_all, _ = peer_corpus.read_truth(args.corpus)
    truth = {p for p in truth_all if args.limit is None or p[1] < args.limit}
    out = []
    for seed in (int(x) for x in args.sweep_seeds.split(",")):
        found = SWEEP_RUNNERS[args.child](lines, args.threshold, seed)[1]
        out.append(dict(score(found, truth), seed=seed))
    json.dump(out, sys.stdout)
    return 0


def child_main(args) -> int:
    if args.sweep_seeds:
        return child_sweep(args)
    texts = None
    if args.child == "crossdoc-py-analyzer":
        lines = []
        texts = read_texts(os.path.join(args.corpus, "docs.jsonl"), args.limit)
    else:
        lines = read_lines(os.path.join(args.corpus, "tokens.txt"), args.limit)
    runners = {
               "crossdoc-py-analyzer": lambda _, t: child_crossdoc_py(None, t, texts),"datasketch": child_datasketch, "rensa": child_rensa,
               "datasketch-update": lambda lines, t: child_datasketch(lines, t, True),
               "crossdoc-py": child_crossdoc_py}
    ph, found, raw, index_rss, estimate, info = runners[args.child](lines, args.threshold)
    if args.estimate_in and estimate is not None:
        with open(args.estimate_in) as fin, open(args.estimate_out, "w") as fout:
            for line in fin:
                i, j = map(int, line.split())
                fout.write(f"{i} {j} {estimate(i, j):.6f}\n")
    with open(args.pairs_out, "w") as f:
        for i, j in sorted(found):
            f.write(f"{i} {j}\n")
    with open(args.pairs_out + ".raw", "w") as f:
        for i, j in sorted(raw):
            f.write(f"{i} {j}\n")
    json.dump({
        "docs": len(texts) if args.child == "crossdoc-py-analyzer" else len(lines),
        "wall": ph.wall, "cpu": ph.cpu,
        "index_rss_bytes": index_rss,
        "peak_rss_bytes": peak_rss_bytes(),
        "info": info,
    }, sys.stdout)
    return 0


# ------------------------------------------------------------------------------------------------
# Parent side.


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def child_env() -> dict:
    env = dict(os.environ)
    for var in ("RAYON_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS"):
        env[var] = "1"
    return env


def pin(cpu: int | None):
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run_process(cmd, env, timeout, cpu, cwd=None):
    """(returncode, stdout, stderr) or raises subprocess.TimeoutExpired."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=pin(cpu))
    return proc.returncode, proc.stdout, proc.stderr


def read_pairs(path: str) -> set:
    pairs = set()
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                a, b = line.split()
                pairs.add((int(a), int(b)))
    return pairs


def score(found: set, truth: set) -> dict:
    tp = len(found & truth)
    precision = tp / len(found) if found else (1.0 if not truth else 0.0)
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"found": len(found), "true_positives": tp, "precision": precision,
            "recall": recall, "f1": f1}


class Setup:
    """Installs and checks what each library needs; remembers why one is unavailable."""

    def __init__(self, args):
        self.args = args
        self.unavailable: dict[str, str] = {}
        self.versions: dict[str, str] = {}
        self.driver = None

    def pip_install(self, what: list[str], cwd=None, timeout=900) -> tuple[bool, str]:
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", *what]
        try:
            proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, f"`{' '.join(cmd)}` timed out after {timeout} s"
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            return False, f"`pip install {' '.join(what)}` failed: {' | '.join(tail)}"
        return True, ""

    def importable(self, module: str) -> tuple[bool, str]:
        proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                              text=True, cwd="/")
        if proc.returncode == 0:
            return True, ""
        lines = proc.stderr.strip().splitlines()
        return False, lines[-1] if lines else f"import {module} failed"

    def peer(self, name: str) -> None:
        ok, why = self.importable(name)
        if not ok and not self.args.no_install:
            log(f"installing {PIP_NAMES[name]} from the Python package index")
            ok, why = self.pip_install([PIP_NAMES[name]])
            if ok:
                ok, why = self.importable(name)
        if not ok:
            self.unavailable[name] = f"{name} could not be installed: {why}"

    def matplotlib(self) -> bool:
        ok, _ = self.importable("matplotlib")
        if not ok and not self.args.no_install:
            ok, _ = self.pip_install(["matplotlib"])
        return ok

    def bindings(self) -> None:
        """`import crossdoc` as installed; else `pip install .` from the repository root; else
        the extension built in our CMake build tree (CROSSDOC_BUILD_PYTHON=ON), on PYTHONPATH."""
        ok, why = self.importable("crossdoc")
        if not ok and not self.args.no_install:
            if os.path.exists(os.path.join(REPO, "pyproject.toml")):
                log("building and installing the crossdoc bindings (pip install .)")
                ok, why = self.pip_install(["."], cwd=REPO, timeout=1800)
                if ok:
                    ok, why = self.importable("crossdoc")
            else:
                why = "no pyproject.toml in the repository"
            if not ok:
                log(f"pip route failed ({why}); building the bindings in {self.args.build_dir}")
                ok, why2 = self.build_bindings_in_tree()
                if ok:
                    ok, why2 = self.importable("crossdoc")
                if not ok:
                    why = f"{why}; CMake build tree: {why2}"
        if ok:
            probe = ("import crossdoc; i = crossdoc.Index(threshold=0.8, num_hashes=128, "
                     "shingle_size=5); i.add_sketches([crossdoc.Sketch('a', i.hasher."
                     "signature_of_tokens('x y z w v u'.split()))]); i.query_id('a'); "
                     "print(getattr(crossdoc, '__version__', '?'), crossdoc.__file__)")
            proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                  cwd="/")
            if proc.returncode != 0:
                ok = False
                why = "API probe failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
            else:
                self.versions["crossdoc-py"] = proc.stdout.strip()
        if not ok:
            for lib in ("crossdoc-py", "crossdoc-py-analyzer"):
                self.unavailable[lib] = f"crossdoc bindings unavailable: {why}"

    def build_bindings_in_tree(self) -> tuple[bool, str]:
        build = self.args.build_dir
        try:
            gen = ["-G", "Ninja"] if shutil.which("ninja") and not os.path.exists(
                os.path.join(build, "CMakeCache.txt")) else []
            subprocess.run(["cmake", "-S", REPO, "-B", build, *gen, "-DCMAKE_BUILD_TYPE=Release",
                            "-DCROSSDOC_BUILD_PYTHON=ON"], check=True, capture_output=True,
                           text=True)
            subprocess.run(["cmake", "--build", build, "--target", "_crossdoc", "-j2"],
                           check=True, capture_output=True, text=True, timeout=1800)
        except (subprocess.CalledProcessError, FileNotFoundError,
                subprocess.TimeoutExpired) as e:
            out = getattr(e, "stderr", "") or getattr(e, "stdout", "") or str(e)
            return False, (str(out).strip().splitlines() or [str(e)])[-1]
        path = os.path.join(build, "bindings", "python")
        os.environ["PYTHONPATH"] = path + os.pathsep + os.environ.get("PYTHONPATH", "")
        return True, ""

    def cpp(self) -> None:
        if self.args.driver:
            self.driver = self.args.driver
        else:
            build = self.args.build_dir
            try:
                if not os.path.exists(os.path.join(build, "build.ninja")) and not os.path.exists(
                        os.path.join(build, "Makefile")):
                    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
                    subprocess.run(["cmake", "-S", REPO, "-B", build, *gen,
                                    "-DCMAKE_BUILD_TYPE=Release"], check=True,
                                   capture_output=True, text=True)
                subprocess.run(["cmake", "--build", build, "--target", "peer_driver_bench",
                                "-j2"], check=True, capture_output=True, text=True)
                self.driver = os.path.join(build, "benchmarks", "peer_driver_bench")
            except (subprocess.CalledProcessError, FileNotFoundError) as e:
                out = getattr(e, "stderr", "") or getattr(e, "stdout", "") or str(e)
                errors = [ln.strip() for ln in str(out).splitlines() if "error:" in ln]
                why = (errors or str(out).strip().splitlines() or [str(e)])[0][:300]
                existing = os.path.join(build, "benchmarks", "peer_driver_bench")
                if os.path.exists(existing):
                    log(f"the C++ build failed ({why}); using the existing {existing}")
                    self.versions["driver_note"] = f"rebuild failed, existing binary used: {why}"
                    self.driver = existing
                    return
                for lib in CPP_ARGS:
                    self.unavailable[lib] = f"crossdoc C++ driver could not be built: {why}"
                return
        if not os.path.exists(self.driver):
            for lib in CPP_ARGS:
                self.unavailable[lib] = f"crossdoc C++ driver not found at {self.driver}"
            return
        try:
            out = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout
            self.versions["compiler"] = out.splitlines()[0] if out else "?"
        except FileNotFoundError:
            pass


def run_library(lib: str, corpus: str, limit: int | None, threshold: float, setup: Setup,
                timeout: float, cpu: int | None, estimate_in: str | None = None) -> dict:
    """One run of one library; returns its measurements (or {"error": ...})."""
    pairs_out = os.path.join(corpus, f"pairs.{lib}.{limit or 'all'}.txt")
    estimate_out = pairs_out + ".estimates"
    for p in (pairs_out, pairs_out + ".raw", estimate_out):
        if os.path.exists(p):
            os.remove(p)
    env = child_env()
    try:
        if lib.startswith("crossdoc-cpp"):
            env.update({"CROSSDOC_PEER_CORPUS": corpus, "CROSSDOC_PEER_PAIRS_OUT": pairs_out,
                        "CROSSDOC_PEER_THRESHOLD": str(threshold)})
            if limit:
                env["CROSSDOC_PEER_LIMIT"] = str(limit)
            if estimate_in:
                env.update({"CROSSDOC_PEER_ESTIMATE_IN": estimate_in,
                            "CROSSDOC_PEER_ESTIMATE_OUT": estimate_out})
            arg, verify = CPP_ARGS[lib]
            rc, out, err = run_process([setup.driver, "--benchmark_format=json",
                                        f"--benchmark_filter=^BM_PeerPipeline/{arg}/{verify}/"],
                                       env, timeout, cpu)
            if rc != 0:
                return {"error": f"driver exited {rc}: {err.strip()[-300:]}"}
            bench = json.loads(out)["benchmarks"][0]
            if bench.get("error_occurred"):
                return {"error": bench.get("error_message", "driver error")}
            result = {
                "docs": int(bench["docs"]),
                "wall": {p: bench[f"{p}_s"] for p in ("sig", "index", "query")},
                "cpu": {p: bench[f"{p}_cpu_s"] for p in ("sig", "index", "query")},
                "index_rss_bytes": bench["index_rss_bytes"],
                "index_heap_bytes": bench["index_heap_bytes"],
                "peak_rss_bytes": bench["peak_rss_bytes"],
                "info": {"input": "raw text, crossdoc analyzer" if arg else "shared tokens",
                         "verification": "exact Jaccard" if verify else "estimated Jaccard"},
            }
            found, raw = read_pairs(pairs_out), None
        else:
            cmd = [sys.executable, os.path.abspath(__file__), "--child", lib, "--corpus", corpus,
                   "--threshold", str(threshold), "--pairs-out", pairs_out]
            if limit:
                cmd += ["--limit", str(limit)]
            if estimate_in:
                cmd += ["--estimate-in", estimate_in, "--estimate-out", estimate_out]
            rc, out, err = run_process(cmd, env, timeout, cpu, cwd="/")
            if rc != 0:
                tail = err.strip().splitlines()[-1:] or [f"exit {rc}"]
                return {"error": f"child exited {rc}: {tail[0][:300]}"}
            result = json.loads(out)
            found, raw = read_pairs(pairs_out), read_pairs(pairs_out + ".raw")
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "timeout": True}
    result["found_pairs"] = found
    result["raw_pairs"] = raw
    if estimate_in and os.path.exists(estimate_out):
        with open(estimate_out) as f:
            result["estimates"] = {(int(a), int(b)): float(e)
                                   for a, b, e in (line.split() for line in f)}
    return result


def estimator_error(estimates: dict, exact: dict, threshold: float) -> dict:
    """How the library's Jaccard estimates of the planted pairs compare with exact Jaccard."""
    diffs = [estimates[p] - exact[p] for p in estimates if p in exact]
    if not diffs:
        return {}
    n = len(diffs)
    mean = sum(diffs) / n
    return {
        "pairs": n,
        "bias": mean,
        "rmse": (sum(d * d for d in diffs) / n) ** 0.5,
        "above_threshold_estimated_below": sum(
            1 for p, e in estimates.items() if p in exact and exact[p] >= threshold > e),
        "below_threshold_estimated_above": sum(
            1 for p, e in estimates.items() if p in exact and exact[p] < threshold <= e),
    }


def summarize(result: dict, truth: set, doc_bytes: int, exact: dict | None = None,
              threshold: float = 0.8) -> dict:
    if "error" in result:
        return {"error": result["error"]}
    n = result["docs"]
    row = {"docs": n, "bytes": doc_bytes, "info": result.get("info", {})}
    for clock in ("cpu", "wall"):
        t = result[clock]
        total = t["sig"] + t["index"] + t["query"]
        row[clock] = {
            "sig_s": t["sig"], "index_s": t["index"], "query_s": t["query"], "total_s": total,
            "sig_docs_s": n / t["sig"] if t["sig"] else None,
            "sig_mb_s": doc_bytes / 1e6 / t["sig"] if t["sig"] else None,
            "index_docs_s": n / t["index"] if t["index"] else None,
            "index_mb_s": doc_bytes / 1e6 / t["index"] if t["index"] else None,
            "query_docs_s": n / t["query"] if t["query"] else None,
            "query_mb_s": doc_bytes / 1e6 / t["query"] if t["query"] else None,
            "total_docs_s": n / total if total else None,
            "total_mb_s": doc_bytes / 1e6 / total if total else None,
        }
    row["index_rss_bytes"] = result["index_rss_bytes"]
    row["index_bytes_per_doc"] = result["index_rss_bytes"] / n if n else None
    if "index_heap_bytes" in result:
        row["index_heap_bytes_per_doc"] = result["index_heap_bytes"] / n if n else None
    row["peak_rss_bytes"] = result["peak_rss_bytes"]
    row["accuracy"] = score(result["found_pairs"], truth)
    if result.get("raw_pairs") is not None and result["raw_pairs"] != result["found_pairs"]:
        row["accuracy_unverified"] = score(result["raw_pairs"], truth)
    if exact and result.get("estimates"):
        row["estimator"] = estimator_error(result["estimates"], exact, threshold)
    return row


MEMORY_KEYS = ("index_rss_bytes", "index_bytes_per_doc", "index_heap_bytes_per_doc",
               "peak_rss_bytes", "estimator")


def round_robin(libs, corpus, limit, threshold, setup, args, truth, doc_bytes, repeats,
                estimate_in=None, exact=None) -> dict:
    """Runs every library `repeats` times, round-robin (library A, B, C, A, B, C, ...), so that
    a burst of load from neighbours on a shared machine does not fall on every run of one
    library; a library whose run took longer than --repeat-cutoff seconds is not repeated.
    Keeps the timings of each library's run with the least CPU time. Memory and the estimator
    check come from its first run (every run is a fresh process; the pairs found are the same
    every time, inputs and seeds being fixed)."""
    first: dict = {}
    best: dict = {}
    done = set()
    for r in range(repeats):
        for lib in libs:
            if lib in done:
                continue
            log(f"  {lib} (run {r + 1})")
            res = run_library(lib, corpus, limit, threshold, setup, args.timeout, args.cpu,
                              estimate_in if r == 0 else None)
            row = summarize(res, truth, doc_bytes, exact, threshold)
            if "error" in row:
                if lib not in best:
                    best[lib] = row
                done.add(lib)
                continue
            first.setdefault(lib, row)
            if lib not in best or row["cpu"]["total_s"] < best[lib]["cpu"]["total_s"]:
                best[lib] = row
            best[lib]["runs"] = r + 1
            if row["wall"]["total_s"] > args.repeat_cutoff:
                done.add(lib)
    for lib, row in best.items():
        if lib in first:
            for key in MEMORY_KEYS:
                if key in first[lib]:
                    row[key] = first[lib][key]
    return best


def seed_sweep(args, setup, folder: str, limit: int | None) -> dict:
    """F1 of each library with estimated verification over hash seeds 1..args.seeds: with one
    seed, F1 differences of a few pairs between libraries are the luck of that seed."""
    seeds = ",".join(str(s) for s in range(1, args.seeds + 1))
    out = {}
    for lib in SWEEP_RUNNERS:
        if lib in setup.unavailable:
            out[lib] = {"error": setup.unavailable[lib]}
            continue
        log(f"  accuracy over seeds {seeds}: {lib}")
        cmd = [sys.executable, os.path.abspath(__file__), "--child", lib, "--corpus", folder,
               "--threshold", str(args.threshold), "--sweep-seeds", seeds]
        if limit is not None:
            cmd += ["--limit", str(limit)]
        try:
            code, stdout, stderr = run_process(cmd, child_env(), args.timeout * args.seeds,
                                               args.cpu)
        except subprocess.TimeoutExpired:
            out[lib] = {"error": "timed out"}
            continue
        if code != 0:
            out[lib] = {"error": (stderr.strip().splitlines() or ["failed"])[-1][:300]}
            continue
        runs = json.loads(stdout)
        f1 = [r["f1"] for r in runs]
        mean = sum(f1) / len(f1)
        sd = (sum((x - mean) ** 2 for x in f1) / max(1, len(f1) - 1)) ** 0.5
        out[lib] = {"runs": runs, "f1_mean": mean, "f1_sd": sd, "f1_min": min(f1),
                    "f1_max": max(f1),
                    "recall_mean": sum(r["recall"] for r in runs) / len(runs),
                    "precision_mean": sum(r["precision"] for r in runs) / len(runs)}
    return out


def exact_jaccards(folder: str, pairs: set) -> dict:
    needed = {i for p in pairs for i in p}
    sets = {}
    with open(os.path.join(folder, "tokens.txt"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in needed:
                sets[i] = set(peer_corpus.shingles(line.split()))
    return {p: peer_corpus.jaccard(sets[p[0]], sets[p[1]]) for p in pairs}


def prefix_bytes_many(corpus: str, limits: list) -> dict:
    """Raw text bytes of the first n documents, for every n in `limits`, in one pass."""
    out, total, wanted = {}, 0, sorted(limits)
    with open(os.path.join(corpus, "docs.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            while wanted and i >= wanted[0]:
                out[wanted.pop(0)] = total
            if not wanted:
                break
            total += len(json.loads(line)["text"].encode("utf-8"))
    for n in wanted:
        out[n] = total
    return out


def prefix_bytes(corpus: str, limit: int | None) -> int:
    total = 0
    with open(os.path.join(corpus, "docs.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            total += len(json.loads(line)["text"].encode("utf-8"))
    return total


def machine_info(setup: Setup) -> dict:
    model, cores = platform.processor() or "?", os.cpu_count()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except FileNotFoundError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except OSError:
        pass
    return {"cpu_model": model, "cores": cores, "memory_bytes": mem,
            "os": platform.platform(), "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(), "versions": setup.versions}


# ------------------------------------------------------------------------------------------------
# Reporting


def fmt(x, digits=0):
    if x is None:
        return "–"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def markdown(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(f"Machine: {m['cpu_model']}, {m['cores']} cores, "
                 f"{(m['memory_bytes'] or 0) / 2**30:.0f} GiB; Python {m['python']}; "
                 f"load average at start {', '.join(f'{x:.1f}' for x in m['load_average_at_start'])}."
                 f" Every run on one pinned CPU, one thread. Rates from CPU time (wall time in "
                 f"results/peers.json).")
    lines.append("")
    lines.append(f"Command: `{results['command'].strip()}`")
    lines.append("")
    for corpus in results["corpora"]:
        info = corpus["info"]
        lines.append(f"### {corpus['name']}: {info['documents']:,} documents, "
                     f"{info['bytes'] / 1e6:.1f} MB, {info['truth_pairs']:,} planted pairs "
                     f"({info['truth_pairs_below_threshold']} below J = {info['threshold']} "
                     f"in exact Jaccard)")
        lines.append("")
        lines.append("| library | end to end docs/s | MB/s | signatures docs/s | index build docs/s"
                     " | query all docs/s | index bytes/doc | peak RSS MB | precision | recall | F1 |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for lib, row in corpus["results"].items():
            if "error" in row:
                lines.append(f"| {lib} | {row['error']} |||||||||| ")
                continue
            c, a = row["cpu"], row["accuracy"]
            lines.append(
                f"| {lib} | {fmt(c['total_docs_s'])} | {fmt(c['total_mb_s'], 1)} | "
                f"{fmt(c['sig_docs_s'])} | {fmt(c['index_docs_s'])} | {fmt(c['query_docs_s'])} | "
                f"{fmt(row['index_bytes_per_doc'])} | {fmt(row['peak_rss_bytes'] / 2**20, 0)} | "
                f"{a['precision']:.4f} | {a['recall']:.4f} | {a['f1']:.4f} |")
        extra = []
        for lib, row in corpus["results"].items():
            if "accuracy_unverified" in row:
                u = row["accuracy_unverified"]
                extra.append(f"{lib} without verifying LSH candidates: P {u['precision']:.4f}, "
                             f"R {u['recall']:.4f}, F1 {u['f1']:.4f}")
        if extra:
            lines.append("")
            lines.append("Unverified candidates (what LSH alone returns): " + "; ".join(extra) + ".")
        est = []
        for lib, row in corpus["results"].items():
            e = row.get("estimator")
            if e and not lib.endswith("-exact") and lib != "datasketch-update":
                est.append(f"{lib} RMSE {e['rmse']:.4f}, {e['above_threshold_estimated_below']}"
                           f" missed / {e['below_threshold_estimated_above']} let in")
        if est:
            lines.append("")
            lines.append("Estimator check on the planted pairs (Jaccard estimate vs exact; pairs "
                         "the estimate put on the wrong side of the threshold): " +
                         "; ".join(est) + ".")
        sweep = corpus.get("seed_sweep")
        if sweep:
            n = max((len(v["runs"]) for v in sweep.values() if "runs" in v), default=0)
            lines.append("")
            lines.append(f"Accuracy over {n} hash seeds (1..{n}), each library's whole pipeline "
                         "with estimated verification:")
            lines.append("")
            lines.append("| library | F1 mean | F1 sd | F1 min | F1 max | precision mean | "
                         "recall mean |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
            for lib, v in sweep.items():
                if "error" in v:
                    lines.append(f"| {lib} | {v['error']} ||||||")
                    continue
                lines.append(f"| {lib} | {v['f1_mean']:.4f} | {v['f1_sd']:.4f} | "
                             f"{v['f1_min']:.4f} | {v['f1_max']:.4f} | "
                             f"{v['precision_mean']:.4f} | {v['recall_mean']:.4f} |")
        lines.append("")
    if results.get("goals"):
        lines.append("### Goals")
        lines.append("")
        for g in results["goals"]:
            lines.append(f"- {'met' if g['met'] else 'MISSED'}: {g['goal']} — {g['measured']}")
        lines.append("")
    if results.get("scaling"):
        s = results["scaling"]
        lines.append(f"### Scaling (synthetic ~2 KB documents, budget {s['budget_s']:.0f} s per "
                     "library)")
        lines.append("")
        sizes = s["sizes"]
        lines.append("| library | " + " | ".join(f"{n:,}" for n in sizes) + " |")
        lines.append("|---|" + "---:|" * len(sizes))
        for lib, runs in s["libraries"].items():
            cells = []
            by_n = {r["docs"]: r for r in runs if "error" not in r}
            for n in sizes:
                r = by_n.get(n)
                cells.append(f"{r['cpu']['total_s']:.2f} s / {r['peak_rss_bytes'] / 2**20:.0f} MB"
                             if r else "–")
            lines.append(f"| {lib} | " + " | ".join(cells) + " |")
        lines.append("")
        if s.get("index_bytes_per_doc_slope"):
            lines.append("Index memory per document (slope of the resident-set growth between the "
                         "two largest sizes run): " + "; ".join(
                             f"{lib} {fmt(v['bytes_per_doc'])} B ({v['from_docs']:,}→"
                             f"{v['to_docs']:,})"
                             for lib, v in s["index_bytes_per_doc_slope"].items()) + ".")
            lines.append("")
        lines.append("Cells: end-to-end CPU seconds / peak RSS. " + " ".join(
            f"{lib}: {note}." for lib, note in s["notes"].items()))
        lines.append("")
    if results.get("unavailable"):
        lines.append("### Not run")
        lines.append("")
        for lib, why in results["unavailable"].items():
            lines.append(f"- {lib}: {why}")
        lines.append("")
    return "\n".join(lines)


def plot(scaling: dict, path: str) -> str | None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        return f"no plot: {e}"
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(12, 4.8))
    for lib, runs in scaling["libraries"].items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            continue
        xs = [r["docs"] for r in ok]
        ax_t.plot(xs, [r["cpu"]["total_s"] for r in ok], marker="o", label=lib)
        ax_m.plot(xs, [r["peak_rss_bytes"] / 2**20 for r in ok], marker="o", label=lib)
    for ax, title, ylabel in ((ax_t, "End-to-end time (signatures + index + query all)",
                               "CPU seconds, one core"),
                              (ax_m, "Peak memory", "peak RSS (MiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("documents (~2 KB each)")
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=8)
    fig.suptitle("Near-duplicate detection: k = 128, word 5-grams, threshold 0.8", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return None


def strip_pairs(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("found_pairs", "raw_pairs")}


def goals(corpora: list, scaling: dict | None = None) -> list:
    """The issue's goals, checked on the English corpus (or the first corpus there is)."""
    target = next((c for c in corpora if c["name"].startswith("english")), None) or (
        corpora[0] if corpora else None)
    if target is None:
        return []
    res = target["results"]
    out = []
    cd = res.get("crossdoc-cpp", {})
    ds = res.get("datasketch", {})
    rs = res.get("rensa", {})
    if "cpu" in cd and "cpu" in ds:
        ratio = cd["cpu"]["total_docs_s"] / ds["cpu"]["total_docs_s"]
        out.append({"goal": "crossdoc >= 50x datasketch docs/s end to end, one core",
                    "met": ratio >= 50,
                    "measured": f"{ratio:.0f}x ({fmt(cd['cpu']['total_docs_s'])} vs "
                                f"{fmt(ds['cpu']['total_docs_s'])} docs/s, {target['name']})"})
    du = res.get("datasketch-update", {})
    if "cpu" in cd and "cpu" in du:
        ratio = cd["cpu"]["total_docs_s"] / du["cpu"]["total_docs_s"]
        out.append({"goal": "crossdoc >= 50x datasketch with one update() per shingle (the "
                            "~500 docs/s loop the goal's figure describes)",
                    "met": ratio >= 50,
                    "measured": f"{ratio:.0f}x ({fmt(cd['cpu']['total_docs_s'])} vs "
                                f"{fmt(du['cpu']['total_docs_s'])} docs/s)"})
    if "cpu" in cd and "cpu" in rs:
        ratio = cd["cpu"]["total_docs_s"] / rs["cpu"]["total_docs_s"]
        out.append({"goal": "crossdoc faster than rensa end to end", "met": ratio > 1,
                    "measured": f"{ratio:.1f}x ({fmt(cd['cpu']['total_docs_s'])} vs "
                                f"{fmt(rs['cpu']['total_docs_s'])} docs/s)"})
    for c in corpora:
        r = c["results"]
        if "accuracy" not in r.get("crossdoc-cpp", {}):
            continue
        f1 = r["crossdoc-cpp"]["accuracy"]["f1"]
        peers = {p: r[p]["accuracy"]["f1"] for p in ("datasketch", "rensa")
                 if "accuracy" in r.get(p, {})}
        if peers:
            out.append({"goal": f"F1 at least equal to both peers, one hash seed ({c['name']})",
                        "met": all(f1 >= v - 1e-12 for v in peers.values()),
                        "measured": f"crossdoc {f1:.4f}; " + ", ".join(
                            f"{p} {v:.4f}" for p, v in peers.items())})
    for c in corpora:
        sweep = c.get("seed_sweep", {})
        if "f1_mean" not in sweep.get("crossdoc-py", {}):
            continue
        f1 = sweep["crossdoc-py"]["f1_mean"]
        peers = {p: sweep[p]["f1_mean"] for p in ("datasketch", "rensa")
                 if "f1_mean" in sweep.get(p, {})}
        if peers:
            n = len(sweep["crossdoc-py"]["runs"])
            out.append({"goal": f"F1 at least equal to both peers, mean over {n} hash seeds "
                                f"({c['name']})",
                        "met": all(f1 >= v - 1e-12 for v in peers.values()),
                        "measured": f"crossdoc {f1:.4f}; " + ", ".join(
                            f"{p} {v:.4f}" for p, v in peers.items())})
    for c in corpora:
        r = c["results"]
        if "accuracy" not in r.get("crossdoc-cpp-exact", {}):
            continue
        f1 = r["crossdoc-cpp-exact"]["accuracy"]["f1"]
        peers = {p: r[p]["accuracy"]["f1"] for p in ("datasketch", "rensa")
                 if "accuracy" in r.get(p, {})}
        if peers:
            out.append({"goal": f"F1 at least equal to both peers, crossdoc with exact "
                                f"verification ({c['name']})",
                        "met": all(f1 >= v - 1e-12 for v in peers.values()),
                        "measured": f"crossdoc-cpp-exact {f1:.4f}; " + ", ".join(
                            f"{p} {v:.4f}" for p, v in peers.items())})
    slopes = (scaling or {}).get("index_bytes_per_doc_slope", {})
    if "crossdoc-cpp" in slopes and "datasketch" in slopes:
        a, b = slopes["crossdoc-cpp"], slopes["datasketch"]
        out.append({"goal": "index memory per document <= datasketch's",
                    "met": a["bytes_per_doc"] <= b["bytes_per_doc"],
                    "measured": f"{fmt(a['bytes_per_doc'])} vs {fmt(b['bytes_per_doc'])} "
                                "bytes/doc (slope of RSS growth over the scaling run)"})
    elif "index_bytes_per_doc" in cd and "index_bytes_per_doc" in ds:
        out.append({"goal": "index memory per document <= datasketch's",
                    "met": cd["index_bytes_per_doc"] <= ds["index_bytes_per_doc"],
                    "measured": f"{fmt(cd['index_bytes_per_doc'])} vs "
                                f"{fmt(ds['index_bytes_per_doc'])} bytes/doc (RSS growth)"})
    return out


def scaling_run(args, setup, libs, work) -> dict:
    sizes = [n for n in (1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000)
             if n <= args.max_scale]
    folder = os.path.join(work, f"synthetic-{sizes[-1]}")
    truth_file = os.path.join(folder, "truth.json")
    if not os.path.exists(truth_file) or peer_corpus.read_truth(folder)[1]["documents"] < sizes[-1]:
        log(f"generating the synthetic scaling corpus ({sizes[-1]:,} documents)")
        peer_corpus.make_synthetic_corpus(folder, sizes[-1], seed=2026)
    all_pairs, _ = peer_corpus.read_truth(folder)
    byte_prefix = prefix_bytes_many(folder, sizes)
    out = {"sizes": sizes, "budget_s": args.scale_budget, "libraries": {}, "notes": {}}
    for lib in libs:
        runs, spent, last = [], 0.0, None
        for n in sizes:
            if last is not None:
                predicted = last["wall"]["total_s"] * n / last["docs"] * 1.3 + 2
                if spent + predicted > args.scale_budget:
                    out["notes"][lib] = (f"stopped before {n:,} documents (predicted "
                                         f"{predicted:.0f} s would exceed the {args.scale_budget:.0f}"
                                         f" s budget)")
                    break
            truth = {p for p in all_pairs if p[1] < n}
            log(f"scaling: {lib} on {n:,} documents")
            t0 = time.perf_counter()
            res = run_library(lib, folder, n, args.threshold, setup,
                              min(args.timeout, args.scale_budget - spent + 5), args.cpu)
            spent += time.perf_counter() - t0
            row = summarize(res, truth, byte_prefix[n])
            row["docs"] = n
            runs.append(row)
            if "error" in row:
                out["notes"][lib] = f"stopped at {n:,} documents: {row['error']}"
                break
            last = row
        else:
            out["notes"].setdefault(lib, f"ran every size up to {sizes[-1]:,}")
        out["libraries"][lib] = runs
        slope = memory_slope(runs)
        if slope is not None:
            out.setdefault("index_bytes_per_doc_slope", {})[lib] = slope
    return out


def memory_slope(runs: list) -> dict | None:
    """Index memory per document as the slope of the resident-set growth between the two largest
    corpora a library finished: fixed costs (imports, allocator caches, one batch's garbage)
    cancel out, which the ratio growth / documents at one size does not do."""
    ok = [r for r in runs if "error" not in r and r.get("index_rss_bytes") is not None]
    if len(ok) < 2:
        return None
    a, b = ok[-2], ok[-1]
    if b["docs"] == a["docs"]:
        return None
    return {"from_docs": a["docs"], "to_docs": b["docs"],
            "bytes_per_doc": (b["index_rss_bytes"] - a["index_rss_bytes"]) / (b["docs"] - a["docs"])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--libs", default=",".join(LIBRARIES),
                    help="comma-separated subset of " + ", ".join(LIBRARIES))
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                   "crossdoc-peer-bench"),
                    help="where corpora and pair files go (large: up to ~1 GB)")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--driver", help="path to a built peer_driver_bench (skips the build)")
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"),
                    help="the shared/ folder holding data/<corpus>/articles.jsonl")
    ap.add_argument("--synthetic", action="store_true",
                    help="also run the synthetic corpus when real corpora are present")
    ap.add_argument("--synthetic-docs", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--repeat-cutoff", type=float, default=20.0,
                    help="do not repeat a run that took longer than this (s)")
    ap.add_argument("--timeout", type=float, default=600.0, help="per run (s)")
    ap.add_argument("--cpu", type=int, default=os.cpu_count() - 1 if os.cpu_count() else None,
                    help="CPU to pin every run to (-1: no pinning)")
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--max-scale", type=int, default=200000)
    ap.add_argument("--scale-budget", type=float, default=150.0,
                    help="seconds per library for the scaling run")
    ap.add_argument("--quick", action="store_true",
                    help="1,500 documents per corpus, one repeat, scaling to 20k")
    ap.add_argument("--no-install", action="store_true", help="never run pip")
    ap.add_argument("--child", choices=["datasketch", "datasketch-update", "rensa", "crossdoc-py",
                                        "crossdoc-py-analyzer"],
                    help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--pairs-out", help=argparse.SUPPRESS)
    ap.add_argument("--estimate-in", help=argparse.SUPPRESS)
    ap.add_argument("--estimate-out", help=argparse.SUPPRESS)
    ap.add_argument("--sweep-seeds", help=argparse.SUPPRESS)
    ap.add_argument("--seeds", type=int, default=30,
                    help="accuracy of crossdoc-py, rensa and datasketch over this many hash seeds "
                         "(0: skip; --quick: 3)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite peers.md and scaling.png from an existing peers.json")
    args = ap.parse_args()
    if args.child:
        return child_main(args)
    if args.report_only:
        with open(os.path.join(args.out, "peers.json")) as f:
            results = json.load(f)
        results["goals"] = goals(results["corpora"], results.get("scaling"))
        return write_reports(results, args.out)
    if args.cpu is not None and args.cpu < 0:
        args.cpu = None
    if args.quick:
        args.repeats = 1
        args.max_scale = min(args.max_scale, 20000)
        args.scale_budget = min(args.scale_budget, 60.0)
        args.seeds = min(args.seeds, 3)
    libs = [x.strip() for x in args.libs.split(",") if x.strip()]
    for lib in libs:
        if lib not in LIBRARIES:
            ap.error(f"unknown library {lib}")
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)

    setup = Setup(args)
    if any(lib.startswith("crossdoc-cpp") for lib in libs):
        log("building the C++ driver (peer_driver_bench)")
        setup.cpp()
    for peer in ("datasketch", "rensa"):
        if peer in libs or (peer == "datasketch" and "datasketch-update" in libs):
            setup.peer(peer)
    if "datasketch" in setup.unavailable:
        setup.unavailable["datasketch-update"] = setup.unavailable["datasketch"]
    setup.matplotlib()
    # The bindings come last: building them takes minutes, and everything else runs meanwhile
    # in a real session; here they are simply checked (and installed) before the runs.
    if "crossdoc-py" in libs:
        setup.bindings()
    for name, why in setup.unavailable.items():
        log(f"unavailable: {why}")
    runnable = [lib for lib in libs if lib not in setup.unavailable]
    for lib in ("datasketch", "rensa"):
        if lib in runnable:
            ok = subprocess.run([sys.executable, "-c", f"import importlib.metadata as m; "
                                 f"print(m.version('{lib}'))"], capture_output=True, text=True)
            setup.versions[lib] = ok.stdout.strip()

    # Corpora.
    corpora_specs = []
    limit_docs = 1500 if args.quick else None
    for name, folder_name, lang, seed in (("english (BBC News + planted)", "bbc-news-en", "en", 11),
                                          ("hindi (COVID news + planted)", "hindi-covid-news",
                                           "hi", 12)):
        src = os.path.join(args.shared, "data", folder_name, "articles.jsonl")
        if os.path.exists(src):
            corpora_specs.append((name, "real", src, lang, seed))
    if not corpora_specs or args.synthetic:
        corpora_specs.append((f"synthetic ({args.synthetic_docs:,} docs)", "synthetic", None,
                              "en", 13))

    results = {"command": " ".join(["python3 benchmarks/compare_peers.py", *sys.argv[1:]]),
               "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": machine_info(setup),
               "settings": {"k": K, "shingle": SHINGLE, "threshold": args.threshold,
                            "seed": SEED, "rensa_bands": RENSA_BANDS,
                            "timing": "process/thread CPU time per phase, best of repeats",
                            "memory": "index: RSS growth from before signatures to after the "
                                      "index build, in a fresh process; peak: ru_maxrss"},
               "unavailable": dict(setup.unavailable), "corpora": []}
    for name, kind, src, lang, seed in corpora_specs:
        folder = os.path.join(args.work, f"{lang}-{kind}-{args.synthetic_docs if kind == 'synthetic' else 'all'}")
        if not os.path.exists(os.path.join(folder, "truth.json")):
            log(f"preparing corpus {name}")
            if kind == "real":
                peer_corpus.make_real_corpus(folder, src, lang, seed, threshold=args.threshold)
            else:
                peer_corpus.make_synthetic_corpus(folder, args.synthetic_docs, seed,
                                                  threshold=args.threshold)
        truth_all, info = peer_corpus.read_truth(folder)
        truth = {p for p in truth_all if limit_docs is None or p[1] < limit_docs}
        doc_bytes = prefix_bytes(folder, limit_docs)
        if limit_docs is not None:
            info = dict(info, documents=min(limit_docs, info["documents"]), bytes=doc_bytes,
                        truth_pairs=len(truth))
        entry = {"name": name, "folder": folder, "info": info, "results": {}}
        # The planted pairs, for the estimator check: each library's Jaccard estimate of every
        # planted pair against the exact Jaccard of the shared shingle sets.
        estimate_in = os.path.join(folder, f"truth_pairs.{limit_docs or 'all'}.txt")
        with open(estimate_in, "w") as f:
            for i, j in sorted(truth):
                f.write(f"{i} {j}\n")
        exact = exact_jaccards(folder, truth)
        entry["info"]["truth_pairs_below_threshold"] = sum(
            1 for v in exact.values() if v < args.threshold)
        log(f"{name}: {', '.join(libs)}")
        rows = round_robin([lib for lib in libs if lib not in setup.unavailable], folder,
                           limit_docs, args.threshold, setup, args, truth, doc_bytes,
                           args.repeats, estimate_in, exact)
        for lib in libs:
            if lib in setup.unavailable:
                entry["results"][lib] = {"error": setup.unavailable[lib]}
                continue
            row = rows[lib]
            entry["results"][lib] = strip_pairs(row)
            if "error" in row:
                log(f"  {lib}: {row['error']}")
            else:
                log(f"  {lib}: {row['cpu']['total_docs_s']:,.0f} docs/s end to end (CPU), "
                    f"F1 {row['accuracy']['f1']:.4f}, index {row['index_bytes_per_doc']:,.0f} B/doc")
        if args.seeds > 0:
            entry["seed_sweep"] = seed_sweep(args, setup, folder, limit_docs)
        results["corpora"].append(entry)

    if not args.no_scaling:
        results["scaling"] = scaling_run(args, setup,
                                         [x for x in runnable if x not in NOT_SCALED], args.work)
        results["scaling"]["libraries"] = {
            lib: [strip_pairs(r) for r in runs]
            for lib, runs in results["scaling"]["libraries"].items()}

    results["goals"] = goals(results["corpora"], results.get("scaling"))
    return write_reports(results, args.out)


def write_reports(results: dict, out: str) -> int:
    with open(os.path.join(out, "peers.json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    table = markdown(results)
    with open(os.path.join(out, "peers.md"), "w") as f:
        f.write("# crossdoc vs datasketch and rensa\n\n"
                "Generated by `benchmarks/compare_peers.py`; see benchmarks/README.md for how to "
                "read it.\n\n" + table + "\n")
    if results.get("scaling"):
        why = plot(results["scaling"], os.path.join(out, "scaling.png"))
        if why:
            log(why)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
