"""Bad input never raises out of read_paths: each problem is a numbered IngestError."""

from __future__ import annotations

import builtins
import codecs
import gzip
import io
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import Messages
from newsdesk.ingest import IngestConfig, Item, Source, read_bytes, read_paths, register_reader
from newsdesk.ingest.registry import READERS
from newsdesk.model import Document, IngestError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def only(results: Iterator[Document | IngestError]) -> Document | IngestError:
    (result,) = list(results)
    return result


def error_of(path: Path | str, **kwargs: Any) -> IngestError:
    result = only(read_paths([str(path)], **kwargs))
    assert isinstance(result, IngestError), result
    assert result.reason.startswith(f"{result.code}: ")
    assert hasattr(Messages, result.code)
    return result


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    error = error_of(path)
    assert (error.code, error.path, error.raw) == ("E103", str(path), b"")


@pytest.mark.parametrize(
    "data", [b"   \n\t\n  ", b"\xef\xbb\xbf \n", "\ufeff  \n".encode("utf-16")]
)
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    assert error_of(path).code == "E103"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 64, "ZIP"),
        (b"some text\x00\x00\x00\x01\x02 and NULs" * 10, "NUL"),
        (bytes(range(1, 32)) * 40, "control bytes"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, detail: str) -> None:
    path = tmp_path / "article.txt"  # the name says text; the content decides
    path.write_bytes(data)
    error = error_of(path)
    assert error.code == "E104" and detail in error.reason
    assert error.raw == data


def test_undecodable_bytes(tmp_path: Path) -> None:
    generator = random.Random(7)
    data = bytes(generator.randrange(0x80, 0x100) for _ in range(3000))
    path = tmp_path / "garbled.txt"
    path.write_bytes(data)
    error = error_of(path)
    assert error.code == "E105" and error.raw == data


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        ("Café Owner Wins — “Prize”\n\nThe crème brûlée cost €5.\n".encode("cp1252"), "cp1252"),
        ("Café Owner Wins\n\nThe crème brûlée was praised.\n".encode("latin-1"), "latin-1"),
        ("Café Owner Wins\n\nThe crème brûlée cost €5.\n".encode("utf-8-sig"), "utf-8 bom"),
        ("Café Owner Wins\n\nThe crème brûlée cost €5.\n".encode("utf-16"), "utf-16 bom"),
        ("Café Owner Wins\n\nThe crème brûlée cost €5.\n".encode("utf-16-le"), "utf-16 no bom"),
        ("Café Owner Wins\r\n\r\nThe crème brûlée cost €5.\r\n".encode(), "crlf"),
    ],
)
def test_legacy_and_unicode_encodings_decode_correctly(
    tmp_path: Path, encoded: bytes, label: str
) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(encoded)
    document = only(read_paths([str(path)]))
    assert isinstance(document, Document), document
    assert document.title is not None and document.title.startswith("Café Owner Wins")
    assert "crème brûlée" in document.text
    assert "\r" not in document.text and not document.text.startswith(codecs.BOM_UTF8.decode())
    assert document.raw == encoded


def test_cp1252_fixture_keeps_typographic_characters() -> None:
    document = only(read_paths([str(FIXTURES / "text" / "cp1252.txt")]))
    assert isinstance(document, Document)
    assert "“wonderful surprise”" in document.text and "€500" in document.text


def test_truncated_html_keeps_what_can_be_extracted() -> None:
    document = only(read_paths([str(FIXTURES / "html" / "truncated.html")]))
    assert isinstance(document, Document)
    assert "diversions through the inland villages" in document.text


def test_truncated_html_without_text_is_e107() -> None:
    error = error_of(FIXTURES / "html" / "truncated_empty.html")
    assert error.code == "E107" and "truncated" in error.reason
    assert error.raw == (FIXTURES / "html" / "truncated_empty.html").read_bytes()


