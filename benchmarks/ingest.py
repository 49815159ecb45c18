"""Ingest benchmark: read + clean + segment + store N synthetic ~600-word text articles.

Prints a table. Peers measured in the same run, on the same documents:
  * floor: read the files and insert the raw text into SQLite, nothing else;
  * pysbd: the sentence segmenter we did not choose, on the same cleaned texts.

Usage:  python benchmarks/ingest.py [--n 10000] [--words 600]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import peak_rss_mb
from newsdesk.config import Config
from newsdesk.jobs import ingest
from newsdesk.store import Store
from synth import write_corpus


def floor(paths: list[Path], db_path: Path) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (path TEXT, text TEXT)")
    with con:
        for p in paths:
            con.execute("INSERT INTO t VALUES (?, ?)", (str(p), p.read_text(encoding="utf-8")))
    con.close()
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--pysbd-sample", type=int, default=300)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        t0 = time.perf_counter()
        paths = write_corpus(root, args.n, words=args.words)
        gen = time.perf_counter() - t0
        total_words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)

        floor_s = floor(paths, Path(tmp) / "floor.db")

        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            summary = ingest(store, [str(root)], config=Config(), command="bench")
            ingest_s = time.perf_counter() - t0
            sample = store.articles(limit=args.pysbd_sample)
        assert summary.articles == args.n, (summary.articles, summary.errors[:3])

        pysbd_rate = float("nan")
        blingfire_rate = float("nan")
        try:
            import pysbd

            seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
            t0 = time.perf_counter()
            for a in sample:
                seg.segment(a.text)
            pysbd_rate = len(sample) / (time.perf_counter() - t0)
        except ImportError:
            pass
        from newsdesk.segment import split_sentences

        t0 = time.perf_counter()
        for a in sample:
            split_sentences(a.text, a.paragraphs)
        blingfire_rate = len(sample) / (time.perf_counter() - t0)

    rate = args.n / ingest_s
    print(
        f"# ingest benchmark: {args.n} articles, {total_words / args.n:.0f} words each "
        f"(corpus written in {gen:.1f}s)"
    )
    print()
    print("| what | seconds | articles/s | words/s | ratio |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| newsdesk ingest (read+clean+segment+store) | {ingest_s:.2f} | {rate:,.0f} | "
        f"{total_words / ingest_s:,.0f} | 1.00 |"
    )
    print(
        f"| floor: read + raw SQLite insert | {floor_s:.2f} | {args.n / floor_s:,.0f} | "
        f"{total_words / floor_s:,.0f} | newsdesk takes {ingest_s / floor_s:.1f}x as long |"
    )
    for name, secs in sorted(summary.timings.items()):
        print(
            f"| stage `{name}` | {secs.seconds:.2f} | {args.n / secs.seconds:,.0f} | | "
            f"{secs.seconds / ingest_s:.0%} of ingest |"
        )
    print(
        f"| segmentation: blingfire (ours), {len(sample)} articles | | {blingfire_rate:,.0f} | "
        "| 1.00 |"
    )
    print(
        f"| segmentation: pysbd (peer), same articles | | {pysbd_rate:,.0f} | | "
        f"{blingfire_rate / pysbd_rate:.1f}x slower |"
    )
    print()
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
