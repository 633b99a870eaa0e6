"""Date reading: written formats, machine formats, URL patterns, validators, dateparser fallback."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from article_extract.metadata.dates import (
    date_from_url,
    dates_in_text,
    english_date,
    parse_machine_date,
    parse_with_dateparser,
    script_date,
)
from article_extract.metadata.resources import words
from article_extract.metadata.validators import CHINA_TZ, valid_datetime
from metadata_helpers import meta_of


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("时间:2026-02-05 16:45:56 来源:央视新闻客户端", "2026-02-05T16:45:56+08:00"),
        ("2026年2月5日 16:45", "2026-02-05T16:45:00+08:00"),
        ("发布时间：2026年02月05日16:45", "2026-02-05T16:45:00+08:00"),
        ("日期：2026/02/05", "2026-02-05"),
        ("发表于 2025-11-03", "2025-11-03"),
        ("2019年06月15日08:18  来源：人民网", "2019-06-15T08:18:00+08:00"),
        ("2024年5月20日（星期一） 下午3:05", "2024-05-20T15:05:00+08:00"),
        ("2023.11.17 15:13", "2023-11-17T15:13:00+08:00"),
        ("2024-05-22T08:21:04 更新", "2024-05-22T08:21:04+08:00"),
    ],
)
def test_written_dates(text: str, iso: str) -> None:
    found = dates_in_text(text)
    assert found, text
    assert found[0].iso() == iso


@pytest.mark.parametrize(
    "text",
    [
        "截至2025年12月，网民规模达11.25亿人",  # month only
        "Copyright © 1987-2024 河南经济报社",  # year range
        "电话：0371-53306911",
        "2025年13月40日",  # impossible calendar date
        "1985年3月1日 10:00",  # before 1990
        "版本 2019.1.2",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates_in_text(text) == []


def test_future_dates_rejected_beyond_tomorrow() -> None:
    now = datetime(2026, 2, 5, 12, 0, tzinfo=CHINA_TZ)
    assert valid_datetime(now + timedelta(hours=20), now=now)
    assert not valid_datetime(now + timedelta(days=3), now=now)
    assert not valid_datetime(datetime(1989, 12, 31), now=now)
    far = datetime.now(CHINA_TZ) + timedelta(days=30)
    assert dates_in_text(far.strftime("%Y-%m-%d %H:%M")) == []


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2018-12-28T19:56:29+08:00", "2018-12-28T19:56:29+08:00"),
        ("2024-05-22T00:21:04.000Z", "2024-05-22T08:21:04+08:00"),
        ("2012-12-10T09:24:01+00:00", "2012-12-10T17:24:01+08:00"),
        ("2019-09-07 04:04:43", "2019-09-07T04:04:43+08:00"),
        ("2019-06-15", "2019-06-15"),
        ("2020年09月11日 18:05", "2020-09-11T18:05:00+08:00"),
        ("1581517074", "2020-02-12T22:17:54+08:00"),
    ],
)
def test_machine_dates(value: str, iso: str) -> None:
    found = parse_machine_date(value)
    assert found is not None
    assert found.iso() == iso


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://www.example.cn/news/2026/0205/c1001-123.html", "2026-02-05"),
        ("http://www.example.cn/xw/2026-02/05/content_1.htm", "2026-02-05"),
        ("http://www.example.gov.cn/art/t20260205_88.html", "2026-02-05"),
        ("http://nb.example.com/a/20200911/14526474_0.shtml", "2020-09-11"),
        ("http://fgw.example.gov.cn/art/2016/11/22/art_1.html", "2016-11-22"),
    ],
)
def test_url_dates(url: str, iso: str) -> None:
    found = date_from_url(url)
    assert found is not None
    assert found.iso() == iso


def test_url_without_date() -> None:
    assert date_from_url("http://www.example.cn/news/14526474.html") is None
    assert date_from_url("http://www.example.cn/2026/1399/x.html") is None


def test_dateparser_fallback_reads_english() -> None:
    found = parse_with_dateparser("May 20, 2024 14:05")
    assert found is not None
    assert found.iso() == "2024-05-20T14:05:00+08:00"
    assert parse_with_dateparser("not a date at all") is None


@pytest.mark.parametrize(
    "text",
    [
        "Dec 28 Sat 2013 00:28",
        "May 20, 2024 2:05 PM",
        "20 May 2024",
        "Saturday, December 28, 2013",
        "December 5th, 2013 at 10:20 am",
        "Sept. 3, 2019 12:15 AM",
        "3 Sep 2019 23:59:59",
        "Dec 28 2013 12:00 pm",
    ],
)
def test_english_date_rule_agrees_with_dateparser(text: str) -> None:
    import dateparser

    from article_extract.metadata.dates import _DATEPARSER_SETTINGS

    by_rule = english_date(text)
    assert by_rule is not None
    by_dateparser = dateparser.parse(text, languages=["zh", "en"], settings=_DATEPARSER_SETTINGS)
    assert by_dateparser is not None
    if by_rule.has_time:
        assert by_rule.china() == by_dateparser
    else:
        assert by_rule.when.date() == by_dateparser.date()


@pytest.mark.parametrize(
    "text", ["Feb 30 2020", "Marketing 12 2013", "Dec 28", "2013 Dec 28 maybe", "13:05 PM Dec 1 2020"]
)
def test_english_date_rule_rejects(text: str) -> None:
    assert english_date(text) is None


def test_no_dateparser_for_text_without_date_material() -> None:
    assert parse_with_dateparser("，即可进行补签。") is None
    assert parse_with_dateparser("昨天 10:20") is not None  # relative words still go to dateparser


def test_headline_date_beats_related_list_and_footer() -> None:
    html = """<html><head><title>某市召开会议 - 某网</title></head><body>
    <div>2026年11月20日 星期五</div>
    <h1>某市召开会议</h1><p>2025-06-03 09:12 来源：某日报</p>
    <p>会议指出，要抓好落实。</p>
    <ul><li>另一条新闻 2025-06-10 10:00</li></ul>
    <div>Copyright 2003-2025 某网</div></body></html>"""
    assert meta_of(html).published_at == "2025-06-03T09:12:00+08:00"


def test_meta_adds_seconds_when_it_agrees_with_the_page() -> None:
    html = """<html><head><title>标题文字很长 - 某网</title>
    <meta property="article:published_time" content="2018-12-28T19:56:29+08:00">
    <meta name="weibo: article:create_at" content="2018-12-28 19:55:10"></head>
    <body><h1>标题文字很长</h1><div>2018年12月28日 19:55</div></body></html>"""
    assert meta_of(html).published_at == "2018-12-28T19:55:10+08:00"


def test_date_only_page_keeps_date_only() -> None:
    html = """<html><head><title>标题文字很长_某网</title><meta name="PubDate" content="2016-11-22 09:53">
    </head><body><h1>标题文字很长</h1><p>发布日期：2016-11-22</p></body></html>"""
    assert meta_of(html).published_at == "2016-11-22"


def test_url_date_when_page_has_none() -> None:
    html = (
        "<html><head><title>标题文字很长_某网</title></head>"
        "<body><h1>标题文字很长</h1><p>正文。</p></body></html>"
    )
    assert meta_of(html, url="http://x.example.cn/2026/0205/c1-1.html").published_at == "2026-02-05"
    assert meta_of(html).published_at is None


def test_date_inside_prose_is_not_the_publication_date() -> None:
    html = (
        "<html><head><title>儿歌被改编引发争议_某网</title></head><body><h1>儿歌被改编引发争议</h1>"
        "<p>潘振声生于上海，1991年调任江苏省文联党组成员，1995年退休。他因患脑血栓经多方医治无效，"
        "2009年5月14日在南京逝世，享年77岁。他创作的大量儿童歌曲在全国各地报刊电台发表。</p></body></html>"
    )
    assert meta_of(html).published_at is None


def test_english_date_line_under_headline_read_by_dateparser() -> None:
    html = (
        "<html><head><title>新竹尖石_美樹營地賞楓 (2) @ 部落格</title></head><body>"
        "<div>Dec 28 Sat 2013 00:28</div><h2>新竹尖石_美樹營地賞楓 (2)</h2><p>內文。</p></body></html>"
    )
    assert meta_of(html).published_at == "2013-12-28T00:28:00+08:00"


@pytest.mark.parametrize(
    ("script", "iso"),
    [
        ('var ct = "1581517074";', "2020-02-12T22:17:54+08:00"),  # WeChat: epoch seconds
        ('window.DATA = {"pubtime": "2019-09-07 19:02:26", "a": 1}', "2019-09-07T19:02:26+08:00"),
        ("var publish_time = '1581517074000' || '';", "2020-02-12T22:17:54+08:00"),  # milliseconds
        ('{"datePublished":"2024-05-22T00:21:04.000Z"}', "2024-05-22T08:21:04+08:00"),
        ("PTIME = '2016年10月14日07:17';", "2016-10-14T07:17:00+08:00"),
        ('var x = 1;\nvar pubDate = "2019-09-05";', "2019-09-05"),
    ],
)
def test_script_dates(script: str, iso: str) -> None:
    found = script_date(["var other = 'x';", script], words("script_date_keys"))
    assert found is not None and found.iso() == iso


@pytest.mark.parametrize(
    "script",
    [
        'player.ct = "1581517074";',  # a property of some other object
        'var act = "1581517074";',  # a longer name that ends in a key
        'var ct = "15815170741";',  # eleven digits are no epoch
        'var pubtime = "2099-01-01 10:00";',  # in the future
        'var pubtime = "";',
    ],
)
def test_script_values_that_are_not_publication_times(script: str) -> None:
    assert script_date([script], words("script_date_keys")) is None


_SCRIPTED = (
    "<html><head><title>三星发布新手机_某公众号</title></head><body><h1>三星发布新手机</h1>"
    '<em id="publish_time"></em><p>正文。</p><script>var ct = "1581517074";</script></body></html>'
)


def test_a_date_only_scripts_give_is_used_when_the_page_shows_none() -> None:
    assert meta_of(_SCRIPTED).published_at == "2020-02-12T22:17:54+08:00"
    # the same day in the URL agrees; another day there wins over the script
    assert meta_of(_SCRIPTED, url="http://x.cn/2020/0212/a.html").published_at == "2020-02-12T22:17:54+08:00"
    assert meta_of(_SCRIPTED, url="http://x.cn/2021/0301/a.html").published_at == "2021-03-01"


def test_a_date_written_on_the_page_beats_the_scripts() -> None:
    html = _SCRIPTED.replace('<em id="publish_time"></em>', "<p>发布时间：2020-02-13 08:00</p>")
    assert meta_of(html).published_at == "2020-02-13T08:00:00+08:00"
