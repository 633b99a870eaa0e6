"""The claims layer's segmenter gives exactly the words of jieba's dictionary-only cut (``HMM=False``)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from article_extract.claims.dictionary import jieba_tokenizer
from article_extract.claims.segmenter import FastCutter

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    """A jieba tokenizer with the claims user dictionary, as the claims layer builds it."""
    return jieba_tokenizer()


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((REPO / "fixtures" / "claims").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_same_words_as_jieba_on_fixture_sentences_and_windows(tokenizer: Any) -> None:
    cutter = FastCutter(tokenizer.FREQ, tokenizer.total)
    texts = _fixture_texts()
    assert texts
    rnd = random.Random(7)
    samples = list(texts)
    for text in texts:  # windows like the ones the subject finder segments (cut anywhere)
        for _ in range(5):
            a = rnd.randrange(len(text))
            samples.append(text[a : a + rnd.randrange(1, 40)])
    for s in samples:
        assert cutter.lcut(s) == tokenizer.lcut(s, HMM=False), s


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "iPhone15 Pro售价7999元",
        "COVID-19疫情\r\n期间，GDP增长5.2%",
        "网民规模达11.25亿人，互联网普及率为79.7%。",
        "ABC 123 def",
        "（一）加强领导；（二）压实责任",
        "长江大桥全长1.6km～1.8km",
    ],
)
def test_same_words_as_jieba_on_odd_input(tokenizer: Any, text: str) -> None:
    cutter = FastCutter(tokenizer.FREQ, tokenizer.total)
    assert cutter.lcut(text) == tokenizer.lcut(text, HMM=False)


def test_costs_forgotten_and_relearned_give_the_same_words(tokenizer: Any) -> None:
    cutter = FastCutter(tokenizer.FREQ, tokenizer.total)
    text = "已建成5G基站483.8万座，占移动基站总数的29.1%"
    first = cutter.lcut(text)
    cutter.clear_cache()
    assert cutter.lcut(text) == first == tokenizer.lcut(text, HMM=False)
