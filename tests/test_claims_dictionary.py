"""The claims dictionary cache: the same dictionary as jieba builds, rebuilt whenever the file is bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_extract.claims import dictionary as dictionary_module
from article_extract.claims.dictionary import (
    Dictionary,
    build_with_jieba,
    load_dictionary,
    read_cache,
    write_cache,
)


@pytest.fixture(scope="module")
def built() -> Dictionary:
    return build_with_jieba()


def test_jieba_build_has_the_user_dictionary_and_tags(built: Dictionary) -> None:
    assert built.freq["智算集群"] == 2000 and built.tags["智算集群"] == "n"  # claims_userdict.txt
    assert built.freq["智算"] > 0 and built.freq["智算集"] == 0  # a word, a prefix of a longer word
    assert built.tags["网民"].startswith("n") and built.total > 10**7
    assert set(built.tags) <= set(built.freq)


def test_cache_file_reads_back_exactly_what_jieba_built(built: Dictionary, tmp_path: Path) -> None:
    path = tmp_path / "d.bin"
    write_cache(path, built)
    again = read_cache(path)
    assert again.total == built.total
    assert again.freq == built.freq
    assert again.tags == built.tags


def test_load_builds_once_then_reads_the_file(
    built: Dictionary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counting_build() -> Dictionary:
        calls.append(1)
        return built

    monkeypatch.setattr(dictionary_module, "build_with_jieba", counting_build)
    first = load_dictionary(tmp_path)
    files = list(tmp_path.glob("claims-dict-*.bin"))
    second = load_dictionary(tmp_path)
    assert len(calls) == 1 and len(files) == 1
    assert second.freq == first.freq and second.tags == first.tags and second.total == first.total


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_cache_file_is_rebuilt(
    built: Dictionary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setattr(dictionary_module, "build_with_jieba", lambda: built)
    load_dictionary(tmp_path)
    (path,) = tmp_path.glob("claims-dict-*.bin")
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\x00" * 100, "empty": b""}[damage])
    with pytest.raises(ValueError):
        read_cache(path)
    assert load_dictionary(tmp_path).freq == built.freq
    assert read_cache(path).freq == built.freq  # the bad file was replaced


def test_unwritable_cache_directory_still_gives_the_dictionary(
    built: Dictionary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dictionary_module, "build_with_jieba", lambda: built)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert load_dictionary(blocker / "cache").total == built.total


def test_cache_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ARTICLE_EXTRACT_CACHE_DIR", str(tmp_path / "x"))
    assert dictionary_module.default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("ARTICLE_EXTRACT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert dictionary_module.default_cache_dir() == tmp_path / "xdg" / "article_extract"
