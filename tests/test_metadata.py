"""Field rules of the metadata stage on small HTML snippets and on the hand-written fixtures/meta pages."""

from __future__ import annotations

import pytest

from article_extract.metadata.breadcrumb import split_path
from article_extract.metadata.labels import segments
from article_extract.metadata.lang import pick_lang
from article_extract.metadata.names import editor_from, names_from, source_from
from article_extract.metadata.title import split_suffix
from metadata_helpers import fixture_meta, meta_of


def page(title: str, body: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


# --- title -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "head", "site"),
    [
        (
            "我国网民规模达11.25亿人 互联网普及率突破80%-豫经智库",
            "我国网民规模达11.25亿人 互联网普及率突破80%",
            "豫经智库",
        ),
        ("多地项目连环爆雷 狂奔的龙湖集团_网易财经", "多地项目连环爆雷 狂奔的龙湖集团", "网易财经"),
        ("女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网", "女儿出嫁，郑板桥画了几笔兰花当嫁妆", "人民网"),
        (
            "棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等_财经_腾讯网",
            "棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等",
            "腾讯网",
        ),
        ("1-10月德清县固定资产投资结构趋稳趋优", "1-10月德清县固定资产投资结构趋稳趋优", None),
    ],
)
def test_title_suffix_stripping(tag: str, head: str, site: str | None) -> None:
    got, removed = split_suffix(tag)
    assert got == head
    assert (removed[0] if removed else None) == site


def test_title_prefers_h1_agreeing_with_title_tag() -> None:
    html = page(
        "最强“中国芯”本月商用 华为抢跑5G芯片大战|中国芯|芯片_新浪新闻",
        "<h1>新闻中心</h1><h1>最强“中国芯”本月商用 华为抢跑5G芯片大战</h1><p>2019年09月07日 04:04</p>",
    )
    assert meta_of(html).title == "最强“中国芯”本月商用 华为抢跑5G芯片大战"


def test_title_from_og_when_h1_is_logo() -> None:
    html = page(
        "央行：将保持流动性合理充裕 - 海川财经",
        "<h1>海川财经</h1><p>正文。</p>",
        '<meta property="og:title" content="央行：将保持流动性合理充裕">',
    )
    assert meta_of(html).title == "央行：将保持流动性合理充裕"


def test_title_drops_subtitle_in_h1() -> None:
    html = page(
        "拿起跨界“指挥棒”她跟学生成长--大河网",
        "<h1>拿起跨界“指挥棒”她跟学生成长<br>年过五十的她带领学校民乐团一路前行</h1>",
    )
    assert meta_of(html).title == "拿起跨界“指挥棒”她跟学生成长"


def test_title_line_above_credit_when_title_tag_is_vague() -> None:
    html = page(
        "科普中国-辟谣文章",
        "<div>首页</div><div>徒手抓子弹真的存在吗？</div><div>来源： 科普中国</div><p>正文。</p>",
    )
    assert meta_of(html).title == "徒手抓子弹真的存在吗？"


# --- credits -----------------------------------------------------------------------------------------


def test_segments_keep_labels_apart() -> None:
    segs = segments("时间:2026-02-05 16:45:56    来源:央视新闻客户端 作者：朱云 编辑：孔凡哲")
    assert [(s.kind, s.value) for s in segs] == [
        ("time", "2026-02-05 16:45:56"),
        ("source", "央视新闻客户端"),
        ("author", "朱云"),
        ("editor", "孔凡哲"),
    ]


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("央视新闻客户端", "央视新闻客户端"),
        ("人民网-文化频道 原创稿", "人民网-文化频道"),
        ("第一财经日报(上海)", "第一财经日报"),
        ("游民星空[整理]", "游民星空"),
        ("本文来源于国家统计局", "国家统计局"),
        ("http://www.example.com/a.html", None),
    ],
)
def test_source_values(value: str, source: str | None) -> None:
    assert source_from(value) == source


@pytest.mark.parametrize(
    ("value", "strict", "names"),
    [
        ("总台央视记者 朱云 郝亮", True, ["朱云", "郝亮"]),
        ("伊琳、李清芬", False, ["伊琳", "李清芬"]),
        ("张三 报道", True, ["张三"]),
        ("南都见习记者林子沛", False, ["林子沛"]),
        ("从市教育局获悉", True, []),
        ("2023-12-01", False, []),
        ("采访了原作者的家人", True, []),  # 记者采访了…: the role word 作者 inside a sentence
        ("了解到的情况", False, []),
    ],
)
def test_author_names(value: str, strict: bool, names: list[str]) -> None:
    assert names_from(value, strict) == names


