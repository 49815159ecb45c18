"""newsdesk.ingest: formats, fixtures with with/without expectations, sources, outlets."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import yaml

from newsdesk.ingest import (
    IngestConfig,
    Item,
    Source,
    read_bytes,
    read_paths,
    read_source,
    register_reader,
    register_scheme,
)
from newsdesk.ingest.detect import detect_format
from newsdesk.ingest.registry import READERS
from newsdesk.ingest.source import SCHEMES
from newsdesk.model import Document, IngestError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CASES: dict[str, list[dict[str, Any]]] = yaml.safe_load((FIXTURES / "cases.yaml").read_text())


def documents(results: Iterator[Document | IngestError]) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def errors(results: Iterator[Document | IngestError]) -> list[IngestError]:
    return [r for r in results if isinstance(r, IngestError)]


def kept_text(document: Document) -> str:
    """The text with consumed spans dropped, as the cleaner will see it."""
    parts, position = [], 0
    for removal in sorted(document.consumed, key=lambda r: r.start):
        parts.append(document.text[position : removal.start])
        position = removal.end
    parts.append(document.text[position:])
    return "".join(parts)


def assert_offsets(document: Document) -> None:
    previous_end = 0
    for removal in document.consumed:
        assert document.text[removal.start : removal.end] == removal.text, removal
        assert removal.start >= previous_end, "removals overlap"
        assert removal.reason in {"headline", "byline", "dateline", "front-matter"}
        previous_end = removal.end


def make_warc(path: Path, pages: list[tuple[str, str, str, bytes]], *, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, status, content_type, body in pages:
            request = io.BytesIO(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
            writer.write_record(writer.create_warc_record(uri, "request", payload=request))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def warc_pages() -> list[tuple[str, str, str, bytes]]:
    museum = (FIXTURES / "html" / "museum.html").read_bytes()
    allotments = (FIXTURES / "html" / "no_site_name.html").read_bytes()
    return [
        ("https://www.northernledger.example/culture/lost-map", "200 OK", "text/html", museum),
        ("https://www.northernledger.example/site.css", "200 OK", "text/css", b"p{margin:0}"),
        ("https://www.northernledger.example/gone", "404 Not Found", "text/html", b"<p>no</p>"),
        ("https://www.eastfordtimes.example/allotments", "200 OK", "text/html", allotments),
    ]


# --- fixtures with expectations -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_case(name: str) -> None:
    path = FIXTURES / name
    docs = documents(read_paths([str(path)]))
    expected = CASES[name]
    assert len(docs) == len(expected), [d.source for d in docs]
    for document, case in zip(docs, expected, strict=True):
        assert_offsets(document)
        assert document.raw, "raw bytes are kept"
        if "source_suffix" in case:
            assert document.source.endswith(case["source_suffix"])
        for field in ("format", "title", "author", "url", "outlet", "language"):
            if field in case:
                assert getattr(document, field) == case[field], field
        if "published" in case:
            assert document.published == case["published"]
        if "consumed" in case:
            got = {removal.reason: removal.text for removal in document.consumed}
            got.pop("front-matter", None)
            assert got == case["consumed"]
        kept = kept_text(document)
        for snippet in case.get("with", []):
            assert snippet in kept, snippet
        for snippet in case.get("without", []):
            assert snippet not in kept, snippet


def test_every_fixture_document_has_exact_offsets() -> None:
    docs = documents(read_paths([str(FIXTURES)]))
    assert len(docs) > 15
    for document in docs:
        assert_offsets(document)
        assert document.id == document.id and len(document.id) == 16


# --- JSON and JSON Lines -----------------------------------------------------------------


def test_jsonl_good_lines_load_bad_lines_are_reported() -> None:
    path = FIXTURES / "json" / "wire.jsonl"
    results = list(read_paths([str(path)]))
    by_source = {getattr(r, "source", None) or r.path: r for r in results}  # type: ignore[union-attr]
    assert sorted(by_source) == [f"{path}#{n}" for n in (1, 2, 3, 4, 6, 7)]
    first = by_source[f"{path}#1"]
    assert isinstance(first, Document)
    assert first.format == "jsonl"
    assert first.author == "Nadia Ferro and Kwame Mensah"
    assert first.outlet == "Metro Daily"  # the stated outlet beats the URL's host
    assert first.published == date(2024, 2, 1)
    assert first.text.startswith("The city approved") and "\n\nConstruction" in first.text
    assert first.raw == path.read_bytes().splitlines()[0]
    broken = by_source[f"{path}#2"]
    assert isinstance(broken, IngestError) and broken.code == "E108"
    assert broken.reason.startswith("E108: line 2: invalid JSON")
    assert broken.raw == path.read_bytes().splitlines()[1]
    bakery = by_source[f"{path}#3"]
    assert isinstance(bakery, Document)
    assert bakery.author == "Orla Quinn"  # "By ORLA QUINN" in the byline field
    assert bakery.published == date(2024, 3, 2)
    assert bakery.outlet == "riverside-news.example"
    no_text = by_source[f"{path}#4"]
    assert isinstance(no_text, IngestError) and no_text.code == "E109"
    assert "text, body, content" in no_text.reason
    not_object = by_source[f"{path}#6"]
    assert isinstance(not_object, IngestError) and not_object.code == "E115"
    keys = by_source[f"{path}#7"]
    assert isinstance(keys, Document)
    assert keys.title == "Case Insensitive Keys"
    assert keys.outlet == "The Lakeside Star"
    assert keys.published == date(2024, 2, 1)
    assert keys.text == (
        "Keys in other letter cases still map to fields.\n\n"
        "HTML in the text field becomes paragraphs."
    )


def test_json_single_object_is_one_article_named_by_path() -> None:
    path = FIXTURES / "json" / "single.json"
    (document,) = documents(read_paths([str(path)]))
    assert document.source == str(path)
    assert document.format == "json"
    assert document.raw == path.read_bytes()
    assert (document.title, document.author, document.language) == (
        "Swimming Pool Reopens With Solar Heating",
        "Ruth Adeyemi",
        "en",
    )
    assert document.published == date(2024, 5, 6)
    assert document.outlet == "fernvalepost.example"


def test_json_array_items_and_their_errors() -> None:
    path = FIXTURES / "json" / "array.json"
    results = list(read_paths([str(path)]))
    assert [type(r).__name__ for r in results] == [
        "Document",
        "IngestError",
        "IngestError",
        "Document",
    ]
    first, missing, wrong, last = results
    assert isinstance(first, Document) and first.source == f"{path}#1"
    assert json.loads(first.raw)["title"] == "Harbour Crane Removed"
    assert isinstance(missing, IngestError) and missing.code == "E115"
    assert "no text field" in missing.reason and missing.path == f"{path}#2"
    assert isinstance(wrong, IngestError) and wrong.code == "E115"
    assert isinstance(last, Document) and last.outlet == "Millbrook Weekly"


def test_json_document_wrapping_an_articles_list() -> None:
    (document,) = documents(read_paths([str(FIXTURES / "json" / "wrapped.json")]))
    assert document.title == "Ice Rink Opens Early"
    assert document.source.endswith("wrapped.json#1")


def test_json_lines_with_a_broken_first_line_still_load() -> None:
    data = b'{"title": "cut\n{"title": "Fine", "text": "A fine record."}\n'
    results = list(read_bytes(data, source="feed.json"))
    assert [getattr(r, "code", "doc") for r in results] == ["E108", "doc"]


def test_json_fields_are_configurable() -> None:
    config = IngestConfig(json_fields=(("text", ("story",)), ("title", ("name",))))
    data = b'{"name": "Custom Keys", "story": "Text under a custom key."}\n'
    (document,) = documents(read_bytes(data, source="custom.json", config=config))
    assert (document.title, document.text) == ("Custom Keys", "Text under a custom key.")


# --- HTML, WARC, feeds, gzip ---------------------------------------------------------------


def test_html_keeps_paragraph_breaks_and_reads_metadata() -> None:
    (document,) = documents(read_paths([str(FIXTURES / "html" / "museum.html")]))
    paragraphs = document.text.split("\n\n")
    assert len(paragraphs) == 4  # headline + three paragraphs
    assert all("\n" not in paragraph for paragraph in paragraphs)


def test_html_never_uses_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    archive = tmp_path / "crawl.warc"
    make_warc(archive, warc_pages(), gz=False)
    docs = documents(read_paths([str(FIXTURES / "html"), str(archive)]))
    assert len(docs) >= 6


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_articles(tmp_path: Path, gz: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    make_warc(archive, warc_pages(), gz=gz)
    results = list(read_paths([str(archive)]))
    assert all(isinstance(r, Document) for r in results), results
    museum, allotments = results
    assert isinstance(museum, Document) and isinstance(allotments, Document)
    # Records: 1 warcinfo, then request/response pairs; CSS and the 404 are skipped.
    assert museum.source == f"{archive}#3"
    assert allotments.source == f"{archive}#9"
    assert museum.format == "warc"
    assert museum.title == "Museum Finds Lost Map in Attic Store"
    assert museum.outlet == "The Northern Ledger"
    assert museum.raw == (FIXTURES / "html" / "museum.html").read_bytes()
    assert allotments.url == "https://www.eastfordtimes.example/news/allotments"
    assert allotments.outlet == "eastfordtimes.example"


def test_warc_truncated_reports_damage_after_what_it_could_read(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    make_warc(whole, warc_pages(), gz=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"Engineers") if b"Engineers" in data else len(data) - 500])
    results = list(read_paths([str(cut)]))
    assert isinstance(results[0], Document)
    assert isinstance(results[-1], IngestError) and results[-1].code == "E111"


def test_warc_without_pages_says_so(tmp_path: Path) -> None:
    archive = tmp_path / "styles.warc"
    make_warc(archive, [("https://a.example/s.css", "200 OK", "text/css", b"a{}")], gz=False)
    (error,) = errors(read_paths([str(archive)]))
    assert error.code == "E114" and "no HTML pages" in error.reason


def test_feed_with_only_teasers_is_reported(tmp_path: Path) -> None:
    feed = tmp_path / "teasers.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><description>Short teaser.</description></item>"
        "</channel></rss>"
    )
    (error,) = errors(read_paths([str(feed)]))
    assert error.code == "E114"


def test_feed_min_sentences_is_configurable() -> None:
    path = FIXTURES / "feed" / "county_news.rss"
    config = IngestConfig(feed_min_sentences=1)
    assert len(documents(read_paths([str(path)], config=config))) == 3


@pytest.mark.parametrize(
    "name", ["text/ferry_strike.txt", "json/wire.jsonl", "feed/valley_atom.xml", "html/museum.html"]
)
def test_gzip_of_any_format_reads_like_the_original(tmp_path: Path, name: str) -> None:
    original = FIXTURES / name
    packed = tmp_path / (original.name + ".gz")
    packed.write_bytes(gzip.compress(original.read_bytes()))
    plain = documents(read_paths([str(original)]))
    unpacked = documents(read_paths([str(packed)]))
    assert [d.text for d in unpacked] == [d.text for d in plain]
    assert [d.raw for d in unpacked] == [d.raw for d in plain]
    assert all(d.source.startswith(str(packed)) for d in unpacked)


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt", "html"),
        (b"  <html lang='en'><p>x</p></html>", "noext", "html"),
        (b"<div><p>a</p><p>b</p><p>c</p><span>d</span><a href=x>e</a></div>", "a", "html"),
        (b"<p>one tag only</p>", "page.html", "html"),
        (b"<p>one tag only</p>", "page.txt", "text"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "a.xml", "feed"),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', "f", "feed"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "crawl.bin", "warc"),
        (b'[{"title": "a"}]', "a.txt", "json"),
        (b'{"title": "a", "text": "b"}\n{"title": "c"}\n', "a.txt", "jsonl"),
        (b'{\n  "title": "a"\n}\n', "a.txt", "json"),
        (b'{"title": "a"}', "a.jsonl", "jsonl"),
        (b'\xef\xbb\xbf{"title": "a"}\n{"b": 1}\n', "bom", "jsonl"),
        (b"[Updated] Council votes on budget\n\nText.", "a.json", "json"),
        (b"[Updated] Council votes on budget\n\nText.", "a.txt", "text"),
        (b"Plain words and nothing else.", "a.md", "text"),
        (b"Plain words and nothing else.", "a.htm", "html"),
    ],
)
def test_detect_format_content_first_extension_second(
    head: bytes, name: str, expected: str
) -> None:
    assert detect_format(head, name=name) == expected


# --- sources: folders, globs, stdin, bytes ------------------------------------------------


def test_folder_is_recursive_sorted_and_skips_hidden_and_configured_names(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b/2.txt", "a/1.txt", "z.txt", "a/0.txt", ".git/x.txt", ".hidden.txt"):
        (tmp_path / rel).write_text(f"Body of {rel} in one plain sentence.\n")
    for rel in ("README.md", "MANIFEST.json", "a/README.md"):
        (tmp_path / rel).write_text("not an article\n")
    docs = documents(read_paths([str(tmp_path)]))
    assert [os.path.relpath(d.source, tmp_path) for d in docs] == [
        "a/0.txt",
        "a/1.txt",
        "b/2.txt",
        "z.txt",
    ]
    config = IngestConfig(skip_names=())
    unskipped = [
        getattr(r, "source", None) or getattr(r, "path", "")
        for r in read_paths([str(tmp_path)], config=config)
    ]
    assert len(unskipped) == 7  # MANIFEST.json is read too (and reported as invalid JSON)


def test_symlinked_folders_are_entered_only_when_configured(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "story.txt").write_text("A story that lives outside the corpus folder.\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    assert documents(read_paths([str(corpus)])) == []
    followed = documents(read_paths([str(corpus)], config=IngestConfig(follow_symlinks=True)))
    assert [Path(d.source).name for d in followed] == ["story.txt"]


def test_glob_patterns_are_expanded_recursively(tmp_path: Path) -> None:
    for rel in ("x/one.txt", "x/y/two.txt", "x/y/skip.json", "three.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("One short article in a plain sentence.\n")
    docs = documents(read_paths([str(tmp_path / "**" / "*.txt")]))
    assert sorted(Path(d.source).name for d in docs) == ["one.txt", "three.txt", "two.txt"]


def test_stdin_dash_reads_the_given_stream() -> None:
    data = (FIXTURES / "json" / "wire.jsonl").read_bytes()
    results = list(read_paths(["-"], stdin=io.BytesIO(data)))
    docs = documents(iter(results))
    assert [d.source for d in docs] == ["<stdin>#1", "<stdin>#3", "<stdin>#7"]
    text_doc = documents(read_paths(["-"], stdin=io.BytesIO(b"Short Headline\n\nBody text.")))
    assert text_doc[0].title == "Short Headline" and text_doc[0].source == "<stdin>"


class CountingStream(io.RawIOBase):
    """A read-only stream that records how many bytes were taken from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_jsonl_streams_rather_than_loading_everything() -> None:
    line = json.dumps({"title": "T", "text": "word " * 600}).encode() + b"\n"
    data = line * 20_000  # ~72 MB if it were all read at once
    stream = CountingStream(data)
    results = read_paths(["-"], stdin=stream)  # type: ignore[arg-type]
    first = next(results)
    assert isinstance(first, Document)
    assert stream.taken < 4_000_000
    del results  # an abandoned generator closes its input when collected


