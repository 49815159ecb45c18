"""Telling text from binary, and bytes into text.

Order of attempts: UTF-8 (with or without BOM), UTF-16/32 with a BOM, Windows-1252 when it
yields plausible Western text, then charset-normalizer's best guess. Windows-1252 comes
before charset-normalizer because charset-normalizer ranks cp1250/cp1257 first for short
Western texts (it turned "crème brûlée" into "crčme brūlée"), and cp1252 is the legacy
encoding most news text was saved in.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Magic numbers of formats that are surely not articles (gzip is handled by the caller).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media file"),
    (b"fLaC", "FLAC audio"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x00\x00\x01\x00", "icon file"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control bytes that never appear in text (tab, newlines, form feed and escape can).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?")
# Mojibake signs when non-Western bytes are read as cp1252: a symbol from the Latin-1
# block wedged between letters ("Za¿ó³æ"), or a C1 control.
_WEDGED_SYMBOL = re.compile(r"[A-Za-zÀ-ÿ][\xa1-\xbf\x80-\x9f][A-Za-zÀ-ÿ]")
_ACCENTED = re.compile(r"[À-ÿ]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


class DecodeError(ValueError):
    """Bytes that no attempted encoding turns into text; ``tried`` names the attempts."""

    def __init__(self, tried: str) -> None:
        super().__init__(tried)
        self.tried = tried


def bom_encoding(data: bytes) -> str | None:
    """Encoding announced by a UTF-16/32 byte order mark, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _bomless_utf16(head: bytes) -> str | None:
    # ASCII text in UTF-16 without a BOM has a NUL in every other byte.
    sample = head[:4096] if len(head) % 2 == 0 else head[: min(4096, len(head) - 1)]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def binary_kind(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of an input) looks binary, or None when it may be text."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if bom_encoding(head) or _bomless_utf16(head):
        return None
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(_CONTROL.findall(head[:8192]))
    if controls > 0.05 * min(len(head), 8192):
        return f"{controls} control bytes in the first {min(len(head), 8192)}"
    return None


def _plausible_western(text: str) -> bool:
    if _WEDGED_SYMBOL.search(text):
        return False
    # In Western languages accented letters are a minority; Cyrillic or Greek bytes read
    # as cp1252 come out as nothing but accented letters ("Ïðèâåò").
    accented = len(_ACCENTED.findall(text))
    return accented <= 0.3 * (accented + len(_ASCII_LETTER.findall(text)))


def decode(data: bytes) -> str:
    """Decode ``data`` to text with universal newlines; raise DecodeError when impossible."""
    return _NEWLINES.sub("\n", _decode(data))


def _decode(data: bytes) -> str:
    # NULs are valid UTF-8, so BOM-less UTF-16 must be recognised before trying UTF-8.
    encoding = bom_encoding(data) or (_bomless_utf16(data[:4096]) if b"\x00" in data else None)
    if encoding is None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise DecodeError(f"UTF-8, {encoding}") from None
        return text.lstrip("\ufeff")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_western(text):
        return text
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("UTF-8, UTF-16, Windows-1252, charset-normalizer")
    return str(best)