@pytest.mark.parametrize(
    ("value", "editor"),
    [
        ("孔凡哲", "孔凡哲"),
        ("杨倩_NF4425", "杨倩"),
        ("NF050", "NF050"),
        ("汤诗瑶、丁涛", "汤诗瑶、丁涛"),
        ("admin", None),
    ],
)
def test_editor_values(value: str, editor: str | None) -> None:
    assert editor_from(value) == editor


def test_reporters_and_editors_never_confused() -> None:
    html = page(
        "某地举行活动 - 某网",
        "<h1>某地举行活动</h1><p>2025-01-02 10:00 来源：某日报 记者：王一 编辑：赵二</p>"
        "<p>正文内容很长很长。</p><p>责任编辑：赵二</p>",
    )
    meta = meta_of(html)
    assert meta.authors == ("王一",)
    assert meta.editor == "赵二"
    assert meta.source == "某日报"


def test_bracketed_reporter_credit_at_body_start() -> None:
    html = page(
        "12306账号外泄？中铁总辟谣_新浪财经",
        "<h1>12306账号外泄？中铁总辟谣</h1><div>2018年12月28日 19:55</div>"
        "<p>新京报快讯（记者 裴剑飞）今日有网友爆料，称账号在暗网出售。</p><p>责任编辑：霍琦</p>",
    )
    meta = meta_of(html)
    assert meta.authors == ("裴剑飞",)
    assert meta.editor == "霍琦"


def test_sentence_with_reporter_word_is_not_a_credit() -> None:
    html = page(
        "某市加快建设 - 某网",
        "<h1>某市加快建设</h1><p>2025-01-02</p><p>记者从市教育局获悉，新学期开学。</p>"
        "<p>数据来源：国家统计局公开资料整理。</p>",
    )
    meta = meta_of(html)
    assert meta.authors == ()
    assert meta.source is None


def test_source_beside_date_and_link_text() -> None:
    html = page(
        "交通运输部：打造交通网络-股票频道-和讯网",
        "<h1>交通运输部：打造交通网络</h1>"
        "<div>2019-09-26 10:56:28 <a href='#'>证券时报网</a></div><p>正文。</p>",
    )
    assert meta_of(html).source == "证券时报网"


# --- breadcrumb, site, canonical, lang ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("当前位置：首页 > 政策动态 > 正文", ["首页", "政策动态"]),
        ("您现在的位置： 首页 >> 东区新闻 >> 正文", ["首页", "东区新闻"]),
        ("首页 › 要闻 › 国内", ["首页", "要闻", "国内"]),
        ("首頁 » 港聞 » 正文", ["首頁", "港聞"]),
        ("网易首页 > 财经频道 > 证券 > 正文", ["网易首页", "财经频道", "证券"]),
        ("首页 ＞ 国务院公报 ＞ 2007年第23号 字号 默认 大", ["首页", "国务院公报", "2007年第23号"]),
        ("您所在的位置 首页 专题频道 国内专题", ["首页", "专题频道", "国内专题"]),
    ],
)
def test_breadcrumb_split(text: str, items: list[str]) -> None:
    assert split_path(text.replace(" 字号", " > 字号"), "某标题") == items


def test_breadcrumb_container_and_title_dropped() -> None:
    html = page(
        "某市召开会议_某网",
        '<div class="location"><a href="/">首页</a> / <a href="/n/">新闻</a> / 某市召开会议</div>'
        "<h1>某市召开会议</h1>",
    )
    assert meta_of(html).category == ("首页", "新闻")


def test_canonical_resolved_and_site_name_from_meta() -> None:
    html = page(
        "标题文字很长 - 某网",
        "<h1>标题文字很长</h1>",
        '<link rel="canonical" href="/a/1.html"><meta property="og:site_name" content="某网站">',
    )
    meta = meta_of(html, url="https://news.example.cn/x/y.html?from=rss")
    assert meta.canonical_url == "https://news.example.cn/a/1.html"
    assert meta.site_name == "某网站"