def test_read_bytes_names_results_and_uses_root_for_outlet() -> None:
    data = (FIXTURES / "outlets" / "root_story.txt").read_bytes()
    (document,) = documents(read_bytes(data, source="corpus/Lake Post/a.txt", root="corpus"))
    assert document.source == "corpus/Lake Post/a.txt"
    assert document.outlet == "Lake Post"
    (direct,) = documents(read_bytes(data, source="corpus/a.txt", root="corpus"))
    assert direct.outlet is None


def test_read_paths_is_a_lazy_generator(tmp_path: Path) -> None:
    results = read_paths([str(tmp_path / "missing.txt")])
    assert iter(results) is results
    assert [e.code for e in errors(results)] == ["E101"]


# --- outlets ------------------------------------------------------------------------------


def test_outlet_fallback_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    folder = root / "Folder Outlet"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "html" / "museum.html", folder / "site_name.html")
    shutil.copy(FIXTURES / "html" / "no_site_name.html", folder / "url_host.html")
    shutil.copy(FIXTURES / "text" / "ferry_strike.txt", folder / "folder.txt")
    shutil.copy(FIXTURES / "text" / "ferry_strike.txt", root / "nothing.txt")
    outlets = {Path(d.source).name: d.outlet for d in documents(read_paths([str(root)]))}
    assert outlets == {
        "site_name.html": "The Northern Ledger",
        "url_host.html": "eastfordtimes.example",
        "folder.txt": "Folder Outlet",
        "nothing.txt": None,
    }


