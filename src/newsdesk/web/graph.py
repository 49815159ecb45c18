"""The provenance graph of a story: who copied whom, laid out for an inline SVG.

Articles are placed in layers from left to right: an article with no known source
in the story is in the first layer, a copy one layer right of its rightmost
source. Within a layer, articles are ordered by the mean row of their sources
(fewer crossing edges), then by publication date. A link whose direction is
unknown does not constrain the layers and is drawn without an arrowhead.

The SVG is drawn by the template from these numbers; labels are plain text and
escaped there like any article text. A table beside it says the same in words,
for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..disjoint import DisjointSets
from ..model import Article, Link
from ..report import KIND_LABELS

NODE_W, NODE_H = 200, 46
GAP_X, GAP_Y, MARGIN = 96, 22, 12
ARC_ROOM = 84  # left of the first layer, for arcs between articles of one layer
LABEL_CHARS = 26


@dataclass(frozen=True, slots=True)
class GraphNode:
    article_id: str
    label: str  # shortened to fit its box; ``full_label`` in its tooltip
    full_label: str
    published: str
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    kind: str
    directed: bool
    direction_confidence: float
    score: float
    path: str  # SVG path data
    label_x: int
    label_y: int
    label: str  # on the edge: kind and direction confidence
    title: str  # tooltip: the whole statement in words


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def layout(
    links: Sequence[Link], articles: Mapping[str, Article], labels: Mapping[str, str]
) -> Graph:
    """The graph of ``links`` (a story's copy links) between ``articles``."""
    ids = sorted({x for link in links for x in (link.source, link.target)})
    if not ids:
        return Graph(0, 0, (), ())

    def day(aid: str) -> str:
        a = articles.get(aid)
        return a.published.isoformat() if a is not None and a.published else "9999"

    layer = dict.fromkeys(ids, 0)
    directed = [link for link in links if link.directed]
    # Longest path from a source; a cycle (contradictory dates) stops after n rounds.
    for _ in range(len(ids)):
        changed = False
        for link in directed:
            if layer[link.target] < layer[link.source] + 1:
                layer[link.target] = layer[link.source] + 1
                changed = True
        if not changed:
            break
    rows: dict[str, int] = {}
    by_layer: dict[int, list[str]] = {}
    for aid in ids:
        by_layer.setdefault(layer[aid], []).append(aid)

    def order_key(aid: str, first: bool) -> tuple[float, str, str]:
        sources = [rows[x.source] for x in directed if x.target == aid and x.source in rows]
        mean = sum(sources) / len(sources) if sources and not first else 0.0
        return (mean, day(aid), labels.get(aid, aid))

    for n in sorted(by_layer):
        ranked = sorted(by_layer[n], key=lambda aid: order_key(aid, n == min(by_layer)))
        for row, aid in enumerate(ranked):
            rows[aid] = row
    # Links within one layer are drawn as arcs left of it: room for them there.
    left = MARGIN + (ARC_ROOM if any(layer[x.source] == layer[x.target] for x in links) else 0)
    pos = {
        aid: (left + layer[aid] * (NODE_W + GAP_X), MARGIN + rows[aid] * (NODE_H + GAP_Y))
        for aid in ids
    }
    nodes = tuple(
        GraphNode(
            article_id=aid,
            label=_short(labels.get(aid, aid)),
            full_label=labels.get(aid, aid),
            published=day(aid) if day(aid) != "9999" else "date unknown",
            x=pos[aid][0],
            y=pos[aid][1],
        )
        for aid in ids
    )
    edges = tuple(_edge(link, pos, labels) for link in links)
    width = max(x for x, _ in pos.values()) + NODE_W + MARGIN + GAP_X // 2
    height = max(y for _, y in pos.values()) + NODE_H + MARGIN
    return Graph(width, height, nodes, edges)


def _edge(link: Link, pos: Mapping[str, tuple[int, int]], labels: Mapping[str, str]) -> GraphEdge:
    (sx, sy), (tx, ty) = pos[link.source], pos[link.target]
    y1, y2 = sy + NODE_H // 2, ty + NODE_H // 2
    if sx < tx:
        x1, x2 = sx + NODE_W, tx
        path = f"M{x1} {y1} C{x1 + 40} {y1} {x2 - 40} {y2} {x2} {y2}"
    elif sx > tx:
        x1, x2 = sx, tx + NODE_W
        path = f"M{x1} {y1} C{x1 - 40} {y1} {x2 + 40} {y2} {x2} {y2}"
    else:  # same layer: an arc bulging to the left, away from the copy arrows
        x1 = x2 = sx
        bulge = x1 - 30 - min(abs(y2 - y1) // 8, ARC_ROOM - 40)
        path = f"M{x1} {y1} C{bulge} {y1} {bulge} {y2} {x2} {y2}"
    kind = KIND_LABELS.get(link.kind, link.kind)
    src, tgt = labels.get(link.source, link.source), labels.get(link.target, link.target)
    if link.directed:
        label = f"{kind} {link.direction_confidence:.2f}"
        title = (
            f"{src} → {tgt}: {kind} (score {link.score:.2f}), "
            f"direction confidence {link.direction_confidence:.2f}"
        )
    else:
        label = f"{kind} ↔"
        title = f"{src} ↔ {tgt}: {kind} (score {link.score:.2f}), direction unknown"
    if link.evidence:
        title += " — " + "; ".join(link.evidence)
    mid_x = (x1 + x2) // 2 if sx != tx else x1 - ARC_ROOM // 2
    return GraphEdge(
        source=link.source,
        target=link.target,
        kind=link.kind,
        directed=link.directed,
        direction_confidence=link.direction_confidence,
        score=link.score,
        path=path,
        label_x=mid_x,
        label_y=(y1 + y2) // 2 - 6 if sx != tx else (y1 + y2) // 2 + 4,
        label=label,
        title=title,
    )


def provenance_forest(links: Sequence[Link]) -> list[Link]:
    """The links to draw: for each copy, its likeliest source (a known direction
    first, then the higher confidence and score); of the links whose direction
    is unknown, only those joining articles not joined yet. The articles stay
    connected as before, so a story of fifty syndicated copies draws 49 lines,
    not the 1,225 pairs that are all copies of one another."""
    sets: DisjointSets[str] = DisjointSets()
    kept: list[Link] = []
    sourced: set[str] = set()
    for link in sorted(
        (x for x in links if x.directed),
        key=lambda x: (-x.direction_confidence, -x.score, x.source, x.target),
    ):
        if link.target not in sourced:
            sourced.add(link.target)
            kept.append(link)
            sets.union(link.source, link.target)
    for link in sorted(
        (x for x in links if not x.directed), key=lambda x: (-x.score, x.source, x.target)
    ):
        if not sets.joined(link.source, link.target):
            kept.append(link)
            sets.union(link.source, link.target)
    return sorted(kept, key=lambda x: (x.source, x.target))
