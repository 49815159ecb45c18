"""Web UI benchmark: how long ``newsdesk serve`` takes to answer its pages.

A synthetic corpus goes through the real pipeline (ingest + every analysis
stage): one story of ``--story`` articles (default 50) from as many outlets,
told as syndicated copies with small edits, machine-style rewrites (words
swapped, sentences dropped and moved) and independent reports sharing a few
sentences; beside it, the demo corpus (other, real-looking stories) and, with
``--background``, synthetic articles. Then the app is served on a thread
(uvicorn) and each page is fetched over HTTP ``--repeat`` times after a
warm-up; the table gives the median and the 90th percentile, and the size.

The target (issue #8) is a story page of 50 articles in under 300 ms.

Usage:  python benchmarks/web.py [--story 50] [--background 0] [--repeat 15]
        [--db PATH]  (an existing database is reused: analysis runs once)
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsdesk import jobs
from newsdesk.config import load_config
from newsdesk.store import Store, views
from newsdesk.web import create_app
from newsdesk.web.server import background
from synth import article, write_corpus

TARGET_MS = 300.0
SWAPS = {
    "said": "stated",
    "approved": "signed off",
    "people": "residents",
    "about": "roughly",
    "cost": "run to",
    "council": "local authority",
    "because": "since",
    "choice": "option",
    "affected": "hit",
    "annual": "yearly",
    "new": "fresh",
}


def _rewrite(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    return " ".join(SWAPS.get(w, w) if rng.random() < 0.7 else w for w in words)


def write_story(root: Path, n: int, *, seed: int = 7) -> None:
    """``n`` tellings of one event, one per outlet folder (the folder names the outlet)."""
    rng = random.Random(seed)
    base = article(rng, words=600).split("\n")
    head, body = base[:5], [line for line in base[5:] if line.strip()]
    sentences = [s for para in body for s in re.split(r"(?<=[.!?\"]) (?=[A-Z\"])", para)]
    for i in range(n):
        kind = ("syndicated", "rewrite", "rewrite", "independent", "independent")[i % 5]
        local = random.Random(seed * 1000 + i)
        if kind == "syndicated":
            text = list(sentences)
            for j in local.sample(range(len(text)), 2):
                text[j] = text[j].replace("the ", "this ", 1)
        elif kind == "rewrite":
            text = [_rewrite(s, local) for s in sentences if local.random() > 0.15]
            if len(text) > 4:
                a, b = local.sample(range(len(text)), 2)
                text[a], text[b] = text[b], text[a]
        else:
            kept = [s for s in sentences if local.random() < 0.4]
            own = article(local, words=250).split("\n")[5:]
            text = kept + [s for s in " ".join(own).split(". ") if s.strip()][:8]
        paras = [" ".join(text[k : k + 3]) for k in range(0, len(text), 3)]
        day = f"2024-05-{10 + i % 3:02d}T08:00:00+00:00"
        lines = [head[0], "", f"by Reporter {i}", "", day, *[p + "\n" for p in paras]]
        folder = root / f"outlet-{i:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story-{i:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


def build(db: Path, *, story: int, others: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_story(Path(tmp) / "story", story)
        # The demo corpus makes the other stories: real, distinct events. Synthetic
        # background articles share one small vocabulary and would join one another.
        with resources.as_file(resources.files("newsdesk") / "demo" / "corpus") as demo:
            shutil.copytree(demo, Path(tmp) / "demo")
        if others:
            write_corpus(Path(tmp) / "others", others, seed=11, words=400)
        config = load_config(use_user_file=False)
        with Store(db) as store:
            t0 = time.perf_counter()
            summary = jobs.ingest(store, [tmp], config=config, command="bench")
            t1 = time.perf_counter()
            jobs.analyze(store, config=config)
            t2 = time.perf_counter()
        print(
            f"built {db}: {summary.articles} articles; ingest {t1 - t0:.1f}s, "
            f"analysis {t2 - t1:.1f}s",
            file=sys.stderr,
        )


def measure(client: httpx.Client, url: str, repeat: int) -> tuple[float, float, int]:
    for _ in range(2):  # warm-up: imports, template compilation, SQLite page cache
        client.get(url).raise_for_status()
    times = []
    size = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        size = len(response.content)
    times.sort()
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    return statistics.median(times), p90, size


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--story", type=int, default=50, help="articles in the big story")
    ap.add_argument(
        "--background", type=int, default=0, help="synthetic articles besides the demo corpus"
    )
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--db", type=Path, help="database to use (built when missing)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "web.db"
        if not db.exists():
            build(db, story=args.story, others=args.background)
        with Store(db) as store:
            biggest = views.list_stories(store, views.StoryFilter(sort="biggest"), limit=1).rows[0]
            n_stories = views.counts(store)["stories"]
            article_id = max(
                views.articles_by_id(store, list(biggest.article_ids)).values(),
                key=lambda a: len(a.text),
            ).id
        app = create_app(db, config=load_config(use_user_file=False))
        pages = [
            (f"stories page ({n_stories} stories)", "/"),
            ("stories page, search", "/?q=council"),
            (f"story page, {biggest.n_articles} articles (8 columns)", f"/story/{biggest.id}"),
            (
                f"story page, {biggest.n_articles} articles (all columns)",
                f"/story/{biggest.id}?all=1",
            ),
            (f"story JSON, {biggest.n_articles} articles", f"/api/stories/{biggest.id}"),
            ("article page (longest of the story)", f"/article/{article_id}"),
        ]
        with background(app) as base, httpx.Client(base_url=base, timeout=60) as client:
            rows = [(name, *measure(client, url, args.repeat)) for name, url in pages]

    print(f"newsdesk serve, HTTP on 127.0.0.1; median and p90 of {args.repeat} requests")
    print()
    print("| page | median ms | p90 ms | size KB |")
    print("|---|---:|---:|---:|")
    for name, median, p90, size in rows:
        print(f"| {name} | {median:.0f} | {p90:.0f} | {size / 1024:.0f} |")
    print()
    story_ms = max(r[1] for r in rows if r[0].startswith("story page"))
    verdict = "meets" if story_ms < TARGET_MS else "MISSES"
    print(
        f"Story page (worst of the two): {story_ms:.0f} ms, {verdict} the {TARGET_MS:.0f} ms goal."
    )


if __name__ == "__main__":
    main()