@pytest.mark.parametrize(
    ("declared", "text", "lang"),
    [
        (["zh-CN"], "这是简体中文的新闻，国家发展。", "zh-Hans"),
        ([None], "這是繁體中文的新聞，國家發展。", "zh-Hant"),
        (["zh-TW"], "新闻", "zh-Hant"),
        (["en"], "这是简体中文的新闻，国家发展。", "zh-Hans"),
        (["en"], "English only text", "en"),
        (["utf-8"], "新闻", "zh-Hans"),
        ([None], "English page without a declared language", "und"),
    ],
)
def test_lang(declared: list[str | None], text: str, lang: str) -> None:
    assert pick_lang(declared, text) == lang


# --- the fixtures/meta pages -------------------------------------------------------------------------


def test_fixture_gov_table() -> None:
    meta = fixture_meta("gov_table.html")
    assert meta.title == "关于做好2025年春季农业生产工作的通知"
    assert meta.published_at == "2025-03-04"
    assert meta.source == "市农业农村局"
    assert meta.category == ("首页", "政务公开", "通知公告")
    assert meta.site_name == "清河市人民政府门户网站"
    assert meta.authors == ()
    assert meta.editor is None


def test_fixture_editor_at_end() -> None:
    meta = fixture_meta("editor_end.html", url="http://www.jnrb.example.cn/news/x.html")
    assert meta.title == "全省新能源汽车保有量突破300万辆"
    assert meta.published_at == "2025-03-08T09:30:00+08:00"
    assert meta.source == "新华社"
    assert meta.authors == ("张三", "李四")
    assert meta.editor == "王五"
    assert meta.category == ("江南日报网", "要闻")
    assert meta.site_name == "江南日报网"
    assert meta.canonical_url == "http://www.jnrb.example.cn/news/2025/0308/c123-4567.html"
    assert meta.lang == "zh-Hans"


def test_fixture_benbao_credit_line() -> None:
    meta = fixture_meta("benbao_credit.html")
    assert meta.title == "小城夜市里的烟火气"
    assert meta.published_at == "2024-07-15"
    assert meta.source == "北川晚报"
    assert meta.authors == ("赵六", "孙八")
    assert meta.editor == "周九"
    assert meta.category == ("首页", "城事")
    assert meta.site_name == "北川晚报"


def test_fixture_json_ld_and_og_only() -> None:
    meta = fixture_meta("jsonld_only.html")
    assert meta.title == "央行：将保持流动性合理充裕"
    assert meta.published_at == "2025-01-10T10:15:30+08:00"
    assert meta.site_name == "海川财经"
    assert meta.canonical_url == "https://finance.example.cn/a/20250110/998877.html"
    assert meta.source is None
    assert meta.authors == ()
    assert meta.lang == "zh-Hans"


def test_fixture_traditional() -> None:
    meta = fixture_meta("traditional.html")
    assert meta.title == "港鐵新線下月通車"
    assert meta.published_at == "2024-11-02T18:05:00+08:00"
    assert meta.source == "東方時報"
    assert meta.authors == ("陳大文",)
    assert meta.editor == "黃小明"
    assert meta.category == ("首頁", "港聞")
    assert meta.site_name == "東方時報"
    assert meta.lang == "zh-Hant"


# --- later rules: trailing credits, byline forms, site name fallbacks, path lines ----------------------


@pytest.mark.parametrize(
    ("last", "authors"),
    [
        ("观众报以阵阵掌声。（郭旭）", ("郭旭",)),
        ("为戏曲发展作出贡献。 （总台记者 张倩）", ("张倩",)),
        ("共建清朗网络空间。(文/图 刘玺东 易赛楠)", ("刘玺东", "易赛楠")),
        ("会议在北京举行。（完）", ()),
        ("据新华社消息。（新华社）", ()),
        ("这是一张照片。（资料图）", ()),
    ],
)
def test_trailing_bracketed_credit(last: str, authors: tuple[str, ...]) -> None:
    from article_extract.boilerplate import Body
    from article_extract.metadata import extract_metadata
    from article_extract.parse import parse_html

    html = page(
        "某地开展活动_某网", f"<h1>某地开展活动</h1><p>2025-01-02</p><p>第一段正文很长。</p><p>{last}</p>"
    )
    parsed = parse_html(html)
    body = Body("article", ("第一段正文很长。", last), parsed.tree.body)
    assert extract_metadata(parsed, body).authors == authors


def test_name_slash_outlet_byline() -> None:
    html = page(
        "共享充电宝涨价告别1元时代_澎湃新闻",
        "<h1>共享充电宝涨价告别1元时代</h1><div>石佳/中国青年报</div>"
        "<div>2019-09-24 09:10</div><p>正文。</p>",
    )
    meta = meta_of(html)
    assert meta.authors == ("石佳",)
    assert meta.source == "中国青年报"


