"""Boilerplate stage: body boundaries, furniture removal and page type on hand-written pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborNode

from article_extract.boilerplate import Body, extract_body
from article_extract.decode import decode_html
from article_extract.parse import parse_html
from article_extract.patterns import LinePattern, _alternatives
from article_extract.segments import SKIP_TAGS, walk

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
PAGES = FIXTURES / "pages"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def body_of(html: str) -> Body:
    return extract_body(parse_html(html))


def page(name: str) -> Body:
    return body_of((PAGES / name).read_text("utf-8"))


def joined(body: Body) -> str:
    return "\n".join(body.paragraphs)


# --- the seed page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Body:
    decoded = decode_html((FIXTURES / "yjzk-cnnic57.html").read_bytes())
    return body_of(decoded.text)


def test_seed_body_boundaries(seed: Body) -> None:
    assert seed.page_type == "article"
    assert seed.paragraphs[0].startswith("第57次《中国互联网络发展状况统计报告》今天发布")
    assert seed.paragraphs[-1].endswith("形成“一IP多形态、一文化多载体”的全球传播生态。")


def test_seed_keeps_subheadings_drops_headline_and_credit(seed: Body) -> None:
    assert "“十四五”时期我国互联网发展向“新”向“好”" in seed.paragraphs
    assert "“人工智能+”助力中小企业赋能文化产业出海" in seed.paragraphs
    assert not any(p.startswith("我国网民规模达11.25亿人") for p in seed.paragraphs)
    assert not any("朱云" in p for p in seed.paragraphs)


def test_seed_has_no_gold_boilerplate(seed: Body) -> None:
    gold_path = SHARED / "seed" / "yjzk-cnnic57.gold.json"
    if not gold_path.exists():
        pytest.skip(f"shared seed gold not found at {gold_path}")
    banned = json.loads(gold_path.read_text("utf-8"))["article"]["must_not_contain"]
    text = joined(seed)
    assert [s for s in banned if s in text] == []


def test_seed_node_is_the_content_container(seed: Body) -> None:
    assert seed.node is not None
    text = seed.node.text()
    assert "第57次" in text and "全球传播生态" in text
    assert "热点排行" not in text  # the side column is not part of the container


# --- hand-written portal layouts ----------------------------------------------------------------


def test_gov_portal_zoom_layout() -> None:
    body = page("gov_zoom.html")
    assert body.page_type == "article"
    assert body.paragraphs[0] == "各县（市、区）人民政府，市人民政府各部门："
    assert "一、总体情况" in body.paragraphs and "三、下一步工作" in body.paragraphs
    assert any(p.startswith("截至2025年底，全市中小企业总数达到12.6万户") for p in body.paragraphs)
    text = joined(body)
    for banned in ("当前位置", "索引号", "发布时间", "浏览次数", "字号", "打印本页", "关闭窗口", "分享到",
                   "相关文件", "ICP备", "公网安备", "0371-60000000", "主办单位", "附件"):
        assert banned not in text, banned
    assert "关于2025年度全市中小企业发展情况的通报" not in body.paragraphs


def test_xinhua_style_layout() -> None:
    body = page("xinhua_style.html")
    assert body.page_type == "article"
    assert body.paragraphs[0].startswith("新华社北京11月20日电（记者王明远、李清）入冬以来")
    assert "加强监测 提升服务" in body.paragraphs  # in-body subheading
    assert body.paragraphs[-1] == "11月18日，工作人员在一处换热站检查设备运行情况。新华社记者 赵阳 摄"
    text = joined(body)
    banned_strings = ("纠错", "责任编辑", "分享到", "相关新闻", "热点推荐", "Copyright", "版权所有")
    for banned in (*banned_strings, "来源：新华社"):
        assert banned not in text, banned


def test_portal_related_feed_and_comment_prompt_are_dropped() -> None:
    body = page("portal_163_style.html")
    assert body.page_type == "article"  # a password box on the page does not make it a login page
    assert body.paragraphs[0].startswith("示例网4月15日消息")
    assert body.paragraphs[-1].startswith("业内专家认为")
    text = joined(body)
    for banned in ("原标题", "责任编辑", "我要评论", "参与", "下一篇", "相关推荐", "海外建厂", "排行",
                   "举报电话", "版权所有", "一季度新能源汽车出口同比增长超三成"):
        assert banned not in text, banned


def test_paginated_article_drops_pager() -> None:
    body = page("paginated.html")
    assert body.page_type == "article"
    assert body.paragraphs == (
        "在老街区改造过程中，如何处理好保护与发展的关系，一直是城市管理者关注的问题。",
        "一些城市探索“微更新”方式，在保留原有街巷肌理的前提下，逐步完善基础设施，让居民生活条件得到改善。",
        "专家建议，老街区保护要充分听取居民意见，避免大拆大建，让城市记忆得以延续。",
    )


def test_br_separated_body_in_table_layout() -> None:
    body = page("br_body.html")
    assert body.page_type == "article"
    assert body.paragraphs == (
        "本报讯（记者 刘洋）昨天上午，县新图书馆正式对外开放，不少市民一早就在门口排起了长队。",
        "新馆建筑面积约八千平方米，设有少儿阅览区、电子阅览室和报告厅，藏书达到二十余万册。",
        "“以前借书要跑好远，现在离家近多了。”家住附近的王大爷说，他打算以后每周都来看看报纸。",
        "据介绍，图书馆每天开放十二个小时，节假日照常开放。",
    )


def test_short_real_article_is_kept() -> None:
    body = page("short_article.html")
    assert body.page_type == "article"
    assert body.paragraphs == (
        "记者从示例港务部门获悉，受台风影响暂停的客滚航线于今天上午8时起恢复运营，港口方面提醒旅客提前查询航班信息。",
    )


@pytest.mark.parametrize(
    ("name", "url", "page_type"),
    [
        ("list_channel.html", "https://news.example.com/local/list_2.html", "list"),
        ("portal_home.html", None, "list"),  # without its address a portal looks like a list ...
        ("portal_home.html", "https://www.example.com/", "other"),  # ... a site root is a portal
        ("portal_home.html", "https://www.example.com/index.shtml", "other"),
        ("login.html", None, "other"),
    ],
)
def test_non_article_pages_get_no_body(name: str, url: str | None, page_type: str) -> None:
    body = extract_body(parse_html((PAGES / name).read_text("utf-8"), url=url))
    assert body.page_type == page_type
    assert body.paragraphs == ()
    assert body.node is None


# --- paragraph emission rules -------------------------------------------------------------------

_FILLER = "这是一段用于测试的正文内容，句子完整，标点齐全。" * 3


def test_block_elements_and_br_split_inline_elements_do_not() -> None:
    html = (
        f"<html><body><div class='content'><p>{_FILLER}<b>加粗</b>与<a href='#'>链接</a>在同一段。</p>"
        f"<div>{_FILLER}<br>第二行也是正文，不能丢。<br/><br/>第三行同样如此，内容完整。</div></div></body></html>"
    )
    body = body_of(html)
    assert body.paragraphs == (
        f"{_FILLER}加粗与链接在同一段。",
        _FILLER,
        "第二行也是正文，不能丢。",
        "第三行同样如此，内容完整。",
    )


def test_whitespace_ideographic_space_and_nbsp_are_trimmed() -> None:
    html = (
        "<html><body><div id='zoom'><p>\u3000\u3000第一段开头有全角空格，这里是正文内容，长度足够。"
        + _FILLER
        + "</p>"
        "<p>&nbsp;&nbsp;第二段 \n  跨行\n书写，结尾有空白。&nbsp;</p>"
        "<p>记者　朱云&nbsp; 郝亮报道，空格在同一行内只保留一个。</p></div></body></html>"
    )
    body = body_of(html)
    assert body.paragraphs[0].startswith("第一段开头有全角空格")
    # a source line break between Chinese characters is markup formatting, not a space
    assert body.paragraphs[1] == "第二段跨行书写，结尾有空白。"
    assert body.paragraphs[2] == "记者 朱云 郝亮报道，空格在同一行内只保留一个。"


def test_hidden_elements_are_not_body_text() -> None:
    html = (
        f"<html><body><div class='article'><p>{_FILLER}</p>"
        "<p style='display: none'>这段文字被隐藏了，不应出现在正文中。</p>"
        f"<p>{_FILLER}</p></div></body></html>"
    )
    assert "隐藏" not in joined(body_of(html))


def test_tree_is_not_mutated() -> None:
    parsed = parse_html((PAGES / "xinhua_style.html").read_text("utf-8"))
    before = parsed.tree.html
    extract_body(parsed)
    assert parsed.tree.html == before


def test_empty_and_textless_pages() -> None:
    assert body_of("").page_type == "other"
    assert body_of("<html><body><img src='a.png'></body></html>") == Body("other", lines=())


# --- hostile shapes -----------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_deeply_nested_page_does_not_recurse() -> None:
    # 100,000 nested inline elements (Lexbor parses nested <div>s in quadratic time, spans in linear).
    depth = 100_000
    html = (
        "<html><body><div class='article'>" + "<span>" * depth + _FILLER + "</span>" * depth
        + "<p>" + _FILLER + "</p></div></body></html>"
    )
    body = body_of(html)
    assert body.page_type == "article"
    assert body.paragraphs == (_FILLER, _FILLER)


@pytest.mark.timeout(300)
def test_fifty_megabyte_page_completes() -> None:
    # Portal-sized monsters are mostly inline script data plus long link lists: 40 MB of the
    # first and 10 MB of the second (about 360,000 elements) here.
    item = "<li><a href='/n/{0}.html'>第{0}条新闻标题示例</a><span>2025-01-01</span></li>"
    chunk = "<ul class='news'>" + "".join(item.format(i) for i in range(200)) + "</ul>"
    lists = chunk * (10_000_000 // len(chunk.encode()))
    script = "<script>var data = [" + "{id: 12345, title: 'x'}," * (40_000_000 // 24) + "];</script>"
    article = "<div class='article'>" + f"<p>{_FILLER}</p>" * 20 + "</div>"
    html = "<html><head>" + script + "</head><body>" + lists + article + "</body></html>"
    assert len(html.encode()) >= 50_000_000
    body = body_of(html)
    assert body.page_type == "article"
    assert body.paragraphs == (_FILLER,) * 20


# --- page type edge cases -----------------------------------------------------------------------


def test_thread_list_with_excerpts_is_a_list() -> None:
    items = "".join(
        f"<li class='thread'><div class='title'><a href='/p/{i}'>第{i}个帖子的标题写在这里</a></div>"
        f"<div class='excerpt'>这是第{i}个帖子的摘要，网友在这里讨论了一些事情，内容比较长，也有标点符号。"
        f"大家都发表了自己的看法，讨论很热烈。</div><span class='replies'>{i * 7}</span></li>"
        for i in range(1, 21)
    )
    nav = "<div class='nav'><a href='/'>首页</a></div>"
    html = f"<html><body>{nav}<ul class='threads'>{items}</ul></body></html>"
    body = body_of(html)
    assert body.page_type == "list"
    assert body.paragraphs == ()


def test_page_wide_wrapper_class_repeated_does_not_make_a_list() -> None:
    html = (
        "<html><body><div class='w1200'><a href='/'>首页</a> <a href='/n'>新闻</a></div>"
        "<div class='w1200'><a href='/a'>导航一</a> <a href='/b'>导航二</a></div>"
        f"<div class='w1200'><div class='left'><div class='text'><p>{_FILLER}</p><p>{_FILLER}</p>"
        "</div></div></div><div class='w1200'><a href='/x'>友情链接</a></div>"
        "<div class='w1200'>示例网 版权所有</div></body></html>"
    )
    body = body_of(html)
    assert body.page_type == "article"
    assert body.paragraphs == (_FILLER, _FILLER)


def test_prose_that_mentions_furniture_words_is_kept() -> None:
    kept = (
        "美国司法部没有立即发表评论，但此前曾表示将继续关注此事。",
        "市民可扫描二维码预约办理，也可以拨打服务热线咨询。",
    )
    html = (
        f"<html><body><div class='article'><p>{_FILLER}</p><p>{kept[0]}</p><p>{kept[1]}</p>"
        f"<p>{_FILLER}</p><p>分享到：微信 微博</p><p>已有2381人参与</p></div></body></html>"
    )
    assert body_of(html).paragraphs == (_FILLER, kept[0], kept[1], _FILLER)


_TAGS = ("div", "p", "a", "br", "span", "td", "tr", "table", "li", "ul", "h1", "textarea", "font", "img")
_ATTRS = ("", " class='content'", " class='share'", " id='zoom'", " style='display:none'", " hidden")
_TEXTS = ("正文内容，很长的句子。", "相关新闻", "分享到", "版权所有", "编辑：某")
_TEXTS += ("&nbsp;", "\u3000", "<", "&")
_piece = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.builds(lambda t, n: t * n, st.sampled_from(_TEXTS), st.integers(1, 12)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece, max_size=80))
def test_tag_soup_never_breaks_the_stage(pieces: list[str]) -> None:
    body = body_of("".join(pieces))
    assert body.page_type in {"article", "list", "other"}
    assert all(p and p == p.strip() for p in body.paragraphs)
    if body.page_type != "article":
        assert body.paragraphs == () and body.node is None


def test_meeting_notice_time_line_is_content_but_publish_time_line_is_not() -> None:
    html = (
        f"<html><body><div id='zoom'><p>发布时间：2025-03-01 10:00</p><p>{_FILLER}</p>"
        "<p>时间：2025年3月5日上午9时 地点：市政府三楼会议室</p>"
        f"<p>{_FILLER}</p></div></body></html>"
    )
    assert body_of(html).paragraphs == (_FILLER, "时间：2025年3月5日上午9时 地点：市政府三楼会议室", _FILLER)


def test_prose_starting_with_toolbar_words_is_kept() -> None:
    kept = ("收藏家张先生说，这件藏品很珍贵。", "更多的企业开始布局海外市场。", "首页改版后访问量上升。")
    paras = "".join(f"<p>{k}</p>" for k in kept)
    html = (
        f"<html><body><div class='content'><p>{_FILLER}</p>{paras}<p>{_FILLER}</p>"
        "<p>【打印】【关闭】</p><p>更多>></p></div></body></html>"
    )
    assert body_of(html).paragraphs == (_FILLER, *kept, _FILLER)


def test_furniture_named_page_wrapper_is_not_furniture() -> None:
    # Class names like these wrap whole pages on real sites (blq-int-nav, sinacMNT_weibo_login ...).
    nav = "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(12))
    html = (
        "<html><body><div id='wrap' class='site-share-footer-wrap'>"
        f"<ul class='menu'>{nav}</ul><div class='main'><div class='text'>"
        f"<p>{_FILLER}</p><p>{_FILLER}</p></div></div>"
        "<div class='links'><a href='/a'>关于我们</a> <a href='/b'>联系我们</a></div></div></body></html>"
    )
    body = body_of(html)
    assert body.page_type == "article"
    assert body.paragraphs == (_FILLER, _FILLER)


def test_bare_date_line_dropped_at_top_kept_as_signature() -> None:
    html = (
        f"<html><body><div class='article'><p>2024年5月20日 下午2:05</p><p>{_FILLER}</p>"
        f"<p>{_FILLER}</p><p>示例市人民政府</p><p>2024年5月20日</p></div></body></html>"
    )
    assert body_of(html).paragraphs == (_FILLER, _FILLER, "示例市人民政府", "2024年5月20日")


def test_rights_notice_after_the_body_is_dropped() -> None:
    sentence = "当地马铃薯种植面积持续扩大，深加工产品销往全国各地，带动农户增收致富。"
    prose = "".join(f"<p>第{i}段：{sentence}</p>" for i in range(6))
    html = (
        f"<html><body><div class='main'><h1>土豆成了致富薯</h1><div id='zoom'>{prose}"
        "<p>反侵权公告：</p>"
        "<p>一、任何单位或个人使用著作权归属于某某日报社的原创内容，必须事先取得某某日报社书面授权；</p>"
        "<p>二、对侵犯著作权益的违法行为，本报社将追究行为人的侵权责任，包括但不限于提起诉讼等。</p>"
        "</div></div></body></html>"
    )
    body = body_of(html)
    assert body.paragraphs[-1].startswith("第5段")
    assert not any("授权" in p or "侵权" in p for p in body.paragraphs)


WIDGETS = ["关注", "+关注", "复核", "7 分钟", "阅读时长 3 分钟", "Trackback 链接: /wp-trackback.php?p=1"]


@pytest.mark.parametrize("widget", WIDGETS)
def test_ui_widget_lines_are_dropped(widget: str) -> None:
    sentence = "今年一季度全省规模以上工业增加值同比增长6.8%，增速比上年同期加快1.2个百分点。"
    prose = "".join(f"<p>{sentence}</p>" for _ in range(5))
    html = (
        f"<html><body><article><h1>标题</h1><p>{widget}</p>{prose}<p>{widget}</p></article></body></html>"
    )
    body = body_of(html)
    assert body.paragraphs and widget not in body.paragraphs
    assert all(p == sentence for p in body.paragraphs)


# --- line patterns: the fast split form answers like the plain alternation ---------------------

_PATTERN_LISTS = ("drop_line_patterns", "drop_any_patterns", "stop_line_patterns")


def _plain_and_fast(name: str) -> tuple[re.Pattern[str], LinePattern]:
    items = json.loads((ROOT / "src/article_extract/data/boilerplate.json").read_text("utf-8"))[name]
    plain = re.compile("|".join(f"(?:{p})" for p in items), re.IGNORECASE)
    return plain, LinePattern(items, re.IGNORECASE)


def _fixture_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(PAGES.glob("*.html")):
        lines += [seg.text for seg in walk(parse_html(path.read_text("utf-8")).tree).segments]
    return lines


@pytest.mark.parametrize("name", _PATTERN_LISTS)
def test_line_pattern_agrees_with_plain_alternation_on_fixture_lines(name: str) -> None:
    plain, fast = _plain_and_fast(name)
    lines = _fixture_lines()
    assert any(fast.found(line) for line in lines)  # the comparison covers matching lines too
    for line in lines:
        assert fast.found(line) == (plain.search(line) is not None), line


# Characters and words from the patterns, so that random lines hit and miss them.
_LINE_WORDS = ("版权所有", "Copyright", "ICP备", "icp证", "未经", "授权", "转载", "相关新闻")
_LINE_WORDS += ("上一页", "编辑", "：", ":", "。", "010-12345678", "12", "条评论", "已有", "人参与")
_LINE_WORDS += ("分享到", "来源", " ", "\n", "THE END", "—", "【", "】", "(c) 2024", "©", "声明")
_LINE_WORDS += ("免责", "网友评论", "a", "字号", "大", "中", "小", "TrackBack")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINE_WORDS), max_size=12), st.sampled_from(_PATTERN_LISTS))
def test_line_pattern_agrees_with_plain_alternation_on_random_lines(words: list[str], name: str) -> None:
    plain, fast = _plain_and_fast(name)
    line = "".join(words)
    assert fast.found(line) == (plain.search(line) is not None)


def test_pattern_splitting_respects_groups_classes_and_escapes() -> None:
    parts = _alternatives(r"^a|(b|c)|[|(]x|\|y|(?:d|e)|(f|g)+")
    assert parts == ["^a", "b", "c", "[|(]x", r"\|y", "d", "e", "(f|g)+"]
    assert _alternatives(r"(a)(b|c)") == [r"(a)(b|c)"]


# --- the walk: its structure matches the tree ---------------------------------------------------


def _kept_text(node: LexborNode) -> str:
    """Text of ``node``'s subtree the walk must keep: no hidden or form-control subtrees, no comments."""
    out: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            out.append(child.text_content or "")
        elif not tag.startswith("-") and tag not in SKIP_TAGS:
            attrs = child.attributes
            style = (attrs.get("style") or "").replace(" ", "")
            if "hidden" not in attrs and "display:none" not in style:
                out.append(_kept_text(child))
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece, max_size=80))
def test_walk_structure_and_text_match_the_tree(pieces: list[str]) -> None:
    tree = parse_html("".join(pieces)).tree
    layout = walk(tree)
    if not layout.tags:
        return
    nodes, parents, end = layout.nodes, layout.parents, layout.end
    assert nodes[0].mem_id == (tree.body or tree.root).mem_id
    for i in range(1, len(nodes)):
        parent = nodes[i].parent
        assert parent is not None and parent.mem_id == nodes[parents[i]].mem_id
        assert parents[i] < i <= end[parents[i]] - 1 and end[i] <= end[parents[i]]
    for i in range(len(nodes)):
        inside = [j for j in range(i + 1, len(nodes)) if _is_ancestor(nodes[i], nodes[j])]
        assert inside == list(range(i + 1, end[i]))
    wanted = "".join(_kept_text(nodes[0]).split())
    assert "".join(seg.text for seg in layout.segments).replace(" ", "") == wanted


