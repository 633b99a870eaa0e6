import pytest

from article_extract import Article, extract


def test_extract_returns_article_for_simple_page() -> None:
    art = extract("<html><head><title>标题</title></head><body><p>正文内容。</p></body></html>")
    assert isinstance(art, Article)
    assert art.to_dict()["text"] == art.text


def test_claims_can_be_skipped() -> None:
    html = (
        "<html><body><article><h1>报告发布</h1><p>第57次《中国互联网络发展状况统计报告》今天发布。"
        "报告显示，截至2025年12月，我国网民规模达11.25亿人，互联网普及率突破80%。</p>"
        "<p>数字发展成果惠及更广泛群体，数字包容性显著增强，数字技术与实体经济深度融合。</p></article></body></html>"
    )
    with_claims = extract(html)
    without = extract(html, claims=False)
    assert with_claims.paragraphs == without.paragraphs
    assert [c.value for c in with_claims.claims] == [1125000000.0, 80.0]
    assert without.claims == ()


def test_a_failing_stage_costs_one_record_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import article_extract.pipeline as pipeline

    def broken(page: object, body: object) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "extract_metadata", broken)
    art = extract("<html><body><p>正文内容，足够长的一段话。</p></body></html>", url="http://a.cn/1")
    assert art.error is not None and "KeyError" in art.error and "boom" in art.error
    assert art.url == "http://a.cn/1" and art.paragraphs == ()
