"""WARC archive of every HTTP response the crawler receives (warcio, gzip, rotating by size).

Each response becomes a ``response`` record with its status line, headers and body and
``WARC-Target-URI``, so extraction can be re-run offline (``article-extract extract --warc FILE``).
The body is stored as decoded by the client: ``Content-Encoding``/``Transfer-Encoding`` are removed
(kept as ``X-Archive-Orig-…`` headers) and ``Content-Length`` states the stored length. A body cut
at the size cap, or not read (non-HTML), is marked ``WARC-Truncated``.
"""

from __future__ import annotations

import io
import os
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .fetch import Response

#: Headers whose meaning changes once the body is stored decoded.
_TRANSPORT_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcArchive:
    """Appends response records to ``<dir>/<prefix>-<time>-<pid>-<n>.warc.gz``, rotating by size.

    Use as a context manager or call :meth:`close`. Not thread-safe: use from one thread (the
    crawler's event loop).
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        max_bytes: int = 1024**3,
        prefix: str = "article-extract",
        software: str = "article-extract",
    ) -> None:
        self.directory = Path(directory).resolve()
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.software = software
        self._stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self._serial = 0
        self._fh: BinaryIO | None = None
        self._path: Path | None = None
        self.files: list[Path] = []
        self.records = 0

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the current file."""
        if self._fh is not None:
            self._fh.close()
        self._fh = self._path = None

    def write_response(self, resp: Response) -> tuple[str, int]:
        """Archive one response; returns ``(warc file path, offset of its record)``."""
        fh, path = self._current()
        offset = fh.tell()
        headers = _stored_headers(resp)
        http_headers = StatusAndHeaders(
            f"{resp.status} {resp.reason}".rstrip(), headers, protocol=resp.http_version or "HTTP/1.1"
        )
        warc_headers = {"WARC-Date": datetime_to_iso_date(resp.fetched_at)}
        if resp.truncated:
            warc_headers["WARC-Truncated"] = resp.truncated
        record = _PLAIN.create_warc_record(
            resp.url,
            "response",
            payload=io.BytesIO(resp.body),
            length=len(resp.body),
            warc_headers_dict=warc_headers,
            http_headers=http_headers,
        )
        _write_member(fh, record)
        self.records += 1
        return str(path), offset

    def _current(self) -> tuple[BinaryIO, Path]:
        if self._fh is not None and self._fh.tell() >= self.max_bytes:
            self.close()
        if self._fh is None or self._path is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            while True:
                name = f"{self.prefix}-{self._stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
                self._serial += 1
                path = self.directory / name
                if not path.exists():
                    break
            fh: BinaryIO = open(path, "xb")  # noqa: SIM115 - kept open across records
            info = _PLAIN.create_warcinfo_record(name, {"software": self.software, "format": "WARC/1.0"})
            _write_member(fh, info)
            self._fh, self._path = fh, path
            self.files.append(path)
        return self._fh, self._path


#: Builds records (digests, headers); compression is done per record by :func:`_write_member`.
_PLAIN = WARCWriter(io.BytesIO(), gzip=False)
#: zlib level of each record's gzip member: 1 costs under half the CPU of 6 for files ~10 % larger
#: (warcio uses 9: twice the CPU of 6 for ~1 % smaller files).
GZIP_LEVEL = 1


def _write_member(fh: BinaryIO, record: object) -> None:
    """Append ``record`` as one gzip member (so each record can be read from its offset) and flush."""
    raw = io.BytesIO()
    WARCWriter(raw, gzip=False).write_record(record)
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    fh.write(packer.compress(raw.getvalue()) + packer.flush())
    fh.flush()


def _stored_headers(resp: Response) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in resp.headers:
        lkey = key.lower()
        if lkey in _TRANSPORT_HEADERS:
            if lkey != "content-length":
                out.append((f"X-Archive-Orig-{key}", value))
            continue
        out.append((key, value))
    out.append(("Content-Length", str(len(resp.body))))
    return out