def _is_ancestor(a: LexborNode, b: LexborNode) -> bool:
    node = b.parent
    while node is not None:
        if node.mem_id == a.mem_id:
            return True
        node = node.parent
    return False


def test_custom_elements_keep_their_roles_in_every_document() -> None:
    # <text> (CleanEval's wrapper) is a block; other custom elements are inline. Custom tag ids are
    # per document, so the second page (tags met in another order) must not reuse the first's.
    first = walk(parse_html("<body><div><text>甲</text><text>乙</text><x-em>丙</x-em>丁</div></body>").tree)
    second = walk(parse_html("<body><div><x-em>丙</x-em>丁<text>甲</text><x-a>戊</x-a></div></body>").tree)
    assert [seg.text for seg in first.segments] == ["甲", "乙", "丙丁"]
    assert [seg.text for seg in second.segments] == ["丙丁", "甲", "戊"]
    assert first.tags == ["body", "div", "text", "text", "x-em"]


def test_bare_furniture_tags_are_flagged_without_attributes() -> None:
    sentence = "今年一季度全省规模以上工业增加值同比增长6.8%，增速比上年同期加快1.2个百分点。"
    prose = "".join(f"<p>{sentence}</p>" for _ in range(5))
    aside = "<aside><p>本站简介：我们是一家专注于区域经济报道的网站，欢迎读者来信交流意见。</p></aside>"
    footer = "<footer><p>本站简介，欢迎读者来信交流意见。</p></footer>"
    html = f"<html><body><div>{prose}</div>{aside}{footer}</body></html>"
    body = body_of(html)
    assert body.paragraphs == (sentence,) * 5
