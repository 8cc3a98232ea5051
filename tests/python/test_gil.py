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


@pytest.mark.parametrize("name", ["analyze", "fingerprint", "align", "dedup", "index", "factcheck"])
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
        "factcheck": lambda: crossdoc.factcheck(docs[:6], threads=1),
    }
    window = {}
    done = threading.Event()

    def work():
        window["start"] = time.perf_counter()
        calls[name]()
        window["end"] = time.perf_counter()
        done.set()

    ticks = []
    t = run_in_thread(work)
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.0005)
    t.join()
    # While a thread holds the GIL no other thread runs Python code, so a tick strictly inside
    # the call proves the call let go of the GIL.
    inside = [x for x in ticks if window["start"] < x < window["end"]]
    assert len(inside) >= 5, (f"{name}: the main thread ran {len(inside)} times during a call "
                              f"of {window['end'] - window['start']:.3f} s")


def _work(text):
    crossdoc.Analyzer().analyze(text)
    crossdoc.fingerprint(text)


def _timed(run_two):
    start = time.perf_counter()
    run_two()
    return time.perf_counter() - start


def test_two_threads_finish_faster_than_serially(big_text):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: threads cannot run at once")
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    with ThreadPoolExecutor(2) as threads, ProcessPoolExecutor(2) as processes:
        list(processes.map(_work, [big_text[:1000]] * 2))  # start the worker processes
        thread_ratios, process_ratios = [], []
        for _ in range(3):
            serial = _timed(lambda: (_work(big_text), _work(big_text)))
            thread_ratios.append(_timed(lambda: list(threads.map(_work, [big_text] * 2))) / serial)
            process_ratios.append(
                _timed(lambda: list(processes.map(_work, [big_text] * 2))) / serial)
            if thread_ratios[-1] < 0.8:
                break
    best_thread, best_process = min(thread_ratios), min(process_ratios)
    if best_thread >= 0.8 and best_process > 0.8:
        # Even separate processes gain nothing: other jobs hold every core right now.
        pytest.skip(f"the machine is too busy to measure (two processes: {best_process:.2f} of "
                    f"the serial time; two threads: {best_thread:.2f})")
    # Ideal is 0.5. Threads must gain clearly, and about as much as processes do.
    assert best_thread < max(0.85, best_process + 0.15), (thread_ratios, process_ratios)