def test_outlet_from_folder_under_a_glob_root() -> None:
    pattern = str(FIXTURES / "outlets" / "**" / "*.txt")
    outlets = {Path(d.source).name: d.outlet for d in documents(read_paths([pattern]))}
    assert outlets == {"tide_report.txt": "Harbor Gazette", "root_story.txt": None}


# --- scale --------------------------------------------------------------------------------


ARTICLE = (
    "Council Approves Harbour Plan\n\nBy Mira Holt\nMay 3, 2022\n\n"
    + " ".join(f"Sentence number {i} says something about the harbour plan." for i in range(60))
    + "\n"
)


def test_folder_of_5000_files_is_read_completely(tmp_path: Path) -> None:
    for folder in range(50):
        sub = tmp_path / f"outlet{folder:02d}"
        sub.mkdir()
        for number in range(100):
            (sub / f"{number:03d}.txt").write_text(ARTICLE.replace("Mira", f"Mira{number}"))
    started = time.perf_counter()
    docs = documents(read_paths([str(tmp_path)]))
    elapsed = time.perf_counter() - started
    assert len(docs) == 5000
    assert docs[0].source.endswith("outlet00/000.txt")
    assert docs[-1].source.endswith("outlet49/099.txt")
    assert all(d.published == date(2022, 5, 3) for d in docs)
    assert docs[1234].outlet == "outlet12"
    assert elapsed < 30, f"{elapsed:.1f}s for 5000 files"


