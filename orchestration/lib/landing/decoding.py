"""Detect and normalise the two encodings the contract allows (UTF-8 ± BOM, GB18030/GBK) and
mixed line endings, streaming: a file is read in chunks, never whole into memory (a
province's month is GBs)."""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
# GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
GB18030 = "gb18030"


class FileRejected(Exception):
    """A whole file is refused; the message is one line and names no person."""

    def __init__(self, check: str, message: str):
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class Inspected:
    sha256: str
    encoding: str  # utf-8 | utf-8-sig | gb18030 (DuckDB reads the first two as they are)
    # Some lines end CRLF and others LF: DuckDB's sniffer cannot read such a file.
    mixed_line_endings: bool = False


def inspect(stream: BinaryIO, file_label: str) -> Inspected:
    """One pass: the bytes' sha256, whether they are UTF-8 (with or without BOM), and whether
    line endings are mixed. CR and LF bytes are never part of a GB18030 multi-byte character,
    so the bytes tell the line endings in either encoding."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    bom, blank, utf8_error, offset = None, True, None, 0
    endings = _LineEndings()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        endings.see(chunk)
        if bom is None:
            bom = chunk.startswith(codecs.BOM_UTF8)
            chunk = chunk[3:] if bom else chunk
        blank = blank and not chunk.strip()
        if utf8_error is None:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                utf8_error = offset + err.start
        offset += len(chunk)
    if utf8_error is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_error = offset
    if bom:
        if utf8_error is not None:
            raise _undecodable(file_label, utf8_error)
        return Inspected(digest.hexdigest(), "utf-8-sig", endings.mixed)
    if blank:
        raise FileRejected("empty_file", f"{file_label}: empty file (not even a header line)")
    encoding = "utf-8" if utf8_error is None else GB18030
    return Inspected(digest.hexdigest(), encoding, endings.mixed)


class _LineEndings:
    """Whether a stream, seen chunk by chunk, has both CRLF and bare LF line endings."""

    def __init__(self):
        self.crlf = self.bare_lf = False
        self.last_byte = b""

    def see(self, chunk: bytes) -> None:
        # CRLFs whose LF is in this chunk (the CR may end the chunk before).
        crlf = (self.last_byte + chunk).count(b"\r\n")
        self.crlf = self.crlf or crlf > 0
        self.bare_lf = self.bare_lf or chunk.count(b"\n") > crlf
        self.last_byte = chunk[-1:]

    @property
    def mixed(self) -> bool:
        return self.crlf and self.bare_lf


def transcode_gb18030(source: BinaryIO, target: BinaryIO, file_label: str) -> None:
    for chunk in _gb18030_as_utf8(source, file_label):
        target.write(chunk)


def _gb18030_as_utf8(source: BinaryIO, file_label: str) -> Iterator[bytes]:
    """GB18030 to UTF-8, chunk by chunk; its BOM (84 31 95 33) decodes to U+FEFF, which
    must not stick to the first header."""
    decoder = codecs.getincrementaldecoder(GB18030)()
    offset, first = 0, True
    while True:
        chunk = source.read(CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as err:
            raise _undecodable(file_label, offset + err.start) from None
        if first:
            text, first = text.removeprefix("\ufeff"), False
        yield text.encode("utf-8")
        offset += len(chunk)
        if not chunk:
            return


def lf_line_endings(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """CRLF to LF, chunk by chunk (a CR that ends a chunk waits for the next one)."""
    held = b""
    for chunk in chunks:
        chunk = held + chunk
        held = b"\r" if chunk.endswith(b"\r") else b""
        yield (chunk[:-1] if held else chunk).replace(b"\r\n", b"\n")
    yield held


def readable_copy(path: Path, inspected: Inspected, workdir: Path, file_label: str) -> Path:
    """The file as DuckDB can read it: itself for UTF-8 with one kind of line ending,
    otherwise a UTF-8 copy with LF line endings if they were mixed."""
    if inspected.encoding != GB18030 and not inspected.mixed_line_endings:
        return path
    target = workdir / path.name
    with path.open("rb") as source, target.open("wb") as out:
        chunks = (
            _gb18030_as_utf8(source, file_label)
            if inspected.encoding == GB18030
            else iter(lambda: source.read(CHUNK), b"")
        )
        if inspected.mixed_line_endings:
            chunks = lf_line_endings(chunks)
        for chunk in chunks:
            out.write(chunk)
    return target


def to_utf8(data: bytes, file_label: str) -> tuple[str, bytes | None]:
    """In memory, for small files (tests): (encoding, UTF-8 bytes to read instead or None)."""
    inspected = inspect(io.BytesIO(data), file_label)
    if inspected.encoding == "utf-8":
        return "utf-8", None
    if inspected.encoding == "utf-8-sig":
        return "utf-8-sig", data[3:]
    out = io.BytesIO()
    transcode_gb18030(io.BytesIO(data), out, file_label)
    return GB18030, out.getvalue()


def _undecodable(file_label: str, offset: int) -> FileRejected:
    return FileRejected(
        "undecodable",
        f"{file_label}: not valid UTF-8 or GB18030 (bad bytes at offset {offset})",
    )
