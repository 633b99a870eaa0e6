"""Decode stage: raw bytes -> text, with the encoding used.

Order of evidence (first that holds wins):

0. gzip-compressed bytes are inflated first (bounded); known binary formats, control-byte soup
   and NUL-only input are rejected; BOM-less UTF-16 is recognised by its NUL pattern;
1. a byte-order mark (UTF-8, UTF-16, UTF-32, GB18030);
2. bytes that are valid multi-byte UTF-8 — valid UTF-8 is almost never accidental, and many
   Chinese pages declare ``gb2312`` while serving UTF-8 (the exception: a page declaring a CJK
   legacy charset whose UTF-8 reading holds no CJK at all, e.g. a few GBK characters that happen
   to form valid UTF-8, is read with the declared charset);
3. the HTTP/WARC ``Content-Type`` charset (``http_charset``), then ``<meta charset>`` /
   ``http-equiv`` / ``<?xml encoding>`` in the first :data:`PRESCAN_BYTES` bytes, whichever
   decodes every byte; a Western single-byte header charset (a common server default) yields to
   a CJK ``<meta>`` charset or to GB18030 that reads as Chinese;
4. UTF-8, the declared charset or GB18030 when at most 2 % of the non-ASCII characters are bad;
5. detection with charset-normalizer, if its guess decodes every byte;
6. the candidate with the fewest U+FFFD, decoding with replacement.

Legacy labels are widened to their superset codec: ``gb2312``/``gbk``/``x-gbk``/``cp936`` →
``gb18030``, ``big5`` → ``big5hkscs``, ``iso-8859-1``/``ascii`` → ``cp1252`` (as browsers do).
:attr:`Decoded.encoding` is the normalized Python codec name (``utf-8``, ``gb18030``,
``big5hkscs``, ``utf-16-le`` …); text passed in as ``str`` is returned unchanged with encoding
``"unicode"`` (nothing was decoded). Input that is not text at all (binary files, an image, only
NUL bytes) raises :class:`ValueError` with the reason.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

#: How many leading bytes are searched for ``<meta charset>`` (long Chinese heads need more than 1 KB).
PRESCAN_BYTES = 16384
#: Encoding reported for ``str`` input, which is not decoded at all.
UNICODE = "unicode"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

#: Labels whose codec is widened to a superset (keys are lower-case, ``_`` → ``-``).
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gb-2312": "gb18030",
    "gb2312-80": "gb18030",
    "gb-2312-80": "gb18030",
    "csgb2312": "gb18030",
    "iso-ir-58": "gb18030",
    "chinese": "gb18030",
    "euc-cn": "gb18030",
    "euccn": "gb18030",
    "hz-gb-2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "windows-31j": "cp932",
}

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,512}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]{0,512}?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

#: Largest page a gzip-compressed input may inflate to.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
#: Control bytes that never occur in text (NUL is counted separately: stray NULs are tolerated).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27))
#: Leading bytes of common binary formats, with a name for the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x7fELF", "an ELF executable"),
)
#: Declared legacy codecs that beat valid UTF-8 when the UTF-8 reading has no CJK at all.
_CJK_LEGACY = frozenset({"gb18030", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"})
_CJK_CHAR = re.compile("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: Share of U+FFFD among non-ASCII characters still accepted as "this codec, a few bad bytes".
_TOLERATED_DAMAGE = 0.02
#: How many leading bytes the binary check looks at.
_SNIFF_BYTES = 65536


@dataclass(frozen=True)
class Decoded:
    """Decoded page text and the name of the encoding used (``utf-8``, ``gb18030`` …)."""

    text: str
    encoding: str


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label (widened to its superset), or None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower().replace("_", "-")
    if not key:
        return None
    key = _SUPERSETS.get(key, key)
    try:
        info = codecs.lookup(key)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # uu, base64, zlib, rot13: transforms, not charsets
        return None
    name = info.name
    if name in ("utf-16", "utf-32"):  # a declared UTF-16 with no BOM: browsers read the bytes as UTF-8
        return "utf-8"
    return _SUPERSETS.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The raw ``charset`` parameter of a ``Content-Type`` header value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset label declared by ``<?xml encoding>``, ``<meta charset>`` or ``http-equiv``."""
    head = data[:PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes | str, http_charset: str | None = None) -> Decoded:
    """Decode page bytes: BOM, valid UTF-8, ``http_charset``, ``<meta charset>``, then detection.

    ``str`` input is returned as is with encoding ``"unicode"``. Raises :class:`ValueError` for
    input that is not text (binary data, a known binary file format, nothing but NUL bytes).
    A gzip-compressed page (a body saved without undoing ``Content-Encoding``) is inflated first,
    up to :data:`MAX_INFLATED_BYTES`.
    """
    if isinstance(data, str):
        return Decoded(data, UNICODE)
    data = bytes(data)
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(codec, errors="replace"), codec)
    if not data:
        return Decoded("", "utf-8")
    _reject_binary(data)
    utf16 = _sniff_utf16(data)
    if utf16:
        return Decoded(data.decode(utf16, errors="replace"), utf16)
    http = normalize_charset(http_charset)
    meta = normalize_charset(sniff_meta_charset(data))
    declared = http or meta
    if data.isascii():
        ascii_codec = declared if declared and _ascii_compatible(declared) else "utf-8"
        return Decoded(data.decode("ascii"), ascii_codec)
    return (
        _valid_utf8(data, declared)
        or _strictly_declared(data, http, meta)
        or _nearly_clean(data, declared)
        or _detected(data, declared)
    )