def test_50_mb_jsonl_file_streams_item_by_item(tmp_path: Path) -> None:
    record = json.dumps({"title": "T", "text": "word " * 700, "url": "https://a.example/x"})
    line = record.encode() + b"\n"
    count = 50_000_000 // len(line) + 1
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        for _ in range(count):
            handle.write(line)
    assert path.stat().st_size > 50_000_000
    seen = 0
    for result in read_paths([str(path)]):
        assert isinstance(result, Document)
        seen += 1
    assert seen == count


# --- registry: room for a fetcher ---------------------------------------------------------


def test_custom_reader_and_scheme_plug_in_without_changing_callers() -> None:
    @register_reader("upper")
    def read_upper(item: Item, *, config: IngestConfig) -> Iterator[Document]:
        data = item.stream.read()
        yield Document(
            source=item.source.name, raw=data, text=data.decode().upper(), format="upper"
        )

    def resolve(url: str, config: IngestConfig) -> Iterator[Source | IngestError]:
        data = b"fetched body"

        def opener() -> BinaryIO:
            return io.BytesIO(data)

        yield Source(name=url, opener=opener, format="upper")

    register_scheme("test", resolve)
    try:
        (document,) = documents(read_paths(["test://example/page"]))
        assert (document.source, document.text) == ("test://example/page", "FETCHED BODY")
    finally:
        READERS.pop("upper")
        SCHEMES.pop("test")
    (error,) = errors(read_paths(["https://example.org/story"]))
    assert error.code == "E114" and "https" in error.reason


def test_read_source_accepts_any_opener() -> None:
    source = Source(name="memory", opener=lambda: io.BytesIO(b"Just one sentence of text."))
    (document,) = documents(read_source(source, config=IngestConfig()))
    assert document.format == "text" and document.text == "Just one sentence of text."
