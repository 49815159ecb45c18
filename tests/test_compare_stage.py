"""The ``compare`` stage on hand-made records (fictional outlets and people):
corroboration across independent origins, discrepancies and the keys and
statements kept out of them, name spellings, and the stage wired into the store,
the export, the report and the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsdesk import export
from newsdesk.cli import cli
from newsdesk.compare import CompareConfig, compare_stage
from newsdesk.config import load_config
from newsdesk.jobs import analyze
from newsdesk.model import (
    Article,
    Claim,
    ClaimKind,
    Discrepancy,
    Entity,
    Link,
    Mention,
    Paragraph,
    Quote,
    SpeakerHow,
    StoryRecord,
    Variant,
    content_id,
)
from newsdesk.report import render_html
from newsdesk.store import Store

STORY = "s-000000000001"
HOSTILE = '<script>alert("x")</script>'


def article(
    n: int, text: str, *, outlet: str | None = None, published: date | None = date(2025, 3, 10)
) -> Article:
    raw = f"{n}:{text}".encode()
    return Article(
        id=content_id(raw),
        path=f"in/{n}.txt",
        format="text",
        text=text,
        source_text=text,
        title=f"Headline {n}",
        published=published,
        outlet=outlet if outlet is not None else f"Outlet {n}",
        paragraphs=(Paragraph(0, len(text)),),
        raw=raw,
    )


def claim(
    art: Article,
    written: str,
    *,
    kind: ClaimKind,
    predicate: str,
    value: str,
    subject: str | None = None,
    entity: str | None = None,
) -> Claim:
    start = art.text.index(written)
    return Claim(
        art.id,
        start,
        start + len(written),
        written,
        kind,
        predicate,
        value,
        subject=subject,
        subject_entity_id=entity,
    )


def quote(
    art: Article,
    text: str,
    *,
    speaker: str | None = None,
    entity: str | None = None,
    how: SpeakerHow = "subject",
    part_of: str | None = None,
) -> Quote:
    start = art.text.index(text)
    return Quote(
        art.id,
        start,
        start + len(text),
        text,
        speaker=speaker,
        speaker_how=how if speaker else "none",
        cue="say" if speaker else None,
        speaker_entity_id=entity,
        part_of=part_of,
    )


def entity(
    eid: str,
    name: str,
    *,
    type_: str = "PERSON",
    aliases: Sequence[str] = (),
    variants: Sequence[Variant] = (),
    mentions: Sequence[Mention] = (),
) -> Entity:
    return Entity(
        eid,
        name,
        type_,
        tuple(aliases),
        tuple(variants),
        tuple(mentions),
        story_id=STORY,
    )


def mention(art: Article, text: str) -> Mention:
    start = art.text.index(text)
    return Mention(art.id, start, start + len(text), text, "PERSON")


def run(
    articles: Sequence[Article],
    *,
    claims: Sequence[Claim] = (),
    quotes: Sequence[Quote] = (),
    entities: Sequence[Entity] = (),
    links: Sequence[Link] = (),
    config: CompareConfig | None = None,
) -> dict[str, list[Any]]:
    story = StoryRecord(STORY, "A story", tuple(a.id for a in articles), None, None)
    return compare_stage(
        articles=articles,
        stories=[story],
        links=links,
        entities=entities,
        quotes=quotes,
        claims=claims,
        config=config or CompareConfig(),
    )


def rewrite(source: Article, target: Article) -> Link:
    return Link(source.id, target.id, "rewrite", 0.9, 0.8)


def only(items: Sequence[Discrepancy]) -> Discrepancy:
    assert len(items) == 1, items
    return items[0]


# -- corroboration -------------------------------------------------------------------

AGE_TEXTS = (
    "Edda Marlow, 61, opened the mill.",
    "The 61-year-old Edda Marlow opened it.",
    "Marlow, 61, opened the old mill on Tuesday.",
)


def test_copies_count_once_towards_independent_sources() -> None:
    arts = [article(i, t) for i, t in enumerate(AGE_TEXTS)]
    marlow = entity("e-marlow", "Edda Marlow", aliases=["Marlow"])
    claims = [
        claim(arts[0], "61", kind="age", predicate="age", value="61", subject="Edda Marlow"),
        claim(
            arts[1], "61-year-old", kind="age", predicate="age", value="61", subject="Edda Marlow"
        ),
        # Linked by name only ("Marlow" is an alias): still the same subject.
        claim(arts[2], "61", kind="age", predicate="age", value="61", subject="Marlow"),
    ]
    out = run(arts, claims=claims, entities=[marlow], links=[rewrite(arts[0], arts[2])])
    (fact,) = [f for f in out["facts"] if f.predicate == "age"]
    assert fact.subject == "Edda Marlow"
    assert set(fact.article_ids) == {a.id for a in arts}
    assert fact.independent_sources == 2
    assert arts[0].id in fact.sources and arts[2].id not in fact.sources  # the source, not its copy
    assert out["discrepancies"] == []


def test_two_copies_of_one_source_are_one_origin_and_a_shared_copier_is_not() -> None:
    arts = [article(i, "Edda Marlow, 61, spoke.") for i in range(4)]
    claims = [
        claim(a, "61", kind="age", predicate="age", value="61", subject="Edda Marlow")
        for a in arts[1:]
    ]
    # 1 and 2 both copy 0; 3 is independent.
    links = [rewrite(arts[0], arts[1]), rewrite(arts[0], arts[2])]
    (fact,) = run(arts, claims=claims, links=links)["facts"]
    assert fact.independent_sources == 2
    # A digest (3) copying both 1 and 2 does not make 1 and 2 one origin.
    links = [rewrite(arts[1], arts[3]), rewrite(arts[2], arts[3])]
    (fact,) = run(arts, claims=claims[:2], links=links)["facts"]
    assert fact.independent_sources == 2


def test_created_by_joins_the_specific_credit() -> None:
    a = article(1, "Glass Harbour was produced by Ilse Varn and Teo Brack.")
    b = article(2, "Glass Harbour was created by Ilse Varn.")
    claims = [
        claim(
            a,
            "produced by Ilse Varn",
            kind="credit",
            predicate="produced_by",
            value="Ilse Varn",
            subject="Glass Harbour",
        ),
        claim(
            a,
            "Teo Brack",
            kind="credit",
            predicate="produced_by",
            value="Teo Brack",
            subject="Glass Harbour",
        ),
        claim(
            b,
            "created by Ilse Varn",
            kind="credit",
            predicate="created_by",
            value="Ilse Varn",
            subject="Glass Harbour",
        ),
    ]
    out = run([a, b], claims=claims)
    varn = next(f for f in out["facts"] if f.value == "Ilse Varn")
    assert varn.predicate == "produced_by" and set(varn.article_ids) == {a.id, b.id}
    assert out["discrepancies"] == []


# -- discrepancies -----------------------------------------------------------------


def test_a_date_conflict_is_major_and_names_both_sides() -> None:
    a = article(1, "Glass Harbour opens in cinemas on June 6.")
    b = article(2, "Glass Harbour reaches cinemas June 6, the studio said.")
    c = article(3, "Glass Harbour opens in cinemas on June 7.")
    claims = [
        claim(x, w, kind="date", predicate="release", value=v, subject="Glass Harbour")
        for x, w, v in (
            (a, "June 6", "2025-06-06"),
            (b, "June 6", "--06-06"),
            (c, "June 7", "2025-06-07"),
        )
    ]
    d = only(run([a, b, c], claims=claims)["discrepancies"])
    assert (d.kind, d.severity, d.subject, d.predicate) == (
        "date",
        "major",
        "Glass Harbour",
        "release",
    )
    sides = {v.value: set(v.article_ids) for v in d.values}
    assert sides == {"2025-06-06": {a.id, b.id}, "2025-06-07": {c.id}}
    assert "release date of Glass Harbour" in d.description and "June 7" in d.description


def test_compatible_statements_are_not_flagged() -> None:
    a = article(1, "About 300 homes flooded. Mayor Ana Veld, 52, said the river rose 2022.")
    b = article(2, "In all 312 homes flooded. The 52-year-old mayor spoke. It rose in May 2022.")
    c = article(3, "More than 18,000 fans came. The river rose three years ago.")
    d = article(4, "Some 18,250 fans came to watch.")
    claims = [
        claim(a, "About 300", kind="count", predicate="count:home", value="~300"),
        claim(b, "312", kind="count", predicate="count:home", value="312"),
        claim(a, "52", kind="age", predicate="age", value="52", subject="Ana Veld"),
        claim(b, "52-year-old", kind="age", predicate="age", value="52", subject="Ana Veld"),
        claim(a, "2022", kind="date", predicate="rise", value="2022", subject="river"),
        claim(b, "May 2022", kind="date", predicate="rise", value="2022-05", subject="river"),
        claim(c, "three years ago", kind="date", predicate="rise", value="2021", subject="river"),
        claim(c, "More than 18,000", kind="count", predicate="count:fan", value=">18000"),
        claim(d, "18,250", kind="count", predicate="count:fan", value="18250"),
    ]
    assert run([a, b, c, d], claims=claims)["discrepancies"] == []


def test_several_values_in_one_article_pair_with_the_closest() -> None:
    a = article(1, "210 residents fled.")
    b = article(
        2, "120 residents were evacuated, and more than 2,000 residents signed up for alerts."
    )
    claims = [
        claim(a, "210", kind="count", predicate="count:resident", value="210"),
        claim(b, "120", kind="count", predicate="count:resident", value="120"),
        claim(b, "more than 2,000", kind="count", predicate="count:resident", value=">2000"),
    ]
    d = only(run([a, b], claims=claims)["discrepancies"])
    assert {v.value for v in d.values} == {"210", "120"}
    assert d.kind == "number"


def test_a_shared_value_means_the_others_are_other_facts() -> None:
    a = article(1, "The 9,400 seats include 1,500 seats for students.")
    b = article(2, "All 9,400 seats and 4,000 seats in the upper tier.")
    claims = [
        claim(a, "9,400", kind="count", predicate="count:seat", value="9400"),
        claim(a, "1,500", kind="count", predicate="count:seat", value="1500"),
        claim(b, "9,400", kind="count", predicate="count:seat", value="9400"),
        claim(b, "4,000", kind="count", predicate="count:seat", value="4000"),
    ]
    assert run([a, b], claims=claims)["discrepancies"] == []


def test_story_level_numbers_far_apart_are_not_compared() -> None:
    a = article(1, "The cap is 62,500 refugees this year.")
    b = article(2, "Last year just 15,000 refugees came.")
    claims = [
        claim(a, "62,500", kind="count", predicate="count:refugee", value="62500"),
        claim(b, "15,000", kind="count", predicate="count:refugee", value="15000"),
    ]
    assert run([a, b], claims=claims)["discrepancies"] == []
    # The same numbers about a named subject are compared: no noun is shared by chance.
    named = [
        claim(
            a,
            "62,500",
            kind="money",
            predicate="amount:fee",
            value="USD 62500",
            subject="Orla Penn",
        ),
        claim(
            b,
            "15,000",
            kind="money",
            predicate="amount:fee",
            value="USD 15000",
            subject="Orla Penn",
        ),
    ]
    assert only(run([a, b], claims=named)["discrepancies"]).kind == "money"


def test_parts_hedges_and_baselines_are_set_aside() -> None:
    a = article(
        1, "Firefighters from three neighbouring stations came. Economists expected 900 jobs."
    )
    b = article(
        2,
        "Firefighters from four stations came. Employers added 266 jobs. "
        "Prices rose 3% from March.",
    )
    c = article(3, "Prices rose 3% in April, including nine children.")
    claims = [
        claim(a, "three", kind="count", predicate="count:station", value="3"),
        claim(b, "four", kind="count", predicate="count:station", value="4"),
        claim(a, "900", kind="count", predicate="count:job", value="900"),
        claim(b, "266", kind="count", predicate="count:job", value="266"),
        claim(b, "March", kind="date", predicate="rise", value="2025-03", subject="Prices"),
        claim(c, "April", kind="date", predicate="rise", value="2025-04", subject="Prices"),
    ]
    assert run([a, b, c], claims=claims)["discrepancies"] == []
    # Without the qualifying words, the same numbers do conflict.
    plain_a = article(4, "Firefighters from three stations came.")
    plain = [
        claim(plain_a, "three", kind="count", predicate="count:station", value="3"),
        claim(b, "four", kind="count", predicate="count:station", value="4"),
    ]
    assert only(run([plain_a, b], claims=plain)["discrepancies"]).kind == "number"


def test_keys_never_compared() -> None:
    a = article(1, "Chief executive Orla Penn said on Monday that 40% of people agreed.")
    b = article(2, "Founder Orla Penn said on Tuesday that 60% of people agreed, 300 people.")
    c = article(3, "About 90 people were there.")
    claims = [
        claim(
            a,
            "Chief executive",
            kind="role",
            predicate="role",
            value="chief executive",
            subject="Orla Penn",
        ),
        claim(b, "Founder", kind="role", predicate="role", value="founder", subject="Orla Penn"),
        claim(a, "Monday", kind="date", predicate="say", value="2025-03-10", subject="Orla Penn"),
        claim(b, "Tuesday", kind="date", predicate="say", value="2025-03-11", subject="Orla Penn"),
        claim(a, "40%", kind="percent", predicate="percent:people", value="40"),
        claim(b, "60%", kind="percent", predicate="percent:people", value="60"),
        claim(b, "300", kind="count", predicate="count:people", value="300"),
        claim(c, "About 90", kind="count", predicate="count:people", value="~90"),
    ]
    assert run([a, b, c], claims=claims)["discrepancies"] == []


def test_credits_compare_as_sets() -> None:
    a = article(1, "Glass Harbour, directed by Ilse Varn and Teo Brack.")
    b = article(2, "Glass Harbour, directed by Varn.")
    c = article(3, "Glass Harbour, directed by Nell Osk.")
    claims = [
        claim(
            a,
            "Ilse Varn",
            kind="credit",
            predicate="directed_by",
            value="Ilse Varn",
            subject="Glass Harbour",
        ),
        claim(
            a,
            "Teo Brack",
            kind="credit",
            predicate="directed_by",
            value="Teo Brack",
            subject="Glass Harbour",
        ),
        claim(
            b, "Varn", kind="credit", predicate="directed_by", value="Varn", subject="Glass Harbour"
        ),
    ]
    assert run([a, b], claims=claims)["discrepancies"] == []  # a shorter list is not a conflict
    osk = claim(
        c,
        "Nell Osk",
        kind="credit",
        predicate="directed_by",
        value="Nell Osk",
        subject="Glass Harbour",
    )
    d = only(run([a, b, c], claims=[*claims, osk])["discrepancies"])
    assert d.kind == "credit" and d.severity == "major"
    by_value = {v.value: set(v.article_ids) for v in d.values}
    assert by_value["Nell Osk"] == {c.id}
    assert by_value["Ilse Varn"] == {a.id, b.id}
    assert "who directed Glass Harbour" in d.description


def test_places_contained_in_one_another_agree() -> None:
    a = article(1, "The gala took place at the Harbour Hall in Port Vell.")
    b = article(2, "The gala took place in Port Vell.")
    c = article(3, "The gala took place in Dunmere.")
    claims = [
        claim(
            a,
            "Harbour Hall",
            kind="place",
            predicate="location:gala",
            value="Harbour Hall, Port Vell",
        ),
        claim(b, "Port Vell", kind="place", predicate="location:gala", value="Port Vell"),
    ]
    assert run([a, b], claims=claims)["discrepancies"] == []
    dunmere = claim(c, "Dunmere", kind="place", predicate="location:gala", value="Dunmere")
    # A place the story's entities know agrees with what contains it, not with anything.
    port = entity("e-port", "Port Vell", type_="GPE", aliases=["Vell"])
    found = run([a, b, c], claims=[*claims, dunmere], entities=[port])["discrepancies"]
    assert only(found).kind == "place"
    assert {v.value for v in only(found).values} == {"Harbour Hall, Port Vell", "Dunmere"}


def test_name_spelling_is_a_minor_discrepancy_for_names_only() -> None:
    a = article(1, "Composer Harald Vintermeyer wrote it. Republicans cheered.")
    b = article(2, "Composer Harald Vintemeyer wrote it. Republican senators cheered.")
    vintermeyer = entity(
        "e-v",
        "Harald Vintermeyer",
        variants=[Variant("Harald Vintemeyer", (b.id,))],
        mentions=[mention(a, "Harald Vintermeyer"), mention(b, "Harald Vintemeyer")],
    )
    party = entity(
        "e-r",
        "Republicans",
        type_="NORP",
        variants=[Variant("Republican", (b.id,))],
        mentions=[mention(a, "Republicans"), mention(b, "Republican")],
    )
    d = only(run([a, b], entities=[vintermeyer, party])["discrepancies"])
    assert (d.kind, d.severity, d.subject) == ("name_spelling", "minor", "Harald Vintermeyer")
    assert [(v.value, v.article_ids) for v in d.values] == [
        ("Harald Vintermeyer", (a.id,)),
        ("Harald Vintemeyer", (b.id,)),
    ]


def test_ids_are_content_hashes_and_the_stage_is_deterministic() -> None:
    a = article(1, "Glass Harbour opens on June 6.")
    b = article(2, "Glass Harbour opens on June 7.")
    claims = [
        claim(
            a,
            "June 6",
            kind="date",
            predicate="release",
            value="2025-06-06",
            subject="Glass Harbour",
        ),
        claim(
            b,
            "June 7",
            kind="date",
            predicate="release",
            value="2025-06-07",
            subject="Glass Harbour",
        ),
    ]
    first = run([a, b], claims=claims)
    again = run([b, a], claims=list(reversed(claims)))
    assert [d.to_dict() for d in first["discrepancies"]] == [
        d.to_dict() for d in again["discrepancies"]
    ]
    assert [f.id for f in first["facts"]] == [f.id for f in again["facts"]]
    assert len({f.id for f in first["facts"]}) == len(first["facts"]) == 2


# -- wired in: store, export, report, CLI, analyze -----------------------------------


def _stored(tmp_path: Path) -> tuple[str, list[Article]]:
    """A database holding two articles of one story, their claims and quotes,
    and the comparison of them."""
    a = article(1, f'Glass Harbour opens on June 6. "We are ready {HOSTILE} now," said Ilse Varn.')
    b = article(
        2,
        f'Glass Harbour opens on June 7. "We are so ready {HOSTILE} now," said Ilse Varn.',
        published=date(2025, 3, 11),  # later: the first article's quote is the reference
    )
    claims = [
        claim(
            a,
            "June 6",
            kind="date",
            predicate="release",
            value="2025-06-06",
            subject="Glass Harbour",
        ),
        claim(
            b,
            "June 7",
            kind="date",
            predicate="release",
            value="2025-06-07",
            subject="Glass Harbour",
        ),
    ]
    quotes = [
        quote(x, t, speaker="Ilse Varn")
        for x, t in ((a, f"We are ready {HOSTILE} now,"), (b, f"We are so ready {HOSTILE} now,"))
    ]
    path = str(tmp_path / "c.db")
    with Store(path) as store:
        store.add_articles([a, b])
        story = StoryRecord(STORY, "A story", (a.id, b.id), a.published, b.published)
        store.replace_stories([story])
        store.replace_extraction(entities=[], quotes=quotes, claims=claims)
        out = run([a, b], claims=claims, quotes=quotes)
        store.replace_comparison(**out)
    return path, [a, b]


def test_store_round_trip_and_export(tmp_path: Path) -> None:
    path, _ = _stored(tmp_path)
    with Store(path) as store:
        assert "005_comparison" in store.migrations()
        (d,) = store.discrepancies()
        assert d.kind == "date" and {v.value for v in d.values} == {"2025-06-06", "2025-06-07"}
        (v,) = store.quote_variants()
        assert v.kind == "altered" and v.speaker == "Ilse Varn"
        assert any(op.op == "insert" and op.after == "so" for op in v.diff[0].ops)
        assert store.discrepancies(story_id="s-elsewhere") == []
        doc = export.build(store)
    (out,) = doc["discrepancies"]
    assert set(out) >= {"id", "story_id", "kind", "severity", "subject", "values", "description"}
    assert set(out["values"][0]) >= {"value", "article_ids"}
    (qv,) = doc["quote_variants"]
    assert set(qv) >= {"id", "story_id", "speaker", "kind", "quote_ids", "diff"}
    (story,) = doc["stories"]
    assert story["facts"] == []  # nothing is stated by two articles
    assert {f["outlet"] for f in story["unique_facts"]} == {"Outlet 1", "Outlet 2"}
    assert set(story["unique_facts"][0]) >= {
        "subject",
        "predicate",
        "value",
        "article_ids",
        "independent_sources",
    }


def test_report_shows_the_comparison_escaped(tmp_path: Path) -> None:
    path, _ = _stored(tmp_path)
    with Store(path) as store:
        html = render_html(store)
    assert "Comparison: 1 discrepancy" in html
    assert "release date of Glass Harbour" in html
    assert "<ins>so</ins>" in html  # the word diff
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html


def test_cli_commands(tmp_path: Path) -> None:
    path, _ = _stored(tmp_path)
    runner = CliRunner()
    got = runner.invoke(cli, ["discrepancies", "--db", path])
    assert got.exit_code == 0, got.output
    assert "major" in got.stdout and "2025-06-07" in got.stdout and "Outlet 2" in got.stdout
    got = runner.invoke(cli, ["discrepancies", "--db", path, "--json", "--story", STORY[:6]])
    assert json.loads(got.stdout)[0]["kind"] == "date"
    got = runner.invoke(cli, ["discrepancies", "--db", path, "--severity", "minor"])
    assert got.exit_code == 0 and got.stdout == ""
    got = runner.invoke(cli, ["quote-variants", "--db", path])
    assert got.exit_code == 0, got.output
    assert "altered" in got.stdout and "{+so+}" in got.stdout
    got = runner.invoke(cli, ["quote-variants", "--db", path, "--json", "--kind", "altered"])
    assert json.loads(got.stdout)[0]["speaker"] == "Ilse Varn"
    assert runner.invoke(cli, ["discrepancies", "--db", path, "--story", "nope"]).exit_code == 2
    for command in ("discrepancies", "quote-variants"):
        assert "Example:" in runner.invoke(cli, [command, "--help"]).stdout


def test_analyze_can_run_compare_alone(tmp_path: Path) -> None:
    path, _ = _stored(tmp_path)
    config = load_config(use_user_file=False, overrides=['pipeline.stages=["compare"]'])
    with Store(path) as store:
        store.replace_comparison(facts=[], discrepancies=[], quote_variants=[])
        summary = analyze(store, config=config)
        assert summary.counts["discrepancies"] == 1
        assert summary.counts["quote variants"] == 1
        assert len(store.discrepancies()) == 1
        assert len(store.claims()) == 2  # the stored extraction is left as it was


def test_count_topic_reads_without_a_plural_guess() -> None:
    from newsdesk.compare.discrepancies import topic

    assert topic("count:resident", "number", None) == "the resident count"
