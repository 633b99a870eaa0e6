"""Decode stage benchmark: accuracy and speed of ``decode_html`` against charset-normalizer alone.

Pages: every corpus page (``shared/corpus/MANIFEST.tsv`` gives the actual byte encoding) plus
variants made from the UTF-8 corpus pages that are hard for a decoder: the text re-encoded as GBK
without a declaration (also under an HTTP ``iso-8859-1`` server default), as GBK declared
``utf-8``, UTF-8 declared ``gb2312``, UTF-8 with one stray byte, GBK with one broken pair. A page
counts as correct when the text equals the strict decode with its true codec (U+FFFD only where
bytes were broken), i.e. no mojibake.

    python bench/decode_bench.py [--repeat 5] [--no-reference]
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from article_extract.decode import decode_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_META = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?[\w-]+["']?[^>]*>""", re.IGNORECASE)

Case = tuple[str, str, bytes, str, str | None]  # (group, name, bytes, expected text, HTTP charset)


def load_cases() -> list[Case]:
    """The corpus pages and their hard variants."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    cases: list[Case] = []
    for row in rows:
        data = (CORPUS / row["file"]).read_bytes()
        codec = "gb18030" if "bytes=gbk" in row["encoding"] else "utf-8-sig"
        group = "corpus-gbk" if codec == "gb18030" else "corpus-utf8"
        if "MISMATCH" in row["encoding"]:
            group = "corpus-mislabeled"
        cases.append((group, row["file"], data, data.decode(codec), None))
        if codec != "utf-8-sig" or "MISMATCH" in row["encoding"]:
            continue
        text = data.decode(codec)
        try:
            gbk = text.encode("gb18030")
        except UnicodeEncodeError:
            continue
        bare = _META.sub(b"", gbk)
        cases.append(("gbk-undeclared", row["file"], bare, bare.decode("gb18030"), None))
        cases.append(("gbk-http-iso-8859-1", row["file"], bare, bare.decode("gb18030"), "iso-8859-1"))
        declared_utf8 = _declare(bare, b"utf-8")
        cases.append(("gbk-declared-utf8", row["file"], declared_utf8, declared_utf8.decode("gb18030"), None))
        utf8 = _declare(_META.sub(b"", text.encode("utf-8")), b"gb2312")
        cases.append(("utf8-declared-gb2312", row["file"], utf8, utf8.decode("utf-8"), None))
        mid = len(utf8) // 2
        stray = utf8[:mid] + b"\xff" + utf8[mid:]
        cases.append(("utf8-stray-byte", row["file"], stray, stray.decode("utf-8", "replace"), None))
        broken = bare[: len(bare) // 2] + b"\x81\x20" + bare[len(bare) // 2 :]
        cases.append(("gbk-broken-pair", row["file"], broken, broken.decode("gb18030", "replace"), None))
    return cases


def _declare(data: bytes, charset: bytes) -> bytes:
    head = data.lower().find(b"<head")
    if head < 0:
        return b'<meta charset="' + charset + b'">' + data
    end = data.find(b">", head) + 1
    return data[:end] + b'<meta charset="' + charset + b'">' + data[end:]


def _ours(data: bytes, http_charset: str | None) -> str:
    return decode_html(data, http_charset=http_charset).text


def _charset_normalizer(data: bytes, http_charset: str | None) -> str:  # the header is not used
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", "replace")


def run(name: str, decode: Callable[[bytes, str | None], str], cases: list[Case], repeat: int) -> None:
    """Print accuracy per group and time per page for one decoder."""
    groups: dict[str, list[bool]] = {}
    times: list[float] = []
    for group, _, data, expected, http_charset in cases:
        best = float("inf")
        text = ""
        for _ in range(repeat):
            start = time.perf_counter()
            text = decode(data, http_charset)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        groups.setdefault(group, []).append(_close(text, expected))
    total = sum(len(g) for g in groups.values())
    right = sum(sum(g) for g in groups.values())
    size = sum(len(c[2]) for c in cases)
    print(f"\n{name}: {right}/{total} pages decoded correctly")
    for group, results in groups.items():
        print(f"  {group:<22} {sum(results):>4}/{len(results):<4}")
    print(
        f"  time per page: median {statistics.median(times) * 1e3:.2f} ms, p95 "
        f"{sorted(times)[int(0.95 * len(times))] * 1e3:.2f} ms, max {max(times) * 1e3:.1f} ms; "
        f"throughput {size / sum(times) / 1e6:.0f} MB/s"
    )


def _close(text: str, expected: str) -> bool:
    """Equal up to a leading BOM and the exact U+FFFD positions of broken bytes."""
    text, expected = text.lstrip("\ufeff"), expected.lstrip("\ufeff")
    if text == expected:
        return True
    return text.replace("\ufffd", "") == expected.replace("\ufffd", "") and len(text) - len(expected) < 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the fastest counts")
    parser.add_argument("--no-reference", action="store_true", help="skip charset-normalizer alone")
    args = parser.parse_args(argv)
    if not (CORPUS / "MANIFEST.tsv").is_file():
        print(f"shared corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    cases = load_cases()
    print(f"{len(cases)} pages, {sum(len(c[2]) for c in cases) / 1e6:.1f} MB")
    run("article_extract.decode_html", _ours, cases, args.repeat)
    if not args.no_reference:
        run("charset-normalizer from_bytes().best()", _charset_normalizer, cases, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