def test_html_without_article_text_is_e107(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")
    error = error_of(path)
    assert error.code == "E107" and "truncated" not in error.reason


def test_malformed_json_lines_among_good_ones(tmp_path: Path) -> None:
    lines = [
        b'{"title": "One", "text": "First good record."}',
        b'{"title": "Two", "text": "unterminated',
        b"not json at all",
        b'{"title": "Three", "text": "Second good record."}',
        b'{"title": "Four", "text": "Third good record."} trailing',
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    results = list(read_paths([str(path)]))
    codes = [r.code if isinstance(r, IngestError) else "doc" for r in results]
    assert codes == ["doc", "E108", "E108", "doc", "E108"]
    bad = [r for r in results if isinstance(r, IngestError)]
    assert [e.path for e in bad] == [f"{path}#2", f"{path}#3", f"{path}#5"]
    assert [e.raw for e in bad] == [lines[1], lines[2], lines[4]]
    assert bad[0].reason.startswith("E108: line 2: invalid JSON:")


def test_invalid_json_document_is_e110(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "title": "Broken",\n  "text": "no closing brace"\n')
    error = error_of(path)
    assert error.code == "E110" and "line" in error.reason


def test_json_top_level_scalar_is_e110() -> None:
    error = only(read_bytes(b"[]", source="empty.json"))
    assert isinstance(error, IngestError) and error.code == "E103"
    error = only(read_bytes(b'"just a string"', source="scalar.json"))
    assert isinstance(error, IngestError) and error.code == "E110"


def test_file_over_the_article_limit_is_e106_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Huge File Headline\n\n")
        line = b"A sentence that repeats to make a very large text file. " * 20 + b"\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size > 50_000_000
    error = error_of(path)
    assert error.code == "E106"
    assert "50.0 MB" in error.reason or "50.1 MB" in error.reason
    assert "10.0 MB limit" in error.reason
    assert error.raw is None  # keeping it in memory is what the limit prevents
    small = error_of(path, config=IngestConfig(max_article_bytes=1_000))
    assert small.code == "E106"


def test_compressed_article_over_the_limit_is_e106(tmp_path: Path) -> None:
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b"Repeated words fill this file. " * 100_000))
    error = error_of(path, config=IngestConfig(max_article_bytes=100_000))
    assert error.code == "E106" and "3.1 MB" in error.reason


def test_unreadable_file_is_e102(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Locked Story\n\nThis file exists but cannot be opened.\n")
    real_open = builtins.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    # Tests run as root, where chmod 000 does not stop reads; fake the refusal instead.
    monkeypatch.setattr(builtins, "open", guarded_open)
    error = error_of(path)
    assert error.code == "E102" and "Permission denied" in error.reason


def test_broken_symlink_in_a_folder_is_e102(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good article in one sentence.\n")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    results = list(read_paths([str(tmp_path)]))
    assert [type(r).__name__ for r in results] == ["IngestError", "Document"]
    error = results[0]
    assert isinstance(error, IngestError)
    assert error.code == "E102" and "broken symbolic link" in error.reason


def test_fifo_is_e102_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    error = error_of(fifo)
    assert error.code == "E102" and "FIFO" in error.reason


def test_path_that_does_not_exist_is_e101(tmp_path: Path) -> None:
    error = error_of(tmp_path / "nowhere" / "story.txt")
    assert error.code == "E101" and error.raw is None


def test_glob_that_matches_nothing_is_e116(tmp_path: Path) -> None:
    pattern = str(tmp_path / "**" / "*.nothing")
    error = error_of(pattern)
    assert (error.code, error.path) == ("E116", pattern)


def test_damaged_gzip_is_e118(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"Story text. " * 1000)[:-6])  # CRC and size cut off
    assert error_of(path).code == "E118"


def test_feed_that_cannot_be_parsed_is_e112(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti')
    assert error_of(path).code == "E112"


def test_warc_with_a_broken_record_is_e111(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nnot a header line\r\n\r\nsome bytes\r\n\r\n")
    assert error_of(path).code == "E111"


def test_stdin_errors_are_named_stdin() -> None:
    error = only(read_paths(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(error, IngestError) and (error.path, error.code) == ("<stdin>", "E103")


def test_a_crashing_reader_is_e119_and_the_stream_goes_on(tmp_path: Path) -> None:
    @register_reader("explodes")
    def explode(item: Item, *, config: IngestConfig) -> Iterator[Document]:
        raise RuntimeError("boom")
        yield  # pragma: no cover

    try:
        from newsdesk.ingest import read_source

        source = Source(name="odd", opener=lambda: io.BytesIO(b"data"), format="explodes")
        error = only(read_source(source, config=IngestConfig()))
        assert isinstance(error, IngestError) and error.code == "E119"
        assert "explodes" in error.reason and "boom" in error.reason
    finally:
        READERS.pop("explodes")


def test_bad_inputs_do_not_stop_the_stream(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c_good.txt").write_text("Good Story\n\nA story that reads fine.\n")
    inputs = [str(tmp_path / "missing.txt"), str(tmp_path), str(tmp_path / "*.none"), "-"]
    results = list(read_paths(inputs, stdin=io.BytesIO(b"Piped text that reads fine.")))
    codes = [r.code if isinstance(r, IngestError) else "doc" for r in results]
    assert codes == ["E101", "E103", "E104", "doc", "E116", "doc"]


def test_unknown_url_scheme_is_e114() -> None:
    error = error_of("ftp://example.org/story.txt")
    assert error.code == "E114"


def test_glob_matching_only_skipped_names_is_e116(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Not an article.\n")
    error = error_of(tmp_path / "*.md")
    assert error.code == "E116"


def test_path_with_a_nul_byte_is_an_error_not_a_crash() -> None:
    assert error_of("bad\x00name.txt").code == "E102"


def test_a_lone_string_is_read_as_one_path() -> None:
    (document,) = read_paths(str(FIXTURES / "text" / "no_headline.txt"))
    assert isinstance(document, Document)


def test_xml_that_is_not_a_feed_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "tokens.xml"
    path.write_text('<?xml version="1.0"?>\n<Document><token id="1">Word</token></Document>\n')
    error = error_of(path)
    assert error.code == "E114" and "neither an RSS/Atom feed nor HTML" in error.reason


def test_random_bytes_never_crash_a_reader(capsys: pytest.CaptureFixture[str]) -> None:
    generator = random.Random(5)
    prefixes = [b"", b"{", b"[", b"<html>", b"WARC/1.0\r\n", b"<rss>", b"---\n", b"\xff\xfe"]
    alphabet = b'abc {}[]<>"\n:,/-'
    names = ["a.txt", "a.json", "a.jsonl", "a.html", "a.warc", "a.rss", "noext"]
    for _ in range(600):
        body = bytes(
            generator.randrange(256) if generator.random() < 0.3 else generator.choice(alphabet)
            for _ in range(generator.randrange(400))
        )
        data = generator.choice(prefixes) + body
        if generator.random() < 0.1:
            data = gzip.compress(data)[: generator.randrange(5, 60)]
        for result in read_bytes(data, source=generator.choice(names)):
            assert getattr(result, "code", None) != "E119", (data[:80], result)
    capsys.readouterr()  # warcio prints its own warnings about broken records
