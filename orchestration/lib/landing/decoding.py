"""Detect and normalise the two encodings the contract allows (UTF-8 ± BOM, GB18030/GBK)."""

from __future__ import annotations

import codecs


class FileRejected(Exception):
    """A whole file is refused; the message is one line and names no person."""

    def __init__(self, check: str, message: str):
        super().__init__(message)
        self.check = check


def to_utf8(data: bytes, file_label: str) -> tuple[str, bytes | None]:
    """Return (encoding, utf-8 bytes to read instead, or None when the file is usable as is)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            data[3:].decode("utf-8")
        except UnicodeDecodeError as err:
            raise _undecodable(file_label, err) from None
        return "utf-8-sig", data[3:]
    if not data.strip():
        raise FileRejected("empty_file", f"{file_label}: empty file (not even a header line)")
    try:
        data.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, so one decoder covers all three; its BOM
        # (84 31 95 33) decodes to U+FEFF, which must not stick to the first header.
        text = data.decode("gb18030").removeprefix("\ufeff")
        return "gb18030", text.encode("utf-8")
    except UnicodeDecodeError as err:
        raise _undecodable(file_label, err) from None


def _undecodable(file_label: str, err: UnicodeDecodeError) -> FileRejected:
    return FileRejected(
        "undecodable",
        f"{file_label}: not valid UTF-8 or GB18030 (bad bytes at offset {err.start})",
    )
