from article_extract import Article, extract


def test_extract_returns_article_for_simple_page() -> None:
    art = extract("<html><head><title>标题</title></head><body><p>正文内容。</p></body></html>")
    assert isinstance(art, Article)
    assert art.to_dict()["text"] == art.text
