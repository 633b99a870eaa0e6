"""The claims segmenter's dictionary: jieba's word frequencies and part-of-speech tags plus the claims
user dictionary, built with jieba once and then read from a compact cache file.

Building it through jieba (``Tokenizer.initialize``, ``load_userdict`` and ``jieba.posseg``'s tag table)
costs about 1.3 s of CPU in every process that reads claims; the cache file (three flat blocks: words,
frequencies, tags) loads in about 0.25 s. The file is named after everything its content depends on
(jieba's version and dictionary file, the user dictionary, the format), so a change to any of them
builds a new one; a file that does not read back whole is ignored and rebuilt. The cache lives in
``$ARTICLE_EXTRACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/article_extract``, else
``~/.cache/article_extract``; where none can be written the dictionary is simply built each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

_FORMAT = 1
_MAGIC = b"article_extract claims dictionary\n"
_USERDICT = "data/claims_userdict.txt"


@dataclass(frozen=True)
class Dictionary:
    """Word → frequency (0 marks a prefix of longer words), their total, and word → POS tag."""

    freq: dict[str, int]
    total: int
    tags: dict[str, str]


def load_dictionary(cache_dir: Path | None = None) -> Dictionary:
    """The dictionary, from the cache file when it holds this exact version, else built and cached."""
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"claims-dict-{_cache_key()}.bin"
    with contextlib.suppress(OSError, ValueError):
        return read_cache(path)
    built = build_with_jieba()
    with contextlib.suppress(OSError):
        write_cache(path, built)
    return built


def default_cache_dir() -> Path:
    """Where cache files go (see the module docstring)."""
    explicit = os.environ.get("ARTICLE_EXTRACT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article_extract"


def jieba_tokenizer() -> Any:
    """A private, initialized ``jieba.Tokenizer`` with the claims user dictionary (jieba's global
    tokenizer is left untouched)."""
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    path = resources.files("article_extract").joinpath(_USERDICT)
    with resources.as_file(path) as p:
        tokenizer.load_userdict(str(p))
    return tokenizer


def build_with_jieba() -> Dictionary:
    """Load jieba's dictionary and tag table and add the claims user dictionary (the slow way)."""
    import jieba.posseg

    tokenizer = jieba_tokenizer()
    tags = dict(jieba.posseg.dt.word_tag_tab)
    tags.update(getattr(tokenizer, "user_word_tag_tab", {}))
    return Dictionary(dict(tokenizer.FREQ), int(tokenizer.total), tags)


def _cache_key() -> str:
    """A digest of what the dictionary's content depends on, read without importing jieba."""
    h = hashlib.sha256(f"{_FORMAT} {sys.byteorder}".encode())
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.origin:
        dict_file = Path(spec.origin).with_name("dict.txt")
        with contextlib.suppress(OSError):
            st = dict_file.stat()
            h.update(f"{dict_file} {st.st_size} {st.st_mtime_ns}".encode())
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        h.update(importlib.metadata.version("jieba").encode())
    h.update(resources.files("article_extract").joinpath(_USERDICT).read_bytes())
    return h.hexdigest()[:20]


def write_cache(path: Path, d: Dictionary) -> None:
    """Write ``d`` to ``path`` atomically: tagged words first, so the tags block lines up with them."""
    tagged = [w for w in d.freq if w in d.tags]
    words = tagged + [w for w in d.freq if w not in d.tags]
    if len(tagged) != len(d.tags):
        raise ValueError("every tagged word must have a frequency")
    blocks = [
        "\n".join(words).encode("utf-8"),
        array("q", [d.freq[w] for w in words]).tobytes(),
        "\n".join(d.tags[w] for w in tagged).encode("utf-8"),
    ]
    header = {"words": len(words), "tagged": len(tagged), "total": d.total, "sizes": [len(b) for b in blocks]}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".claims-dict-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + json.dumps(header).encode() + b"\n")
            for block in blocks:
                fh.write(block)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_cache(path: Path) -> Dictionary:
    """Read a cache file; ``ValueError`` if it is not whole and consistent."""
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise ValueError("not a claims dictionary cache file")
    end = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC) : end])
    sizes = header["sizes"]
    if len(sizes) != 3 or end + 1 + sum(sizes) != len(data):
        raise ValueError("truncated claims dictionary cache file")
    words_at = end + 1
    freqs_at = words_at + sizes[0]
    tags_at = freqs_at + sizes[1]
    words = data[words_at:freqs_at].decode("utf-8").split("\n")
    freqs = array("q")
    freqs.frombytes(data[freqs_at:tags_at])
    tags = data[tags_at:].decode("utf-8").split("\n") if header["tagged"] else []
    if not (len(words) == len(freqs) == header["words"] and len(tags) == header["tagged"] <= len(words)):
        raise ValueError("inconsistent claims dictionary cache file")
    freq = dict(zip(words, freqs, strict=True))
    return Dictionary(freq, int(header["total"]), dict(zip(words[: len(tags)], tags, strict=True)))
