"""Whole-pipeline benchmark: ``newsdesk run`` on synthetic multi-outlet news, stage by stage.

What runs is what ``newsdesk run PATH`` runs: ``jobs.ingest`` (read, ``clean``, store) then
``jobs.analyze`` (every corpus-level stage, then persist) on a fresh SQLite store. The stage
list is not written here: it is what ``jobs`` runs, ``INGEST_STAGES`` and ``CORPUS_STAGES``
from ``newsdesk.stages``, so a new stage appears in the table by itself. Each size runs in a fresh
subprocess, so the memory figures are that run's own and no model is warm.

Corpus (``synth.write_stories``): ~600-word articles in stories covered by several outlets,
with syndicated copies, machine rewrites, attributed quotes, dates, numbers and names,
conflicting figures and misspelt names; JSONL, one file per outlet, ~150 articles a day.

Per step (each pipeline stage, plus the I/O between them): wall seconds, share of the run,
CPU seconds of this process (all threads), articles/s, peak RSS (the kernel's high-water mark,
reset at the start of the step through /proc/self/clear_refs; sampled every 10 ms where that
is not allowed), how far that peak rose above the RSS at the step's start, and how busy the
rest of the machine was meanwhile (cores used by other processes, from /proc/stat, and the
1-minute load average at the step's end), because the machine may be shared. A second
table splits the model calls out of the stages that make them (MiniLM embeddings, spaCy
parses): seconds, share of the stage, texts per second. With several sizes, a last table
gives the cost per article at each size against the smallest, to show what grows faster
than the corpus.

Usage:  python benchmarks/pipeline.py [--n 1000 10000] [--out-dir DIR] [--keep]
        python benchmarks/pipeline.py --n 20 --quick     # smoke check, well under a minute
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import peak_rss_mb, reset_peak, rss_mb
from synth import StoryCorpus, write_stories

# Rows that are not pipeline stages: the I/O and set-up that `newsdesk run` does around them.
INGEST_IO = "ingest I/O: read JSONL, write store"
ANALYZE_READ = "analyze I/O: read store"
LOAD_MODELS = "analyze: load models"
ANALYZE_WRITE = "analyze I/O: write store"
CLOSE = "close store"
# The loaders in ``newsdesk.jobs`` that load a model; wrapped when present, so that model
# start-up is not charged to the store reads around it.
MODEL_LOADERS = ("_embedder", "_nlp")
EMBED = "MiniLM embedding (texts)"
PARSE = "spaCy parse (articles)"


def _machine_busy_s() -> float:
    """CPU seconds all processes have spent busy since boot (every core), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    # user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class Row:
    label: str
    stage: bool
    seconds: float = 0.0
    cpu: float = 0.0
    machine_busy: float = 0.0
    peak_mb: float = 0.0
    start_mb: float = -1.0
    rise_mb: float = 0.0
    entries: int = 0
    load1: float = 0.0