def test_outlet_before_reporter_is_last_resort_source() -> None:
    html = page(
        "拿起指挥棒的老师--大河网",
        "<h1>拿起指挥棒的老师</h1><p>2022年02月12日</p><p>顶端新闻·河南商报记者 马俊峰</p><p>正文。</p>",
    )
    meta = meta_of(html)
    assert meta.source == "顶端新闻·河南商报"
    assert meta.authors == ("马俊峰",)
    own = page("小城夜市_北川晚报", "<h1>小城夜市</h1><p>2024-07-15</p><p>本报记者 赵六</p>")
    assert meta_of(own).source is None  # 本报 is the site itself, not a source


def test_byline_name_beside_date_is_not_a_source() -> None:
    html = page(
        "任正非有哪四把榔头？_网易财经", "<h1>任正非有哪四把榔头？</h1><div>冀勇庆 2015-06-25 08:46:42</div>"
    )
    assert meta_of(html).source is None
    html = page(
        "交通网络加快建设_和讯网", "<h1>交通网络加快建设</h1><div>2019-09-26 10:56:28 证券时报网</div>"
    )
    assert meta_of(html).source == "证券时报网"
    html = page("交通网络加快建设_和讯网", "<h1>交通网络加快建设</h1><div>2019-09-26 10:56 北京</div>")
    assert meta_of(html).source is None  # a dateline place, not an outlet


@pytest.mark.parametrize("value", ["转载文章", "互联网", "《城市轨道交通2023年度统计和分析报告》"])
def test_placeholders_and_reports_are_not_sources(value: str) -> None:
    assert source_from(value) is None


def test_site_name_from_home_logo_and_footer() -> None:
    logo = page(
        "耐克鞋的气垫伤机_商业频道",
        '<a href="http://www.163.com/"><img src="/logo.gif" alt="返回网易首页"></a><h1>耐克鞋的气垫伤机</h1>',
    )
    assert meta_of(logo).site_name == "网易"
    footer = page(
        "著名戏曲导演去世 享年74岁",
        "<h1>著名戏曲导演去世 享年74岁</h1><p>正文。</p><div>版权所有 江苏扬子晚报有限公司</div>",
    )
    assert meta_of(footer).site_name == "扬子晚报"
    site_like = page("煮一碗好吃的腊八粥_39健康网_饮食", "<h1>煮一碗好吃的腊八粥</h1>")
    assert meta_of(site_like).site_name == "39健康网"


@pytest.mark.parametrize(
    ("path_line", "items"),
    [
        ("评论 > 海外观察", ("评论", "海外观察")),
        ("首页 / 其他 / 正文", ("首页", "其他")),
        ("您的当前位置：新闻中心 > 武汉", ("新闻中心", "武汉")),
        ("新闻 体育 娱乐 财经", ()),
        ("2023 11/ 17 20:52:15", ()),
    ],
)
def test_path_line_above_headline(path_line: str, items: tuple[str, ...]) -> None:
    html = page(
        "某市召开会议 - 某网", f"<div>{path_line}</div><div>搜索</div><h1>某市召开会议</h1><p>2025-01-02</p>"
    )
    assert meta_of(html).category == items


def test_english_by_needs_a_colon() -> None:
    html = page(
        "交通网络加快建设_和讯网",
        "<h1>交通网络加快建设</h1><p>2019-09-26 10:56</p><p>正文。</p>"
        "<div>by Taboola</div><div>Sponsored by Someone</div>",
    )
    assert meta_of(html).authors == ()


def test_placeholder_site_names_rejected() -> None:
    html = page("信息披露_title", "<h1>信息披露</h1>")
    assert meta_of(html).site_name is None


def test_responsible_editor_outranks_plain_editor_on_one_line() -> None:
    html = page(
        "美联储维持利率不变_南方网",
        "<h1>美联储维持利率不变</h1><p>2023-06-15 08:10 来源：中国新闻网</p>"
        "<p>正文。</p><p>编辑：倪仕轩 责任编辑：杨格</p>",
    )
    assert meta_of(html).editor == "杨格"


def test_editor_bracket_ends_the_name() -> None:
    assert editor_from("刘欢】 返回搜狐，查看更多") == "刘欢"


def test_title_spelling_without_stray_space_from_the_page() -> None:
    html = page(
        "关于调整2007\u3000年末国债余额限额的决议_中国政府网",
        "<div>关于调整2007年末国债余额限额的决议</div><p>正文。</p>",
    )
    assert meta_of(html).title == "关于调整2007年末国债余额限额的决议"


