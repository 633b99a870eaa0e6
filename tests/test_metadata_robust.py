"""The metadata stage never raises and keeps its output well-formed, whatever the page."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from metadata_helpers import meta_of

_PIECES = st.sampled_from(
    [
        "<h1>",
        "</h1>",
        "<p>",
        "</p>",
        "<div class='position'>",
        "</div>",
        "<br>",
        "<a href='/'>",
        "</a>",
        "<title>",
        "</title>",
        "<td>",
        "来源：",
        "记者 ",
        "编辑：",
        "责任编辑：",
        "作者：",
        "当前位置：",
        " > ",
        "2026-02-05 16:45",
        "2026年2月5日",
        "（记者 张三）",
        "【责任编辑：李四】",
        "文/",
        "首页",
        "正文",
        "新华社",
        "某某日报",
        "王五",
        "赵六",
        "99:99",
        "3000-01-01",
        "1985-01-01",
        "©",
        "版权所有",
        "\u3000",
        '<meta property="og:title" content="标题">',
        '<link rel="canonical" href="http://[bad/">',
        '<script type="application/ld+json">{"datePublished": "2026-02-05T08:00:00Z"}</script>',
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40))
def test_never_raises_and_output_is_well_formed(pieces: list[str]) -> None:
    html = "<html><head></head><body>" + "".join(pieces) + "</body></html>"
    meta = meta_of(html, url="http://news.example.cn/a/1.html")
    if meta.published_at is not None:
        parsed = datetime.fromisoformat(meta.published_at)
        assert 1990 <= parsed.year <= datetime.now().year + 1
    assert all(name and name == name.strip() for name in meta.authors)
    assert all(item for item in meta.category)
    assert meta.lang
    if meta.title is not None:
        assert meta.title == meta.title.strip()
