#!/usr/bin/env python3
"""Deduplicate and fact-check a JSONL news corpus on a Dask cluster with crossdoc.

    python examples/python/dask_dedup.py CORPUS.jsonl [MORE.jsonl ...] --out DIR
        [--scheduler tcp://HOST:8786 | --workers N] [--threshold 0.8] [--no-factcheck]
        [--blocksize 64MiB]

Without --scheduler a LocalCluster of --workers processes (default 2) is started on this
machine. Inputs and DIR may be local paths (shared by all workers) or fsspec URLs (s3://...).
Writes DIR/clusters-*.jsonl ({"representative", "members", "size"} a line) and
DIR/findings-*.jsonl (a finding of crossdoc-factcheck's JSON contract a line, plus "cluster").
Prints the counts as JSON on stdout. See docs/python.md.
"""

import argparse
import json
import sys
import time
from typing import Any, Dict

import crossdoc
import crossdoc.dask


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", help="JSONL files (paths or URLs)")
    parser.add_argument("--out", required=True, help="output directory (path or URL)")
    parser.add_argument("--scheduler", help="address of a running dask scheduler")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes")
    parser.add_argument("--threads-per-worker", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--shingle", type=int, default=5, help="words per shingle")
    parser.add_argument("--blocksize", default="64MiB", help="bytes of JSONL per partition")
    parser.add_argument("--no-factcheck", action="store_true", help="clusters only")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads_per_worker,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        start = time.perf_counter()
        blocksize = int(args.blocksize) if args.blocksize.isdigit() else args.blocksize
        summary: Dict[str, Any] = crossdoc.dask.run(args.corpus, args.out, threshold=args.threshold,
                                    shingle_size=args.shingle, blocksize=blocksize,
                                    factcheck=not args.no_factcheck,
                                    threads=args.threads_per_worker)
        summary["seconds"] = round(time.perf_counter() - start, 2)
        print(json.dumps(summary))
    except (crossdoc.InputError, OSError) as e:
        print(f"dask_dedup: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
