"""``article-extract export`` on real stores (SQLite file and local PostgreSQL), read back from the files."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from article_extract.commands import export
from article_extract.store import Store, open_store
from store_samples import TEXT, make_article, make_page


def run_export(*argv: str) -> int:
    """Parse ``argv`` with the real ``export`` parser and run it."""
    parser = argparse.ArgumentParser(prog="article-extract")
    export.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", *argv])
    return int(args.func(args))


@pytest.fixture
def filled(db_url: str) -> tuple[str, list[dict[str, Any]]]:
    """A store with two articles (one with claims, one without) and what they are as SCHEMA.md dicts."""
    first = make_article()
    second = replace(
        make_article(
            "https://news.example.cn/b/2.html",
            paragraphs=["第二篇，没有数字。", '含"引号"和,逗号'],
            title="第二篇",
        ),
        authors=(),
        category=(),
        source=None,
        title_claims=(),
    )
    with open_store(db_url) as s:
        ids = [s.save(first, make_page(first.url)), s.save(second, make_page(second.url))]
    expected = [{"id": i, "key": a.url, **a.to_dict()} for i, a in zip(ids, (first, second), strict=True)]
    return db_url, expected


def expected_claims(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for art in articles:
        for in_title, key in ((False, "claims"), (True, "title_claims")):
            out += [
                {**c, "article_id": art["id"], "key": art["key"], "url": art["url"], "in_title": in_title}
                for c in art[key]
            ]
    return out


def test_jsonl_articles(filled: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    url, expected = filled
    out = tmp_path / "articles.jsonl"
    assert run_export("--db", url, "-o", str(out)) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert "我国网民规模" in lines[0]  # UTF-8, no ASCII escaping
    assert not list(tmp_path.glob(".*partial"))


def test_jsonl_claims_to_stdout(
    filled: tuple[str, list[dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, expected = filled
    assert run_export("--db", url, "--what", "claims") == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert rows == expected_claims(expected)
    assert len(rows) == 4
    assert "4 claims written" in captured.err


def test_csv_articles(filled: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    url, expected = filled
    out = tmp_path / "articles.csv"
    assert run_export("--db", url, "--format", "csv", "-o", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    for row, exp in zip(rows, expected, strict=True):
        assert int(row["id"]) == exp["id"]
        assert row["title"] == exp["title"]
        assert row["text"] == exp["text"]  # newlines and quotes survive CSV quoting
        for name in ("authors", "category", "paragraphs", "claims", "title_claims"):
            assert json.loads(row[name]) == exp[name]
    assert rows[1]["source"] == ""  # null
    assert rows[1]["text"] == '第二篇，没有数字。\n含"引号"和,逗号'


def test_csv_claims(filled: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    url, expected = filled
    out = tmp_path / "claims.csv"
    assert run_export("--db", url, "--format", "csv", "--what", "claims", "-o", str(out)) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    want = expected_claims(expected)
    assert [r["raw"] for r in rows] == [c["raw"] for c in want]
    assert [float(r["value"]) for r in rows] == [c["value"] for c in want]
    assert [r["in_title"] for r in rows] == ["false", "false", "false", "true"]
    assert [(int(r["start"]), int(r["end"])) for r in rows] == [(c["start"], c["end"]) for c in want]
    assert rows[0]["value_max"] == ""
    assert rows[0]["as_of"] == "2025-12"


@pytest.mark.parametrize("what", ["articles", "claims"])
def test_parquet(filled: tuple[str, list[dict[str, Any]]], tmp_path: Path, what: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    url, expected = filled
    out = tmp_path / f"{what}.parquet"
    assert run_export("--db", url, "--format", "parquet", "--what", what, "-o", str(out)) == 0
    table = pq.read_table(out)
    rows = table.to_pylist()
    if what == "articles":
        assert str(table.schema.field("id").type) == "int64"
        assert [r["id"] for r in rows] == [e["id"] for e in expected]
        assert [json.loads(r["paragraphs"]) for r in rows] == [e["paragraphs"] for e in expected]
        assert [json.loads(r["claims"]) for r in rows] == [e["claims"] for e in expected]
        assert rows[1]["source"] is None
    else:
        assert str(table.schema.field("value").type) == "double"
        assert str(table.schema.field("in_title").type) == "bool"
        want = expected_claims(expected)
        assert rows == [{k: c[k] for k in rows[0]} for c in want]


def test_empty_store_exports_nothing(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url):
        pass
    out = tmp_path / "none.csv"
    assert run_export("--db", db_url, "--format", "csv", "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id,key,url,page_type,error,canonical_url,site_name,title,published_at,source,authors,editor,category,"
        "paragraphs,text,lang,encoding,claims,title_claims"
    ]


def test_parquet_needs_a_file(
    filled: tuple[str, list[dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_export("--db", filled[0], "--format", "parquet") == 2
    assert "needs -o FILE" in capsys.readouterr().err


def test_missing_sqlite_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.db"
    assert run_export("--db", f"sqlite:///{missing}") == 1
    assert "no database at" in capsys.readouterr().err
    assert not missing.exists()  # not created by the attempt


def test_bad_url_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export("--db", "mysql://root@localhost/x") == 1
    assert "unsupported database URL" in capsys.readouterr().err


def test_missing_pyarrow_is_a_clear_error(
    store: Store,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.save(make_article(paragraphs=TEXT))
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    out = tmp_path / "a.parquet"
    assert run_export("--db", db_url, "--format", "parquet", "-o", str(out)) == 1
    assert "needs pyarrow" in capsys.readouterr().err
    assert not out.exists()
    assert not list(tmp_path.glob(".*partial"))


def test_cli_dispatches_export(filled: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    from article_extract.cli import main

    out = tmp_path / "a.jsonl"
    assert main(["export", "--db", filled[0], "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_file_that_is_not_a_database_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("这不是数据库。" * 200, encoding="utf-8")
    assert run_export("--db", str(notes), "-o", str(tmp_path / "out.jsonl")) == 1
    assert "cannot open SQLite database" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
