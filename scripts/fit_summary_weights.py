"""Fit the summary scorer's weights on the AllSides roundup *train* split.

Each candidate sentence of each training cluster (the summarizer's own
candidates and features, ``newsdesk.summarize``) is labelled with its ROUGE-1 +
ROUGE-2 recall against the cluster's reference; a ridge regression over the
features gives the weights that ship as ``SummaryConfig.weights``. Val is never
read here: ``newsdesk eval summary …roundup_val.source`` reports on it.

Usage:
    python scripts/fit_summary_weights.py ../shared/data/allsides/roundup_train.source
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np
from rouge_score import rouge_scorer
from sklearn.linear_model import Ridge

from newsdesk.embed import get_encoder
from newsdesk.eval.summary import _lines, allsides_roundup
from newsdesk.summarize import FEATURES, SummaryConfig, candidates, features


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="roundup_train.source (its .target beside it)")
    parser.add_argument("--alpha", type=float, default=1.0)
    args = parser.parse_args(argv)
    items = allsides_roundup(args.source)
    encode = get_encoder().encode
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    config = SummaryConfig()
    rows, labels = [], []
    for n, item in enumerate(items, start=1):
        cands = candidates(item.articles, skip=set(), config=config)
        if not cands:
            continue
        headlines = [a.title for a in item.articles if a.title]
        # As the stage does: each candidate with its whole sentence's vector.
        text_of = {a.id: a.text for a in item.articles}
        vecs = encode([text_of[c.article_id][c.start : c.end] for c in cands] + headlines)
        x = features(
            cands,
            vecs[: len(cands)],
            headline_vectors=vecs[len(cands) :],
            headlines=headlines,
        )
        reference = _lines(item.reference)
        for c, row in zip(cands, x, strict=True):
            s = scorer.score(reference, c.text)
            rows.append(row)
            labels.append(s["rouge1"].recall + s["rouge2"].recall)
        if n % 200 == 0:
            print(f"{n}/{len(items)} clusters", file=sys.stderr)
    model = Ridge(alpha=args.alpha, fit_intercept=False).fit(np.array(rows), np.array(labels))
    print(f"{len(rows)} sentences from {len(items)} clusters")
    for name, w in zip(FEATURES, model.coef_, strict=True):
        print(f"  {name:<18}{w:+.3f}")
    print("weights = (" + ", ".join(f"{w:.3f}" for w in model.coef_) + ")")


if __name__ == "__main__":
    main()
