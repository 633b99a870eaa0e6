"""The seed page (fixtures/yjzk-cnnic57.html, GB2312) through ``extract`` gives every article field of the
seed gold in ``shared/seed/yjzk-cnnic57.gold.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from article_extract import Article, extract

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "yjzk-cnnic57.html"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "seed" / "yjzk-cnnic57.gold.json"


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    if not GOLD.exists():
        pytest.skip(f"shared seed gold not found at {GOLD} (shared/ must sit beside the repository)")
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))["article"]
    return data


@pytest.fixture(scope="module")
def article() -> Article:
    return extract(FIXTURE.read_bytes(), url="http://www.yjzk.example.cn/zcdt/2026/0205/1.html")


@pytest.mark.parametrize("field", ["title", "published_at", "source", "editor", "site_name"])
def test_scalar_fields(article: Article, gold: dict[str, Any], field: str) -> None:
    assert getattr(article, field) == gold[field]


@pytest.mark.parametrize("field", ["authors", "category"])
def test_list_fields(article: Article, gold: dict[str, Any], field: str) -> None:
    assert list(getattr(article, field)) == gold[field]


def test_page_facts(article: Article) -> None:
    assert article.page_type == "article"
    assert article.error is None
    assert article.lang == "zh-Hans"
    assert article.encoding in ("gb18030", "gbk", "gb2312")


def test_first_and_last_paragraph(article: Article, gold: dict[str, Any]) -> None:
    assert article.paragraphs, "no body paragraphs"
    assert article.paragraphs[0].startswith(gold["first_paragraph_starts"])
    assert article.paragraphs[-1].endswith(gold["last_paragraph_ends"])


def test_no_boilerplate_in_text(article: Article, gold: dict[str, Any]) -> None:
    found = [s for s in gold["must_not_contain"] if s in article.text]
    assert found == []
