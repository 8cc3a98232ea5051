#!/usr/bin/env python3
"""Kills crossdoc-watch at random moments and checks that nothing reported as saved is lost.

usage: kill_test.py BUILD_DIR [SEQUENCES]

A feed of articles (the bundled examples and variants of them with other numbers, written here)
is piped to `crossdoc-watch INDEX --json`; the process is killed with SIGKILL after a random
delay, then started again on the same feed, until one run reaches the end (one sequence, each
with a fresh index). Then:
  - every article a run reported with "saved": true is skipped as "already indexed" by a final
    run over the same feed (it is in the index and in the side file);
  - no article reported as saved is ever processed as new again;
  - the final run finds every article of the feed indexed, and each text is stored once.
Prints "watch-kill: N passed, M failed"; exit status 1 when M > 0.
"""

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

EVENTS = {"recovered": 0, "discarding": 0}  # restarts that repaired something, by kind
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_feed(path, copies):
    data = os.path.join(ROOT, "examples", "data")
    articles = sorted(f for f in os.listdir(data) if f.endswith(".txt"))
    lines = []
    for k in range(copies):
        for name in articles:
            with open(os.path.join(data, name), encoding="utf-8") as f:
                text = f.read()
            if k:
                # A rewrite with another delegation size and a marker sentence.
                text = text.replace("12", str(12 + k)).replace("15", str(15 + k))
                text += f"\nसंस्करण {k}. Edition {k}.\n"
            lines.append(json.dumps({"id": f"{name}#{k}", "text": text,
                                     "source": name.split("_", 2)[2].rsplit(".", 1)[0]},
                                    ensure_ascii=False))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return [json.loads(line)["id"] for line in lines]


def run(watch, index, feed, kill_after=None):
    """Runs the watcher on the feed; returns (output lines, finished)."""
    with open(feed, "rb") as stdin:
        proc = subprocess.Popen([watch, index, "--json"], stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        if kill_after is not None:
            time.sleep(kill_after)
            proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
    lines = [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]
    for event in ("recovered", "discarding"):
        EVENTS[event] += err.decode("utf-8", "replace").count(event)
    finished = proc.returncode == 0
    if proc.returncode not in (0, -signal.SIGKILL):
        print(err.decode("utf-8", "replace"), file=sys.stderr)
        raise SystemExit(f"crossdoc-watch failed with status {proc.returncode}")
    return lines, finished


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    watch = os.path.join(sys.argv[1], "examples", "crossdoc-watch")
    rounds = int(sys.argv[2]) if len(sys.argv) == 3 else 4
    rng = random.Random(20250312)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    with tempfile.TemporaryDirectory() as work:
        feed = os.path.join(work, "feed.jsonl")
        ids = make_feed(feed, copies=8)
        # How long a full run takes, to spread the kills over it.
        start = time.monotonic()
        run(watch, os.path.join(work, "probe.idx"), feed)
        full = time.monotonic() - start
        kills = 0
        saved_total = 0
        for sequence in range(rounds):
            # A fresh newsroom each time, killed again and again until a run gets to the end.
            index = os.path.join(work, f"newsroom{sequence}.idx")
            saved = set()
            for attempt in range(200):
                lines, finished = run(watch, index, feed, kill_after=rng.uniform(0.0, full / 3))
                for line in lines:
                    if "id" in line and "skipped" not in line:
                        check(line["id"] not in saved,
                              f"{line['id']} was reported saved before and processed again")
                    if line.get("saved") is True:
                        saved.add(line["id"])
                    if isinstance(line.get("saved"), list):
                        saved.update(line["saved"])
                if finished:
                    break
                kills += 1
            check(finished, f"sequence {sequence}: a run reaches the end of the feed")
            final, _ = run(watch, index, feed)
            skipped = {line["id"] for line in final if line.get("skipped") == "already indexed"}
            lost = sorted(saved - skipped)
            check(not lost, f"sequence {sequence}: reported saved but not indexed: {lost[:5]}")
            check(skipped == set(ids),
                  f"sequence {sequence}: all {len(ids)} articles indexed ({len(skipped)})")
            with open(index + ".docs.jsonl", encoding="utf-8") as f:
                stored = [json.loads(line)["id"] for line in f]
            check(sorted(stored) == sorted(set(stored)) and set(stored) == set(ids),
                  f"sequence {sequence}: every text stored exactly once")
            saved_total += len(saved)
        print(f"watch-kill: {rounds} sequences, {kills} kills, {saved_total} articles reported "
              f"saved; restarts that re-indexed stored texts: {EVENTS['recovered']}, that cut "
              f"a torn last line: {EVENTS['discarding']}", file=sys.stderr)
    print(f"watch-kill: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
