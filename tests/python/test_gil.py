"""The GIL is released while crossdoc works: other Python threads run, and two threads doing
crossdoc work at once finish sooner than one after the other."""

import os
import random
import threading
import time

import pytest

import crossdoc
from conftest import invented_article


@pytest.fixture(scope="module")
def big_text():
    rng = random.Random(5)
    parts = [invented_article(rng, "hi" if i % 2 else "en", sentences=40) for i in range(10)]
    text = "\n\n".join(parts)
    # Long enough that one analysis takes a noticeable time, short enough for a quick suite.
    reps = 1
    while True:
        start = time.perf_counter()
        crossdoc.analyze(text * reps)
        if time.perf_counter() - start > 0.15 or reps >= 256:
            return text * reps
        reps *= 2


def run_in_thread(fn):
    t = threading.Thread(target=fn)
    t.start()
    return t


@pytest.mark.parametrize("name", ["analyze", "fingerprint", "align", "dedup", "index"])
def test_python_threads_run_during_a_call(big_text, name):
    half = len(big_text) // 2
    docs = [(f"d{i}", big_text[i * 1000:i * 1000 + 40000]) for i in range(40)]
    idx = crossdoc.Index()
    calls = {
        "analyze": lambda: crossdoc.analyze(big_text),
        "fingerprint": lambda: crossdoc.fingerprint(big_text),
        "align": lambda: crossdoc.align(big_text[:half // 4], big_text[half // 4:half // 2]),
        "dedup": lambda: crossdoc.dedup(docs, threads=1),
        "index": lambda: idx.add_documents(docs, threads=1),
    }
    done = threading.Event()

    def work():
        calls[name]()
        done.set()

    ticks = 0
    t = run_in_thread(work)
    while not done.is_set():
        ticks += 1
        time.sleep(0.0005)
    t.join()
    # With the GIL held for the whole call this loop could not run while the call is under way.
    assert ticks >= 10, f"{name}: the main thread ran {ticks} times during the call"


def test_two_threads_finish_faster_than_serially(big_text):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: threads cannot run at once")
    analyzer = crossdoc.Analyzer()

    def work():
        analyzer.analyze(big_text)
        crossdoc.fingerprint(big_text)

    ratios = []
    for _ in range(3):
        start = time.perf_counter()
        work()
        work()
        serial = time.perf_counter() - start
        start = time.perf_counter()
        threads = [run_in_thread(work) for _ in range(2)]
        for t in threads:
            t.join()
        parallel = time.perf_counter() - start
        ratios.append(parallel / serial)
        if ratios[-1] < 0.85:
            break
    # Ideal is 0.5; other processes share the machine, so only a clear gain is required.
    assert min(ratios) < 0.85, f"parallel/serial time ratios {ratios}"