class Timeline:
    """Wall time, CPU time and peak RSS attributed to whichever step is current.

    Steps nest (``clean`` inside ingest, a stage inside analyze) but the kernel keeps one
    high-water mark per process: so every switch reads the mark, charges it to the step
    being left, and resets it for the next one. An outer step's peak is the maximum of its
    own segments; the peak of a step that ran in several segments (``clean`` once per batch)
    is the maximum over them.
    """

    def __init__(self, *, on_stage: Callable[[str, str, Row], None] | None = None) -> None:
        self.reset_ok = reset_peak()
        self.rows: dict[str, Row] = {}
        self.current: str | None = None
        # model -> step -> [seconds, texts, calls]
        self.models: dict[str, dict[str, list[float]]] = {}
        self._on_stage = on_stage
        self._t = self._cpu = self._busy = 0.0
        self._entry_mb = 0.0
        self._sampled = 0.0
        self._stop = threading.Event()
        if not self.reset_ok:
            # No clear_refs (not Linux, or not allowed): a sampler catches peaks that last
            # longer than its interval, which is what matters at stage granularity.
            threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self._sampled = max(self._sampled, rss_mb())

    def _peak(self) -> float:
        if self.reset_ok:
            return peak_rss_mb()
        return max(self._sampled, rss_mb())

    def switch(self, label: str | None, *, stage: bool = False) -> str | None:
        """Charge everything since the last switch to the current step; start ``label``."""
        now, cpu, busy = time.perf_counter(), time.process_time(), _machine_busy_s()
        previous = self.current
        if previous is not None:
            row = self.rows[previous]
            peak = self._peak()
            row.seconds += now - self._t
            row.cpu += cpu - self._cpu
            row.machine_busy += busy - self._busy
            row.peak_mb = max(row.peak_mb, peak)
            row.rise_mb = max(row.rise_mb, peak - self._entry_mb)
            row.load1 = os.getloadavg()[0]
            if row.stage and self._on_stage is not None:
                self._on_stage("done", previous, row)
        if self.reset_ok:
            reset_peak()
        self._sampled = 0.0
        self.current = label
        if label is not None:
            row = self.rows.setdefault(label, Row(label, stage))
            self._entry_mb = rss_mb()
            if row.start_mb < 0:
                row.start_mb = self._entry_mb
            row.entries += 1
            if stage and self._on_stage is not None:
                self._on_stage("start", label, row)
        # Read the clocks again so that this method's own /proc reads are charged to nobody.
        self._t, self._cpu, self._busy = time.perf_counter(), time.process_time(), busy
        return previous

    @contextmanager
    def step(self, label: str, *, stage: bool = False, then: str | None = None) -> Iterator[None]:
        """Run the body as step ``label``; afterwards ``then``, or the step it interrupted."""
        previous = self.switch(label, stage=stage)
        try:
            yield
        finally:
            self.switch(then if then is not None else previous)

    def charge(self, model: str, seconds: float, items: int) -> None:
        """Time spent in a model call, charged to the current step as well."""
        got = self.models.setdefault(model, {}).setdefault(self.current or "-", [0.0, 0, 0])
        got[0] += seconds
        got[1] += items
        got[2] += 1

    def close(self) -> None:
        self.switch(None)
        self._stop.set()


def instrument(timeline: Timeline) -> None:
    """Put every registered stage, and the model loaders, under ``timeline``.

    Nothing in src/ is changed: corpus-level stages are re-registered with a timed
    ``func`` (the registry lets a later registration replace an earlier one), and per-item
    stages, whose ``func`` runs once per article, are timed around the runner's loop.
    """
    from newsdesk import jobs
    from newsdesk.pipeline import Pipeline, Stage, register, registered

    def timed(stage: Stage) -> Callable[..., Any]:
        inner = stage.func

        def run(**kwargs: Any) -> Any:
            # After the last stage what remains of analyze is persisting the results.
            with timeline.step(stage.name, stage=True, then=ANALYZE_WRITE):
                return inner(**kwargs)

        return run

    for stage in registered().values():
        if not stage.per_item:
            register(dataclasses.replace(stage, func=timed(stage)))

    per_item = Pipeline._run_per_item

    def run_per_item(stage: Stage, result: Any, section: Any, timing: Any) -> None:
        with timeline.step(stage.name, stage=True):
            per_item(stage, result, section, timing)

    Pipeline._run_per_item = staticmethod(run_per_item)  # type: ignore[method-assign]

    for name in MODEL_LOADERS:
        loader = getattr(jobs, name, None)
        if callable(loader):
            setattr(jobs, name, _timed_loader(timeline, loader))


def _timed_loader(timeline: Timeline, loader: Callable[..., Any]) -> Callable[..., Any]:
    def load(*args: Any, **kwargs: Any) -> Any:
        # Imported and patched inside the step, so that import time stays where
        # `newsdesk run` pays it; the encoder before the loader runs, because the loader
        # keeps its bound ``encode``.
        with timeline.step(LOAD_MODELS):
            from newsdesk import embed

            _watch(embed.Encoder, "encode", EMBED, timeline)
            got = loader(*args, **kwargs)
            language = sys.modules.get("spacy.language")
            if language is not None:
                _watch(language.Language, "pipe", PARSE, timeline, generator=True)
        return got

    return load


