"""Input readers: files, folders, stdin and WARC archives -> a lazy stream of :class:`InputDoc`.

Every reader is a generator that holds at most one document in memory, so a folder of 100k pages
or a multi-GB WARC streams with flat memory. A source that cannot be read becomes an ``InputDoc``
with ``error`` set (and no data) so the caller can report it and go on with the batch.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from .decode import charset_from_content_type

#: File suffixes picked up when a folder is walked (compared case-insensitively).
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".html.gz", ".htm.gz")
#: File names treated as WARC archives without ``--warc``.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
#: Content types of WARC payloads that are read as HTML pages.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
#: Largest page read into memory; bigger files and records become an error item.
MAX_PAGE_BYTES = 256 * 1024 * 1024
#: Name used for standard input.
STDIN = "-"


class ByteStream(Protocol):
    """Anything with a binary ``read`` (a file, ``sys.stdin.buffer``, a socket file)."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class InputDoc:
    """One page to extract: where it came from, its bytes and the transport's charset, or an error.

    ``name`` is the file path, ``<stdin>`` or ``archive.warc.gz@offset``; WARC records also carry
    their archive, offset, HTTP status, headers, ``Content-Type`` and ``WARC-Date``.
    """

    name: str
    url: str | None
    data: bytes
    http_charset: str | None = None
    error: str | None = None
    content_type: str | None = None
    status: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    fetched_at: str | None = None
    headers: dict[str, str] | None = None


def iter_inputs(
    sources: Iterable[str],
    *,
    force_warc: bool = False,
    url: str | None = None,
    stdin: IO[bytes] | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[InputDoc]:
    """Yield the pages of every source: a file, a folder (recursive), ``-`` (stdin) or a WARC.

    ``force_warc`` reads every file (and stdin) as a WARC archive; otherwise WARC is recognised by
    suffix (``.warc``, ``.warc.gz``) or by its first bytes. ``url`` is given to the pages of plain
    files and stdin. ``stdin`` defaults to ``sys.stdin.buffer``.
    """
    for source in sources:
        if source == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, "<stdin>", force_warc=force_warc, url=url, max_bytes=max_bytes)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _iter_folder(path, url=url, max_bytes=max_bytes)
        elif force_warc or is_warc_name(source):
            yield from iter_warc_file(path, max_bytes=max_bytes)
        elif not path.exists():
            yield InputDoc(source, url, b"", error=f"no such file or folder: {source}")
        elif _sniff_warc_file(path):
            yield from iter_warc_file(path, max_bytes=max_bytes)
        else:
            yield read_file(path, url=url, max_bytes=max_bytes)


def is_warc_name(name: str) -> bool:
    """Whether a file name has a WARC/ARC suffix."""
    return name.lower().endswith(WARC_SUFFIXES)


def iter_html_files(folder: Path, on_error: Callable[[OSError], object] | None = None) -> Iterator[Path]:
    """The HTML files under ``folder``, recursively, sorted, lazily (symlinked folders not followed).

    A sub-folder that cannot be listed is passed to ``on_error`` (default: skipped).
    """
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(HTML_SUFFIXES):
                yield Path(root, name)


def _iter_folder(folder: Path, *, url: str | None, max_bytes: int) -> Iterator[InputDoc]:
    errors: list[OSError] = []
    for file in iter_html_files(folder, errors.append):
        yield from _folder_errors(errors, url)
        yield read_file(file, url=url, max_bytes=max_bytes)
    yield from _folder_errors(errors, url)


def _folder_errors(errors: list[OSError], url: str | None) -> Iterator[InputDoc]:
    while errors:
        exc = errors.pop(0)
        name = str(exc.filename or "?")
        yield InputDoc(name, url, b"", error=f"cannot list folder {name}: {exc.strerror or exc}")