def test_credits_far_below_the_content_node_are_ignored() -> None:
    from article_extract.boilerplate import Body
    from article_extract.metadata import extract_metadata
    from article_extract.parse import parse_html

    related = "".join(f"<li>相关新闻标题第{i}条</li>" for i in range(80))
    html = page(
        "某市召开会议_某网",
        '<h1>某市召开会议</h1><div id="c"><p>2025-01-02 10:00</p><p>会议指出，要抓好落实。</p>'
        f"</div><ul>{related}</ul><div>责任编辑：路人甲</div>",
    )
    parsed = parse_html(html)
    node = parsed.tree.css_first("#c")
    assert extract_metadata(parsed, Body("article", ("会议指出，要抓好落实。",), node)).editor is None
    # without a located content node the whole page after the headline is searched
    assert extract_metadata(parsed, Body("article", (), None)).editor == "路人甲"


def test_body_span_marks_the_content_lines() -> None:
    from article_extract.metadata.textlines import collect_lines
    from article_extract.parse import parse_html

    parsed = parse_html(
        "<body><div>导航</div><div id='c'><p>第一段</p><p>第二段</p></div><div>页脚</div></body>"
    )
    lines = collect_lines(parsed.tree.body, parsed.tree.css_first("#c"))
    assert lines.lines == ["导航", "第一段", "第二段", "页脚"]
    assert lines.body_span == (1, 3)


def test_footer_noise_and_generic_suffixes_are_not_site_names() -> None:
    html = page("孩子：我的奶酪，谁做主", "<h1>孩子：我的奶酪，谁做主</h1><div>版权所有，不得转载</div>")
    assert meta_of(html).site_name is None
    html = page("北医新闻网_(新闻)", "<h1>某条新闻的标题很长</h1>")
    assert meta_of(html).site_name is None


def test_json_ld_person_authors_only() -> None:
    people = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "央行保持流动性合理充裕",'
        ' "author": [{"@type": "Person", "name": "王一"}, {"@type": "Person", "name": "李二"}]}</script>'
    )
    org = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "海川财经"}}</script>'
    )
    body = "<h1>央行保持流动性合理充裕</h1><p>正文。</p>"
    assert meta_of(page("央行保持流动性合理充裕 - 海川财经", body, people)).authors == ("王一", "李二")
    assert meta_of(page("央行保持流动性合理充裕 - 海川财经", body, org)).authors == ()


def test_site_name_leading_the_title_tag() -> None:
    html = page(
        "多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业",
        "<div>首页 | 时事 | 生活</div>"
        "<div>播客热潮迅速蔓延 挑逗传统传媒业</div><p>每个人都可以当主持人。</p>",
    )
    meta = meta_of(html)
    assert meta.title == "播客热潮迅速蔓延 挑逗传统传媒业"
    assert meta.site_name == "多维博客"


def test_without_headline_the_content_node_anchors_the_credit_window() -> None:
    from article_extract.boilerplate import Body
    from article_extract.metadata import extract_metadata
    from article_extract.parse import parse_html

    menu = "".join(f"<li>栏目{i}</li>" for i in range(40))
    html = (
        "<html><head><title>某网</title></head><body><ul><li>来源：错误的来源</li></ul>"
        f"<ul>{menu}</ul><p>时间：2025-01-02 10:00 来源：正确日报</p>"
        '<div id="c"><p>会议指出，要抓好落实，推动各项工作。</p></div></body></html>'
    )
    parsed = parse_html(html)
    meta = extract_metadata(
        parsed, Body("article", ("会议指出，要抓好落实，推动各项工作。",), parsed.tree.css_first("#c"))
    )
    assert meta.source == "正确日报"


def test_reporter_verb_in_a_lead_sentence_gives_no_author_and_the_closing_credit_is_read() -> None:
    from article_extract import extract

    sentence = "消费市场持续回暖，多项指标好于预期，经济运行总体平稳。"
    body = "".join(f"<p>第{i}段正文，{sentence}</p>" for i in range(4))
    page = (
        "<html><body><h1>经典儿歌被改编引发讨论</h1><div class='info'>2019-09-07 21:30 来源：扬子晚报</div>"
        "<div class='article'><p>扬子晚报记者采访了原作者的家人。</p>"
        f"{body}<p>扬子晚报记者 张楠</p></div></body></html>"
    )
    assert extract(page).authors == ("张楠",)
