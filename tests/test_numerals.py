"""Unit tests of ``article_extract.numerals.find_numbers``; every expected value is computed by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from article_extract.numerals import NumberMatch, find_numbers

# --------------------------------------------------------------------------- helpers


def one(text: str) -> NumberMatch:
    """The single match in ``text`` (fails if there is not exactly one)."""
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def quantities(text: str) -> list[NumberMatch]:
    return [m for m in find_numbers(text) if m.kind not in ("date", "time", "code", "ordinal")]


def approx(x: float) -> pytest.approx:  # type: ignore[valid-type]
    return pytest.approx(x, rel=1e-9)


# --------------------------------------------------------------------------- Arabic, mixed, scales


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1125", 1125.0),
        ("82,225.00", 82225.0),
        ("１２３４", 1234.0),  # full-width digits
        ("11.25亿", 1_125_000_000.0),
        ("483.8万", 4_838_000.0),
        ("1,100万", 11_000_000.0),
        ("3万4000", 34_000.0),
        ("25万6千", 256_000.0),
        ("1.76万", 17_600.0),
        ("3万亿", 3_000_000_000_000.0),
        ("5千万", 50_000_000.0),
        ("3百万", 3_000_000.0),
        ("1.5万亿", 1_500_000_000_000.0),
    ],
)
def test_arabic_and_mixed_forms(text: str, value: float) -> None:
    m = one(text)
    assert (m.text, m.start, m.end, m.kind) == (text, 0, len(text), "number")
    assert m.value == approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十三", 123.0),
        ("两千", 2000.0),
        ("一万五千亿", 1_500_000_000_000.0),
        ("壹佰贰拾叁", 123.0),
        ("一百零五", 105.0),
        ("一千零一十", 1010.0),
        ("一万二千三百四十五", 12345.0),
        ("十二点五", 12.5),
        ("一万五", 15000.0),  # abbreviated: 一万五千
        ("两百五", 250.0),
        ("一亿五千万", 150_000_000.0),
        ("四十五亿四千零四万", 4_540_040_000.0),
        ("二〇二五", 2025.0),  # digits read one by one
        ("零点零五", 0.05),
    ],
)
def test_chinese_numerals(text: str, value: float) -> None:
    m = one(text)
    assert (m.start, m.end) == (0, len(text))
    assert m.value == approx(value)


def test_spans_in_a_sentence() -> None:
    text = "截至2025年12月，我国网民规模达11.25亿人，互联网普及率达79.7%。"
    found = find_numbers(text)
    expected = [("2025年12月", "date"), ("11.25亿人", "number"), ("79.7%", "percent")]
    assert [(m.text, m.kind) for m in found] == expected
    people = found[1]
    assert text[people.start : people.end] == "11.25亿人"
    assert (people.value, people.unit) == (1_125_000_000.0, "人")
    assert found[2].start == text.index("79.7%") and found[2].end == found[2].start + 5


# ------------------------------------------------------------------ percent, 成, fractions, multiples


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42.8%", 42.8),
        ("42.8％", 42.8),
        ("百分之五", 5.0),
        ("百分之十二点五", 12.5),
        ("千分之三", 0.3),
        ("万分之五", 0.05),
        ("六成", 60.0),
        ("三成半", 35.0),
        ("半成", 5.0),
        ("六成四", 64.0),
        ("百分之百", 100.0),
    ],
)
def test_percent_forms(text: str, value: float) -> None:
    m = one(text)
    assert (m.unit, m.kind, m.end) == ("%", "percent", len(text))
    assert m.value == approx(value)


def test_percentage_points_keep_their_unit() -> None:
    m = one("同比提高25.2个百分点")
    assert (m.text, m.value, m.unit, m.kind) == ("25.2个百分点", 25.2, "个百分点", "percent")
    assert one("上升0.3百分点").unit == "个百分点"


@pytest.mark.parametrize(
    ("text", "value"),
    [("2/3", 2 / 3), ("三分之二", 2 / 3), ("一又三分之一", 4 / 3), ("十六分之三", 3 / 16), ("五分之一", 0.2)],
)
def test_fractions_are_ratios(text: str, value: float) -> None:
    m = one(text)
    assert m.kind == "fraction" and m.value == approx(value)


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("吸引近百万人次", "百万人次", 1_000_000.0, "人次"),
        ("投资超千万元", "千万元", 10_000_000.0, "元"),
        ("票房破亿元", "亿元", 100_000_000.0, "元"),
        ("共有千余名志愿者", "千余名", 1000.0, "名"),
        ("百余家企业", "百余家", 100.0, "家"),
        ("万余元", "万余元", 10_000.0, "元"),
    ],
)
def test_bare_magnitudes_after_a_bound_word(text: str, raw: str, value: float, unit: str) -> None:
    m = one(text)
    assert (m.text, m.value, m.unit) == (raw, value, unit)


@pytest.mark.parametrize("text", ["百万富翁", "千万别去", "千家万户", "百年老店"])
def test_bare_magnitude_words_are_not_numbers(text: str) -> None:
    assert quantities(text) == []


def test_multiple() -> None:
    m = one("营收增长2倍")
    assert (m.text, m.value, m.unit, m.kind) == ("2倍", 2.0, "倍", "multiple")


# --------------------------------------------------------------------------- ranges and approximations


@pytest.mark.parametrize(
    ("text", "lo", "hi", "unit"),
    [
        ("3至5万", 30_000.0, 50_000.0, ""),
        ("3~5万", 30_000.0, 50_000.0, ""),
        ("3-5万", 30_000.0, 50_000.0, ""),
        ("三五百人", 300.0, 500.0, "人"),
        ("八九亿", 800_000_000.0, 900_000_000.0, ""),
        ("七八十万", 700_000.0, 800_000.0, ""),
        ("两到三万港元", 20_000.0, 30_000.0, "港元"),
        ("十七八岁", 17.0, 18.0, "岁"),
        ("30%—40%", 30.0, 40.0, "%"),
        ("5000至2万元", 5_000.0, 20_000.0, "元"),  # 5000 > 2: the scale is not shared
        ("两三个", 2.0, 3.0, "个"),
    ],
)
def test_ranges(text: str, lo: float, hi: float, unit: str) -> None:
    m = one(text)
    assert (m.kind, m.unit, m.start, m.end) == ("range", unit, 0, len(text))
    assert (m.value, m.value_max) == (approx(lo), approx(hi))


@pytest.mark.parametrize(
    ("text", "value", "unit", "modifier"),
    [
        ("100多家", 100.0, "家", "多"),
        ("1000多万元", 10_000_000.0, "元", "多"),
        ("3000余人", 3000.0, "人", "余"),
        ("十几万", 100_000.0, "", "几"),
        ("三百二十几亿", 32_000_000_000.0, "", "几"),
        ("50家左右", 50.0, "家", "左右"),
        ("5%上下", 5.0, "%", "上下"),
        ("数十人", 10.0, "人", "数"),
        ("3个多月", 3.0, "个月", "多"),
    ],
)
def test_approximations(text: str, value: float, unit: str, modifier: str) -> None:
    m = one(text)
    assert (m.approx, m.modifier, m.unit, m.end) == (True, modifier, unit, len(text))
    assert m.value == approx(value)


# --------------------------------------------------------------------------- money and units


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("共计一万二千三百四十五元", "一万二千三百四十五元", 12345.0, "元"),
        ("合同金额82,225.00元", "82,225.00元", 82225.0, "元"),
        ("融资3.2亿美元", "3.2亿美元", 320_000_000.0, "美元"),
        ("每股1.95港元", "1.95港元", 1.95, "港元"),
        ("奖金5000元人民币", "5000元人民币", 5000.0, "元"),
        ("奖金人民币5000元", "5000元", 5000.0, "元"),
        ("售价￥300", "￥300", 300.0, "元"),
        ("花费$20", "$20", 20.0, "美元"),
        ("壹拾壹元壹角壹分", "壹拾壹元壹角壹分", 11.11, "元"),
        ("五元三毛", "五元三毛", 5.3, "元"),
        ("營收新台幣6,735億元", "6,735億元", 673_500_000_000.0, "新台币"),
    ],
)
def test_money(text: str, raw: str, value: float, unit: str) -> None:
    m = one(text)
    assert (m.text, m.unit, m.kind) == (raw, unit, "money")
    assert m.value == approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("483.8万座", 4_838_000.0, "座"),
        ("25.4万户", 254_000.0, "户"),
        ("120万吨", 1_200_000.0, "吨"),
        ("387万亩", 3_870_000.0, "亩"),
        ("12千米", 12.0, "千米"),
        ("2.3千克", 2.3, "千克"),
        ("三百米", 300.0, "米"),
        ("装机120万千瓦", 1_200_000.0, "千瓦"),
        ("发电量3.5亿千瓦时", 350_000_000.0, "千瓦时"),
        ("50平方公里", 50.0, "平方公里"),
        ("168cm", 168.0, "cm"),
        ("256GB", 256.0, "GB"),
        ("一吨半", 1.5, "吨"),
        ("一个半小时", 1.5, "个小时"),
        ("两年半", 2.5, "年"),
        ("30岁", 30.0, "岁"),
        ("两个小时", 2.0, "个小时"),
        ("3500人次", 3500.0, "人次"),
        ("上涨53.16点", 53.16, "点"),
        ("下跌0.5个基点", 0.5, "个基点"),
        ("三部电梯", 3.0, "部"),
        ("一个人", 1.0, "个"),
    ],
)
def test_units(text: str, value: float, unit: str) -> None:
    m = one(text)
    assert (m.unit, m.kind) == (unit, "number")
    assert m.value == approx(value)


def test_index_points_need_a_decimal_or_a_large_value() -> None:
    assert one("下午3点").unit == ""
    assert one("指数上涨64点").unit == "点"


def test_negative_numbers() -> None:
    assert one("-3.5%").value == -3.5
    assert one("同比-3.2%").value == -3.2
    assert one("壹贰叁").value == 123.0
    assert one("负百分之二").value == -2.0
    assert one("气温负十二度").value == -12.0
    low = one("最低气温零下15℃")
    assert (low.text, low.value, low.unit) == ("零下15℃", -15.0, "℃")
    assert one("3-5").value_max == 5.0  # a dash between numbers is a range, not a sign


# --------------------------------------------------------------------------- kinds that callers drop


def test_ordinals() -> None:
    m = one("第57次")
    assert (m.kind, m.value, m.unit) == ("ordinal", 57.0, "次")
    assert one("位居第一").kind == "ordinal"
    assert one("神舟十八号载人飞船").kind == "ordinal"


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("联系电话：0371-53306911", "0371-53306911"),
        ("豫ICP备2023003560号", "ICP备2023003560号"),
        ("腾讯控股（00700.HK）", "00700.HK"),
        ("手机13812345678", "13812345678"),
        ("電話：03-584-7231", "03-584-7231"),
        ("版本1.2.3", "1.2.3"),
    ],
)
def test_codes(text: str, raw: str) -> None:
    m = one(text)
    assert (m.text, m.kind) == (raw, "code")


@pytest.mark.parametrize(
    "text",
    [
        "5G基站",
        "4D影院",
        "iPhone15发布",
        "MP3播放器",
        "COVID-19疫情",
        "iPhone 15 Pro",
        "来信请寄media@mail.39.net",
        "详见https://www.example.com/2025/12/article_123.html",
    ],
)
def test_numbers_glued_to_letters_are_not_quantities(text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("2025年12月", "2025年12月"),
        ("2026-02-05", "2026-02-05"),
        ("12月3日", "12月3日"),
        ("较2024年底增长", "2024年"),
        ("2025年一季度", "2025年一季度"),
        ("每到正月十五", "正月十五"),
        ("21世纪的金融", "21世纪"),
        ("1\xad\xad—4月平均", "1\xad\xad—4月"),
    ],
)
def test_dates(text: str, raw: str) -> None:
    m = one(text)
    assert (m.text, m.kind) == (raw, "date")


def test_scores_and_ratios() -> None:
    found = find_numbers("中国队以3:1获胜，比分为25:18，按1∶1配套")
    assert [(m.text, m.kind) for m in found] == [("3:1", "ratio"), ("25:18", "ratio"), ("1∶1", "ratio")]
    assert one("倒塌房屋1.2万间").unit == "间"
    r = one("10000与20000之间")
    assert (r.kind, r.value, r.value_max) == ("range", 10000.0, 20000.0)
    assert one("同比增长一倍多").modifier == "多"


def test_times_and_year_ranges() -> None:
    assert one("16:45:56").kind == "time"
    assert one("上午八点半开会").text == "八点半"
    assert one("于五点三十五分三十六秒发射").kind == "time"
    assert one("十点零二分").kind == "time"
    assert one("下午3点举行").kind == "time"
    assert one("凌晨两点").kind == "time"
    m = one("Copyright © 1987-2024 河南")
    assert m.kind == "date"


# ------------------------------------------------------------------ words that merely contain numerals


@pytest.mark.parametrize(
    "text",
    [
        "一方面要稳增长，另一方面要调结构",
        "办好一件事",
        "第一时间赶到现场",
        "一些企业一起发展，一定要一直坚持",
        "统一大市场，万一出现问题",
        "一般来说唯一的办法是进一步推进一体化",
        "三农问题和两会期间",
        "“十四五”规划收官",
        "一是加强监管，二是优化服务",
        "打通最后一公里",
        "十分重要",
        "三四线城市",
        "汽车零部件",
        "陆地上有许多动物",
        "形成“一IP多形态”",
        "相当一部分学生",
        "这一年龄段的儿童",
        "价格在同一区间",
        "半斤八两",
        "落实“四个全面”战略布局，实现“两个一百年”奋斗目标",
        "做到“两个确保”",
    ],
)
def test_idioms_and_words_give_no_quantities(text: str) -> None:
    assert quantities(text) == []


def test_enumeration_markers_are_dropped() -> None:
    assert quantities("（一）生理发育\n1. 本网站") == []
    assert quantities("考察以下方面：一、投资收益率。二、收益保障") == []
    assert [m.text for m in quantities("“2005十大最具吸引力投资项目”")] == ["2005"]  # not 20050
    assert [m.value for m in quantities("在10、11、12岁")] == [10.0, 11.0, 12.0]


def test_numerals_next_to_idioms_still_count() -> None:
    assert [(m.text, m.value) for m in quantities("十分钟内来了一个人")] == [("十分钟", 10.0), ("一个", 1.0)]


# --------------------------------------------------------------------------- API


def test_to_dict_and_empty_input() -> None:
    assert find_numbers("") == []
    assert find_numbers("没有数字") == []
    d = one("6000万家").to_dict()
    assert d == {
        "text": "6000万家",
        "start": 0,
        "end": 6,
        "value": 60_000_000.0,
        "value_max": None,
        "unit": "家",
        "kind": "number",
        "approx": False,
        "modifier": "",
    }


def test_non_string_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="expects str"):
        find_numbers(b"123")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties

_DIGITS = "零一二三四五六七八九"


def _group(n: int) -> str:
    """0 < n < 10000 in Chinese, with 零 for inner zero runs (1010 → 一千零一十)."""
    out, zero = "", False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = zero or bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[d] + unit
            zero = False
    return out


def chinese(n: int) -> str:
    """Reference spelling of 0 <= n < 10**16 (an independent implementation for the property tests)."""
    if n == 0:
        return "零"
    for size, word, tail in ((10**8, "亿", chinese), (10**4, "万", _group)):
        if n >= size:
            high, rest = divmod(n, size)
            if not rest:
                return chinese(high) + word
            gap = high % 10 == 0 or rest < size // 10  # zeros between two non-zero digits → 零
            return chinese(high) + word + ("零" if gap else "") + tail(rest)
    return _group(n)


def test_reference_speller() -> None:
    assert chinese(1010) == "一千零一十"
    assert chinese(150_006_355) == "一亿五千万零六千三百五十五"
    assert chinese(10_000_000_001) == "一百亿零一"
    assert chinese(20_000_004_230) == "二百亿零四千二百三十"
    assert chinese(10_011_001) == "一千零一万一千零一"


@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_integers_round_trip(n: int) -> None:
    text = chinese(n)
    m = one(text)
    assert (m.start, m.end, m.value) == (0, len(text), float(n))


@given(st.integers(min_value=1, max_value=10**12))
def test_arabic_with_separators_and_unit(n: int) -> None:
    text = f"合计{n:,}元。"
    m = one(text)
    assert (m.text, m.value, m.unit, m.kind) == (f"{n:,}元", float(n), "元", "money")


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_percentages(x: object) -> None:
    text = f"占比{x}%，"
    m = one(text)
    assert m.unit == "%" and m.value == approx(float(str(x)))


_NUMERAL_SOUP = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789.,%-~至到第百千万亿十一二两三四五六七八九零〇点分之成多余几个人元年月日号"
            "负半左右上下又/：:年度数壹贰叁拾佰仟 aGk"
        )
    ),
    max_size=40,
)


@given(st.one_of(st.text(max_size=60), _NUMERAL_SOUP))
def test_any_text_gives_well_formed_matches(text: str) -> None:
    found = find_numbers(text)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.start >= last_end  # in order, not overlapping
        last_end = m.end
        assert m.value == m.value  # not NaN
        assert m.value_max is None or m.kind in ("range", "date")


def test_word_lists_are_consistent() -> None:
    from article_extract.numerals.lexicon import NUMERAL_WORDS, UNIT_ALIASES, UNIT_BLOCKERS, UNITS

    categories = {"currency", "percent", "points", "multiple", "count", "measure", "time", "latin", "index"}
    assert set(UNITS.values()) <= categories | {"label"}
    assert set(UNIT_BLOCKERS) <= set(UNITS)  # a blocker list belongs to a known unit
    assert all(alias in UNITS or alias in ("％",) for alias in UNIT_ALIASES)
    assert len(NUMERAL_WORDS) == len(set(NUMERAL_WORDS))
    assert all(any(ch in "零〇一二两三四五六七八九十百千万亿半" for ch in w) for w in NUMERAL_WORDS)


# --------------------------------------------------------------------------- cached numeral readings


def test_numeral_readings_are_cached_but_errors_stay_fresh() -> None:
    """parse_numeral keeps its readings; a bad numeral raises a new error with the same offset every time."""
    from article_extract.numerals.cnvalue import NumeralError, clear_cache, parse_numeral

    clear_cache()
    assert parse_numeral("一万五") == 15000
    assert parse_numeral("一万五") == 15000  # now from the cache
    errors = []
    for _ in range(2):
        with pytest.raises(NumeralError) as info:
            parse_numeral("十一十二")
        errors.append(info.value)
    assert errors[0] is not errors[1]
    assert errors[0].offset == errors[1].offset == 2


def test_normalization_shortcut_keeps_full_width_forms() -> None:
    """Text without full-width or traditional forms is not rewritten; text with them still is."""
    assert one("增长５．２％").value == approx(5.2)
    assert one("收入９，９９９元").value == approx(9999)
    assert one("收入9999元").value == approx(9999)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下一步，长三角的这一变化", []),  # lone numerals inside words: dropped before their record is built
        ("进一步增长3%", [("3%", 3.0)]),
        ("零下一度", [("零下一度", -1.0)]),  # 零下 signs the number: not dropped early
        ("为二到三", [("二到三", 2.0)]),  # a range separator follows: merged, not dropped
        ("约一千余元", [("一千余元", 1000.0)]),
    ],
)
def test_lone_numerals_in_words_and_their_exceptions(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(m.text, m.value) for m in find_numbers(text)] == expected


def test_suffix_first_characters_cover_every_suffix() -> None:
    """SUFFIX_FIRST (the quick test before SUFFIX_RE) holds every character a non-empty suffix starts with."""
    from article_extract.numerals import patterns as P

    missed = [
        ch
        for ch in map(chr, range(0x10000))
        if ch not in P.SUFFIX_FIRST and P.SUFFIX_RE.match(ch + "元个万").end() > 0  # type: ignore[union-attr]
    ]
    assert missed == []


def test_is_cjk_agrees_with_the_pattern() -> None:
    from article_extract.numerals import patterns as P
    from article_extract.numerals.postprocess import is_cjk

    assert not is_cjk("")
    assert all(is_cjk(ch) == bool(P.CJK_RE.match(ch)) for ch in map(chr, range(0x10000)))


def test_normalization_replaces_only_the_characters_it_must() -> None:
    from article_extract.numerals.finder import _normalize
    from article_extract.numerals.patterns import NORMALIZE

    text = "共計兩萬個，增長５．２％，約１，２３４億"
    assert _normalize(text) == text.replace("１，２３４", "１,２３４").translate(NORMALIZE)