def read_file(path: Path, *, url: str | None = None, max_bytes: int = MAX_PAGE_BYTES) -> InputDoc:
    """Read one page file; unreadable or oversized files give an ``InputDoc`` with ``error``."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputDoc(name, url, b"", error=f"file too large: {size} bytes (limit {max_bytes})")
        return InputDoc(name, url, path.read_bytes())
    except OSError as exc:
        return InputDoc(name, url, b"", error=f"cannot read {name}: {exc.strerror or exc}")


def iter_warc_file(path: Path, *, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[InputDoc]:
    """The HTML response/resource records of a WARC (or ARC) file, plain or gzipped."""
    name = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield InputDoc(name, None, b"", error=f"cannot read {name}: {exc.strerror or exc}")
        return
    with stream:
        yield from iter_warc(stream, name, max_bytes=max_bytes)


def iter_warc(stream: ByteStream, name: str, *, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[InputDoc]:
    """The HTML records of a WARC byte stream; ``name`` prefixes each record's name (``name@offset``).

    Response records with an HTML ``Content-Type`` (or none, when the payload starts like HTML)
    and ``resource`` records whose WARC ``Content-Type`` is HTML become documents carrying their
    ``WARC-Target-URI`` and the charset of the HTTP ``Content-Type``; request, metadata, revisit
    and non-HTML records are skipped. A damaged archive yields one error item and ends that archive.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in records:
            doc = _warc_doc(record, name, records, max_bytes)
            if doc is not None:
                yield doc
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        yield InputDoc(name, None, b"", error=f"damaged WARC {name}: {exc}")


def _warc_doc(record: Any, name: str, records: Any, max_bytes: int) -> InputDoc | None:
    rec_type = record.rec_type
    http_headers = record.http_headers if rec_type == "response" else None
    if rec_type == "response":
        content_type = http_headers.get_header("Content-Type") if http_headers is not None else None
    elif rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if content_type and not _is_html_type(content_type):
        return None
    data = record.content_stream().read(max_bytes + 1)
    if not content_type and not _looks_like_html(data):
        return None
    offset = records.get_record_offset()  # only after the payload was read: this reads to its end
    facts: dict[str, Any] = {
        "content_type": content_type,
        "status": _status(http_headers),
        "warc_file": name,
        "warc_offset": offset,
        "fetched_at": record.rec_headers.get_header("WARC-Date"),
        "headers": dict(http_headers.headers) if http_headers is not None else None,
    }
    url = record.rec_headers.get_header("WARC-Target-URI")
    if len(data) > max_bytes:
        too_large = f"record too large: over {max_bytes} bytes"
        return InputDoc(f"{name}@{offset}", url, b"", error=too_large, **facts)
    return InputDoc(f"{name}@{offset}", url, data, charset_from_content_type(content_type), **facts)


def _looks_like_html(data: bytes) -> bool:
    """Whether a payload without a ``Content-Type`` starts like an HTML document."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head


def _status(http_headers: Any) -> int | None:
    if http_headers is None:
        return None
    try:
        return int(str(http_headers.get_statuscode()))
    except (TypeError, ValueError, AttributeError):
        return None


def _is_html_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() in HTML_CONTENT_TYPES


def _read_stream(
    stream: IO[bytes], name: str, *, force_warc: bool, url: str | None, max_bytes: int
) -> Iterator[InputDoc]:
    head = _peek(stream)
    if force_warc or _looks_like_warc(head):
        yield from iter_warc(_Prefixed(head, stream), name, max_bytes=max_bytes)
        return
    try:
        data = head + stream.read(max_bytes + 1 - len(head))
    except OSError as exc:
        yield InputDoc(name, url, b"", error=f"cannot read {name}: {exc}")
        return
    if len(data) > max_bytes:
        yield InputDoc(name, url, b"", error=f"input too large: over {max_bytes} bytes")
    else:
        yield InputDoc(name, url, data)


#: Leading bytes read to recognise a WARC: a gzip member's first deflate block may spend a few hundred
#: bytes on its Huffman tables before the first decompressed byte.
_SNIFF_BYTES = 4096


def _peek(stream: IO[bytes], size: int = _SNIFF_BYTES) -> bytes:
    try:
        return stream.read(size)
    except OSError:
        return b""


def _looks_like_warc(head: bytes) -> bool:
    """Whether leading bytes start a WARC record (plain or as the first gzip member)."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
        return inner.startswith(b"WARC/")
    return False


def _sniff_warc_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _looks_like_warc(head)


class _Prefixed:
    """A read-only byte stream: ``head`` followed by the rest of ``stream`` (for peeked stdin).

    It has no ``tell``, so warcio counts offsets itself.
    """

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            if len(data) < size:
                data += self._stream.read(size - len(data))
            return data
        return self._stream.read(size)