def _valid_utf8(data: bytes, declared: str | None) -> Decoded | None:
    if not _is_utf8(data):
        return None
    text = data.decode("utf-8", errors="replace")
    if declared in _CJK_LEGACY and not _has_cjk(text):
        legacy = _strict(data, declared)
        if legacy is not None and _mostly_cjk(legacy):
            return Decoded(legacy, declared)  # short GBK text that happens to be valid UTF-8
    return Decoded(text, "utf-8")


def _strictly_declared(data: bytes, http: str | None, meta: str | None) -> Decoded | None:
    """The transport's charset, else the page's, if it decodes every byte.

    A Western single-byte charset in the header (a common server default) decodes any bytes, so
    there a CJK ``<meta>`` charset that decodes, or GB18030 reading as Chinese, goes first.
    """
    labels = [c for c in dict.fromkeys((http, meta)) if c and c != "utf-8"]
    if not labels:
        return None
    if not _cjk_capable(labels[0]):
        for codec in [c for c in labels[1:] if _cjk_capable(c)]:
            text = _strict(data, codec)
            if text is not None:
                return Decoded(text, codec)
        text = _strict(data, "gb18030")
        if text is not None and _reads_as_chinese(text):
            return Decoded(text, "gb18030")
        labels = labels[:1]
    for codec in labels:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec)
    return None


def _cjk_capable(codec: str) -> bool:
    try:
        return bool("中".encode(codec))
    except (UnicodeError, LookupError):
        return False


def _nearly_clean(data: bytes, declared: str | None) -> Decoded | None:
    """UTF-8, the declared codec or GB18030 when only a few bytes are bad (U+FFFD for those)."""
    utf8_text = data.decode("utf-8", errors="replace")
    if _damage(utf8_text) <= _TOLERATED_DAMAGE:
        return Decoded(utf8_text, "utf-8")
    for codec in dict.fromkeys([declared or "gb18030", "gb18030"]):
        if codec == "utf-8":
            continue
        text = data.decode(codec, errors="replace")
        if _damage(text) <= _TOLERATED_DAMAGE and (codec == declared or _reads_as_chinese(text)):
            return Decoded(text, codec)
    return None


def _detected(data: bytes, declared: str | None) -> Decoded:
    """charset-normalizer's guess if it decodes cleanly, else the least damaged replacement decode."""
    detected = _detect(data)
    if detected is not None:
        text = _strict(data, detected)
        if text is not None:
            return Decoded(text, detected)
    return _least_damaged(data, [c for c in (declared, detected, "utf-8", "gb18030") if c])


def _ascii_compatible(codec: str) -> bool:
    try:
        return "<html>".encode(codec) == b"<html>"
    except (LookupError, UnicodeError):
        return False


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8, tolerating one sequence cut off at the very end (a truncated download)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end < len(data) - 3 or exc.reason != "unexpected end of data":
            return False
        try:
            data[: exc.start].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 markup (NULs in every other byte), else None."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.1 * len(odd) and even.count(0) < 0.01 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.1 * len(even) and odd.count(0) < 0.01 * len(odd):
        return "utf-16-be"
    return None


def _gunzip(data: bytes) -> bytes:
    """Inflate a gzip member; a broken stream or one that inflates too far is a ValueError."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error as exc:
        raise ValueError(f"not HTML: gzip-compressed data that does not inflate ({exc})") from None
    if inflater.unconsumed_tail:
        raise ValueError(f"not HTML: gzip-compressed data inflating beyond {MAX_INFLATED_BYTES} bytes")
    if out.startswith(_GZIP_MAGIC):
        raise ValueError("not HTML: gzip-compressed data inside gzip-compressed data")
    return out


def _reject_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"not HTML: the input is {what}")
    sample = data[:_SNIFF_BYTES]
    if _sniff_utf16(sample):
        return
    text_bytes = len(sample) - sample.count(0)
    if text_bytes == 0:
        raise ValueError("not HTML: the input holds only NUL bytes")
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > 0.05 * text_bytes:
        raise ValueError(f"not HTML: binary data ({control} control bytes in the first {len(sample)})")


def _damage(text: str) -> float:
    """Share of U+FFFD among the non-ASCII characters of ``text`` (1.0 when there are none)."""
    bad = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return bad / wide if wide else 1.0


def _has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def _mostly_cjk(text: str) -> bool:
    """Whether ``text`` has CJK characters and they make up 90% of its non-ASCII characters."""
    head = text[:20000]
    cjk = len(_CJK_CHAR.findall(head))
    wide = len(head) - len(head.encode("ascii", "ignore"))
    return cjk > 0 and cjk >= 0.9 * wide


def _reads_as_chinese(text: str) -> bool:
    """Whether most non-ASCII characters are CJK ideographs or CJK/full-width punctuation."""
    wide = 0
    cjk = 0
    for ch in text[:20000]:
        if ch >= "\x80":
            wide += 1
            if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
                cjk += 1
    return wide == 0 or cjk >= 0.9 * wide


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None:
        return None
    return normalize_charset(best.encoding)


def _least_damaged(data: bytes, codecs_to_try: list[str]) -> Decoded:
    """Decode with replacement using the candidate that produces the fewest U+FFFD."""
    best: Decoded | None = None
    best_bad = -1
    for codec in dict.fromkeys(codecs_to_try):
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if best is None or bad < best_bad:
            best, best_bad = Decoded(text, codec), bad
    assert best is not None
    return best