def _watch(cls: Any, name: str, label: str, timeline: Timeline, generator: bool = False) -> None:
    inner = getattr(cls, name)
    if getattr(inner, "_bench_watched", False):
        return

    def call(self: Any, texts: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        out = inner(self, texts, *args, **kwargs)
        timeline.charge(label, time.perf_counter() - started, len(texts))
        return out

    def pipe(self: Any, texts: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        # A lazy generator: the parse happens in each next(), so that is what is timed.
        docs = inner(self, texts, *args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                doc = next(docs)
            except StopIteration:
                timeline.charge(label, time.perf_counter() - started, 0)
                return
            timeline.charge(label, time.perf_counter() - started, 1)
            yield doc

    wrapper: Any = pipe if generator else call
    wrapper._bench_watched = True
    setattr(cls, name, wrapper)


# -- worker: one fresh process per size ----------------------------------------------------


def worker(corpus: Path, db: Path, n: int, overrides: list[str]) -> dict[str, Any]:
    t_start = time.perf_counter()
    rss_start = rss_mb()
    from newsdesk import jobs, stages
    from newsdesk.config import load_config
    from newsdesk.pipeline import registered
    from newsdesk.store import Store

    # The CLI's configuration path, minus the user's own file: a benchmark must not depend
    # on whoever runs it.
    config = load_config(overrides=overrides, use_user_file=False)
    wanted = config.pipeline.stages
    corpus_stages = [s for s in stages.CORPUS_STAGES if not wanted or s in wanted]
    expected = [*stages.INGEST_STAGES, *corpus_stages]

    def progress(event: str, label: str, row: Row) -> None:
        if event == "start":
            if row.entries == 1:  # `clean` starts once per batch
                print(f"  [n={n}] {label} ...", file=sys.stderr, flush=True)
        else:
            print(
                f"  [n={n}] {label} done: {row.seconds:.1f}s so far, peak {row.peak_mb:,.0f} MB, "
                f"load {os.getloadavg()[0]:.2f}",
                file=sys.stderr,
                flush=True,
            )

    timeline = Timeline(on_stage=progress)
    instrument(timeline)
    import_s = time.perf_counter() - t_start
    rss_ready = rss_mb()
    load_begin = os.getloadavg()

    started = time.perf_counter()
    timeline.switch(INGEST_IO)
    store = Store(db)
    ingest = jobs.ingest(store, [str(corpus)], config=config, command="run")
    ingest_s = time.perf_counter() - started
    timeline.switch(ANALYZE_READ)
    analysis = jobs.analyze(store, config=config)
    timeline.switch(CLOSE)
    store.close()
    timeline.close()
    total_s = time.perf_counter() - started
    with Store(db) as done:  # untimed: what dedup found, to set against what was planted
        link_kinds = Counter(link.kind for link in done.links())
    # Between stages the current step is "write store" (what remains after the last
    # stage); it belongs after them in the table, as does closing.
    tail = (ANALYZE_WRITE, CLOSE)
    rows = [r for r in timeline.rows.values() if r.label not in tail]
    rows += [timeline.rows[t] for t in tail if t in timeline.rows]

    pipeline_s = {name: t.seconds for name, t in ingest.timings.items()}
    pipeline_s.update({name: t.seconds for name, t in analysis.timings.items()})
    return {
        "n": n,
        "articles": ingest.articles,
        "new": ingest.new,
        "errors": [f"{e.path}: {e.reason}" for e in ingest.errors[:5]],
        "n_errors": len(ingest.errors),
        "counts": analysis.counts,
        "notes": analysis.notes,
        "expected": expected,
        "registered_not_run": sorted(set(registered()) - set(expected)),
        "rows": [dataclasses.asdict(r) for r in rows],
        "link_kinds": dict(link_kinds),
        "models": timeline.models,
        "pipeline_s": pipeline_s,
        "total_s": total_s,
        "ingest_s": ingest_s,
        "import_s": import_s,
        "rss_start_mb": rss_start,
        "rss_ready_mb": rss_ready,
        "reset_ok": timeline.reset_ok,
        "load_begin": load_begin,
        "load_end": os.getloadavg(),
        "db_mb": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20,
    }


# -- parent --------------------------------------------------------------------------------


@dataclass(slots=True)
class LoadSampler:
    """The 1-minute load average every few seconds while a worker runs."""

    every: float = 2.0
    samples: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])


def spawn(corpus: Path, db: Path, n: int, overrides: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", str(corpus), "--db", str(db), "--n", str(n)]
    for o in overrides:
        cmd += ["--set", o]
    # stderr passes through: the worker's progress lines are the only sign of life during
    # a 40-minute extract.
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"worker for n={n} failed with exit code {proc.returncode}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "-"


def report(
    res: dict[str, Any], info: StoryCorpus, loads: list[float], gen_s: float, quick: bool
) -> list[str]:
    """Print one size's table; return the problems that make the run unusable."""
    n, total = res["articles"], res["total_s"]
    rows: list[dict[str, Any]] = res["rows"]
    problems: list[str] = []
    if res["articles"] != info.articles or res["n_errors"]:
        problems.append(
            f"{res['articles']} of {info.articles} articles stored, {res['n_errors']} errors: "
            f"{res['errors']}"
        )
    ran = [r["label"] for r in rows if r["stage"]]
    missing = [s for s in res["expected"] if s not in ran]
    if missing:
        problems.append(f"stages expected but not timed: {missing}")
    problems += [f"newsdesk: {note}" for note in res["notes"]]

    print(
        f"# whole pipeline (`newsdesk run`): {n:,} articles, {info.words / info.articles:.0f} "
        f"words each{' (--quick: smoke check, figures not meaningful)' if quick else ''}"
    )
    print()
    print(
        f"Corpus: {info.stories:,} stories from {info.outlets} outlets over {info.days} days: "
        f"{info.originals:,} original reports, {info.copies:,} syndicated copies, "
        f"{info.rewrites:,} machine rewrites; JSONL, one file per outlet (written in "
        f"{gen_s:.1f}s, untimed)."
    )
    print(
        "Stages run (`newsdesk.stages`: INGEST_STAGES, CORPUS_STAGES): "
        f"{', '.join(res['expected'])}."
        + (
            f" Registered but not run by `newsdesk run`: {', '.join(res['registered_not_run'])}."
            if res["registered_not_run"]
            else ""
        )
    )
    mean_load = sum(loads) / len(loads)
    print(
        f"Load average (1 min) {res['load_begin'][0]:.2f} at start, mean {mean_load:.2f}, max "
        f"{max(loads):.2f}, {res['load_end'][0]:.2f} at end, on {os.cpu_count()} cores; it "
        "counts this benchmark's own busy threads too. Python "
        f"{sys.version.split()[0]}; process start-up and imports {res['import_s']:.1f}s, "
        f"untimed; RSS {res['rss_ready_mb']:,.0f} MB after imports."
    )
    print()
    cpu_total = sum(r["cpu"] for r in rows)
    # ru_maxrss is no use here: clear_refs resets it along with VmHWM.
    peak = max(r["peak_mb"] for r in rows)
    print(
        f"**Overall: {n / total:,.2f} articles/s** ({total:,.1f}s wall, {cpu_total:,.1f}s CPU; "
        f"ingest {res['ingest_s']:,.1f}s, analyze and close {total - res['ingest_s']:,.1f}s); "
        f"peak RSS {peak:,.0f} MB; database {res['db_mb']:,.0f} MB."
    )
    print()
    print(
        "| step | wall s | share | CPU s | articles/s | peak RSS MB | rise MB | "
        "others' cores | load 1m |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        name = f"`{r['label']}`" if r["stage"] else r["label"]
        others = (r["machine_busy"] - r["cpu"]) / r["seconds"] if r["seconds"] > 0.05 else 0.0
        print(
            f"| {name} | {r['seconds']:,.2f} | {r['seconds'] / total:.1%} | {r['cpu']:,.2f} | "
            f"{_rate(n, r['seconds'])} | {r['peak_mb']:,.0f} | {r['rise_mb']:+,.0f} | "
            f"{max(others, 0.0):.2f} | {r['load1']:.2f} |"
        )
    busy = sum(r["machine_busy"] for r in rows)
    print(
        f"| **total** | {total:,.2f} | 100% | {cpu_total:,.2f} | {n / total:,.2f} | "
        f"{peak:,.0f} | | {max(busy - cpu_total, 0.0) / total:.2f} "
        f"| {res['load_end'][0]:.2f} |"
    )
    print()
    counts = ", ".join(f"{v:,} {k}" for k, v in res["counts"].items())
    kinds = ", ".join(f"{v:,} {k}" for k, v in sorted(res["link_kinds"].items()))
    print(
        f"Found: {counts or 'nothing'} (links: {kinds or 'none'}). Planted: {info.stories:,} "
        f"stories, {info.copies:,} copies and {info.rewrites:,} rewrites of an earlier article "
        "of their story (a copy of a copy links to both)."
    )
    stages = sorted((r for r in rows if r["stage"]), key=lambda r: -r["seconds"])
    if stages:
        top = stages[0]
        nxt = (
            f"; next `{stages[1]['label']}` {stages[1]['seconds'] / total:.0%}"
            if len(stages) > 1
            else ""
        )
        heavy = max(rows, key=lambda r: r["peak_mb"])
        print(
            f"Bottleneck: `{top['label']}`, {top['seconds'] / total:.0%} of the run "
            f"({_rate(n, top['seconds'])} articles/s alone){nxt}. Highest memory: "
            f"{heavy['label']}, {heavy['peak_mb']:,.0f} MB peak ({heavy['rise_mb']:+,.0f} MB "
            "over its start)."
        )
    model_rows = [
        (model, step, got)
        for model, steps in res["models"].items()
        for step, got in steps.items()
        if got[1]
    ]
    if model_rows:
        seconds = {r["label"]: r["seconds"] for r in rows}
        print()
        print("| model calls inside a step | step | seconds | share of step | texts | texts/s |")
        print("|---|---|---:|---:|---:|---:|")
        for model, step, (secs, items, _calls) in model_rows:
            share = secs / seconds[step] if seconds.get(step) else 0.0
            print(
                f"| {model} | `{step}` | {secs:,.2f} | {share:.0%} | {items:,.0f} | "
                f"{_rate(int(items), secs)} |"
            )
        print()
    drift = max(
        (abs(res["pipeline_s"].get(r["label"], r["seconds"]) - r["seconds"]) for r in stages),
        default=0.0,
    )
    print(
        "Notes: stage rows agree with the pipeline's own StageTiming within "
        f"{drift:.3f}s. `rise MB` is the step's peak minus the RSS when it started (its "
        "largest over the step's segments; `clean` runs once per ingest batch). `others' "
        "cores`: CPU used by other processes during the step, in cores, from /proc/stat. "
        + (
            "Peak RSS per step: VmHWM reset through /proc/self/clear_refs at each step."
            if res["reset_ok"]
            else "Peak RSS per step: sampled every 10 ms (clear_refs not allowed here)."
        )
    )
    print(flush=True)
    return problems


def compare_sizes(results: list[dict[str, Any]]) -> None:
    """Cost per article at each size, against the smallest: what grows faster than linear."""
    base = results[0]
    print(f"# scaling: milliseconds per article, against n={base['articles']:,}")
    print()
    head = " | ".join(f"n={r['articles']:,}" for r in results)
    growth = " | ".join(f"x at n={r['articles']:,}" for r in results[1:])
    print(f"| step | {head} | {growth} |")
    print("|---|" + "---:|" * (2 * len(results) - 1))
    labels = [r["label"] for r in base["rows"]]
    for res in results[1:]:
        labels += [r["label"] for r in res["rows"] if r["label"] not in labels]
    per = [
        {r["label"]: 1000 * r["seconds"] / res["articles"] for r in res["rows"]} for res in results
    ]
    per = [
        {**p, "total": 1000 * res["total_s"] / res["articles"]}
        for p, res in zip(per, results, strict=True)
    ]
    for label in [*labels, "total"]:
        cells = " | ".join(f"{p[label]:,.2f}" if label in p else "-" for p in per)
        ratios = " | ".join(
            f"{p[label] / per[0][label]:.2f}x" if label in p and per[0].get(label) else "-"
            for p in per[1:]
        )
        print(f"| {label} | {cells} | {ratios} |")
    print(flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    ap.add_argument("--words", type=int, default=None, help="words per article (600)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out-dir", type=Path, help="where corpora and databases go (a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep corpora and databases")
    ap.add_argument(
        "--quick", action="store_true", help="smoke check: short articles (use with --n 20)"
    )
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.db, args.n[0], args.overrides)))
        return
    words = args.words or (200 if args.quick else 600)

    made_root = args.out_dir is None
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pipeline-")) if made_root else args.out_dir
    results: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        for n in args.n:
            run_dir = root / f"n{n}"
            if run_dir.exists():
                if not (run_dir / "corpus").is_dir():
                    raise SystemExit(f"{run_dir} exists and is not a previous run of this script")
                shutil.rmtree(run_dir)  # every run starts from an empty database
            t0 = time.perf_counter()
            info = write_stories(run_dir / "corpus", n, seed=args.seed, words=words)
            gen_s = time.perf_counter() - t0
            print(f"n={n}: corpus written to {run_dir / 'corpus'}", file=sys.stderr, flush=True)
            with LoadSampler() as loads:
                res = spawn(run_dir / "corpus", run_dir / "newsdesk.db", n, args.overrides)
            problems += [f"n={n}: {p}" for p in report(res, info, loads.samples, gen_s, args.quick)]
            results.append(res)
            if not args.keep:
                shutil.rmtree(run_dir)
        if len(results) > 1:
            compare_sizes(results)
    finally:
        if args.keep:
            print(f"corpora and databases kept in {root}", file=sys.stderr)
        elif made_root:
            shutil.rmtree(root, ignore_errors=True)
    if problems:
        # A smoke check must fail loudly: a missing stage or lost articles is breakage.
        print("PROBLEMS:\n  " + "\n  ".join(problems), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
