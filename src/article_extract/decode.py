"""Decode stage: raw bytes -> text, with the encoding used. (Owned by the decoding work; stub.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    """Decoded page text and the name of the encoding used (``utf-8``, ``gb18030`` …)."""

    text: str
    encoding: str


def decode_html(data: bytes | str, http_charset: str | None = None) -> Decoded:
    """Decode page bytes: BOM, then ``http_charset``, then ``<meta charset>``, then detection."""
    if isinstance(data, str):
        return Decoded(data, "unicode")
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8")
