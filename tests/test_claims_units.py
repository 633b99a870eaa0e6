"""Pieces of the claims layer: bounds, signs, as_of, non-claims, sentences, scoring, lazy jieba."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from article_extract.claims import extract_claims
from article_extract.claims.as_of import time_refs
from article_extract.claims.scoring import match, score_documents, subject_ok, unit_ok, value_ok
from article_extract.claims.sentences import clause_spans, sentence_spans
from article_extract.model import Claim


def one(text: str) -> Claim:
    claims = extract_claims(text)
    assert len(claims) == 1, [(c.raw, c.value) for c in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("text", "bound", "qualifier"),
    [
        ("全市企业共3200家。", "eq", "共"),
        ("销售额达5亿元。", "eq", "达"),
        ("参观人数超过5万人。", "gt", "超过"),
        ("参观人数逾5万人。", "gt", "逾"),
        ("用户数突破1亿户。", "gt", "突破"),
        ("补贴标准不少于300元。", "ge", "不少于"),
        ("投资额在500万元以上。", "ge", "以上"),
        ("完成率不到60%。", "lt", "不到"),
        ("增速低于3%。", "lt", "低于"),
        ("单价不超过20元。", "le", "不超过"),
        ("每户补贴最多2000元。", "le", "最多"),
        ("客流量约3万人次。", "approx", "约"),
        ("客流量近3万人次。", "approx", "近"),
        ("客流量3万人次左右。", "approx", "左右"),
        ("客流量3万多人次。", "approx", "多"),
        ("全年营收至少要达到8亿元。", "ge", "至少"),
    ],
)
def test_bounds(text: str, bound: str, qualifier: str) -> None:
    c = one(text)
    assert (c.bound, c.qualifier) == (bound, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("出口额增长5%。", 5, "change"),
        ("出口额下降3.2%。", -3.2, "change"),
        ("管理费用减少200万元。", -2_000_000, "change"),
        ("利率降至5%。", 5, "percent"),
        ("占比提升至10.5%。", 10.5, "percent"),
        ("订单量增长2倍。", 2, "change"),
        ("失业率同比下降0.2个百分点。", -0.2, "change"),
        ("门店数量新增30家。", 30, "quantity"),
    ],
)
def test_change_signs(text: str, value: float, kind: str) -> None:
    c = one(text)
    assert value_ok(c.value, value) and c.kind == kind, (c.value, c.kind)


def test_from_a_to_b_gives_two_levels() -> None:
    a, b = extract_claims("不良率从千分之三降至万分之五。")
    assert (a.value, a.kind, b.value, b.kind) == (0.3, "percent", 0.05, "percent")
    assert a.subject == b.subject == "不良率"


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("截至2025年12月，网民规模达11.25亿人。", "2025-12"),
        ("截至2025年12月底，网民规模达11.25亿人。", "2025-12"),
        ("2025年一季度，新设企业25.4万户。", "2025-Q1"),
        ("2023年上半年，进出口总额达4.1万亿元。", "2023-H1"),
        ("2022年，粮食产量为1.3万亿斤。", "2022"),
        ("截至2025年12月31日，基金规模为58亿元。", "2025-12-31"),
        ("去年，粮食产量为1.3万亿斤。", None),
        ("今年前4个月，新增就业岗位3.2万个。", None),
        ("2019年至2021年，累计减免税金约135亿元。", None),
    ],
)
def test_as_of(text: str, as_of: str | None) -> None:
    assert one(text).as_of == as_of


def test_as_of_skips_the_comparison_base() -> None:
    claims = extract_claims("截至2025年12月，用户规模达6.02亿人，较2024年底增长141.7%。")
    assert [c.as_of for c in claims] == ["2025-12", "2025-12"]
    assert claims[1].subject == "用户规模"
    refs = time_refs("较2024年底增长", 0, 9)
    assert refs and refs[0].baseline


@pytest.mark.parametrize(
    "text",
    [
        "第57次报告今天发布。",
        "会议于2025年12月3日召开。",
        "一方面要稳增长，另一方面要防风险。",
        "“十四五”时期成效显著。",
        "5G网络覆盖全市。",
        "建设万卡智算集群。",
        "一是加强领导，二是压实责任。",
        "咨询电话0371-53306911。",
        "豫ICP备2023003560号。",
        "游客可登上88层观光厅。",
        "高效办成一件事成为常态。",
        "打通服务群众最后一公里。",
        "第一时间赶赴现场。",
        "笔者参加了京东618的发布会。",
        "处理器采用骁龙 865 与 Exynos 990 两款芯片。",
        "期待中玻两国加强合作。",
        "庆祝建党100周年。",
        "市委五届二次全会召开。",
    ],
)
def test_not_claims(text: str) -> None:
    assert extract_claims(text) == []


@pytest.mark.parametrize(
    "text",
    ["双方以3:1次结束比赛。", "他们以约3:1人的比例招生。", "主队以2∶1局获胜。", "湖人以115：108分取胜。"],
)
def test_scores_and_ratios_are_no_quantities(text: str) -> None:
    """3:1 is a score or ratio (numeral kind ``ratio``): no amount, even before a measure word."""
    assert extract_claims(text) == []


def test_a_score_beside_an_amount_leaves_the_amount() -> None:
    claim = one("主队以3:1次获胜，赢得奖金300万元。")
    assert (claim.raw, claim.value, claim.unit) == ("300万元", 3_000_000.0, "元")


def test_subjects_before_predicate_after_existence_verb_and_before_de() -> None:
    assert one("我国网民规模达11.25亿人。").subject == "网民规模"
    assert one("已建成5G基站483.8万座。").subject == "5G基站"
    assert one("全国95%的行政村已通5G。").subject == "行政村"


def test_listed_subjects_are_distributed() -> None:
    a, b = extract_claims("城镇和农村居民收入分别增长5.1%和7.3%。")
    assert (a.value, b.value) == (5.1, 7.3)
    assert a.subject is not None and b.subject is not None


def test_sentences_and_clauses() -> None:
    text = "第一句，有逗号。第二句！\n第三行"
    sents = sentence_spans(text)
    assert [text[s.start : s.end] for s in sents] == ["第一句，有逗号。", "第二句！", "第三行"]
    assert [text[c.start : c.end] for c in clause_spans(text, sents[0])] == ["第一句", "有逗号。"]
    t2 = "收入1,234元，增长5%"
    assert [t2[c.start : c.end] for c in clause_spans(t2, sentence_spans(t2)[0])] == ["收入1,234元", "增长5%"]


def test_scoring_rules() -> None:
    assert value_ok(100.4, 100) and not value_ok(101, 100)
    assert unit_ok("元／平方米", ["元/平方米"]) and not unit_ok("元", "美元")
    assert subject_ok("我国网民规模", ["网民规模"]) and subject_ok("规模", ["网民规模"])
    assert not subject_ok("模", ["网民规模"]) and not subject_ok(None, ["网民规模"])


def test_matching_is_one_to_one_and_optional_gold_is_neutral() -> None:
    preds = extract_claims("网民规模达11.25亿人，网民规模达11.25亿人。两位专家出席。")
    gold = [
        {"subject": ["网民规模"], "value": 1.125e9, "unit": "人", "bound": "eq"},
        {"subject": ["专家"], "value": 2, "unit": "位", "optional": True},
    ]
    pairs = match(preds, gold, lambda p, g: value_ok(p.value, g["value"]))
    assert len(set(pairs.values())) == len(pairs)
    report = score_documents([("doc", preds, gold)])
    vus = report.levels["VUS"]
    assert (vus.tp, vus.fn) == (1, 0)
    assert vus.fp == 1  # the repeated 11.25亿人 has no second gold claim; 两位 matches optional gold


def test_jieba_is_loaded_once_and_lazily() -> None:
    import importlib
    import sys

    from article_extract.claims import subject

    assert "article_extract.claims" in sys.modules
    subject.segment("网民规模达")
    tagger_a = subject._tagger()
    tagger_b = subject._tagger()
    assert tagger_a[1] is tagger_b[1]
    importlib.import_module("jieba")
    assert subject._ready


def test_headline_phrases_separated_by_spaces() -> None:
    a, b = extract_claims("我国网民规模达11.25亿人 互联网普及率突破80%")
    assert (a.subject, a.value, a.unit, a.bound) == ("网民规模", 1_125_000_000, "人", "eq")
    assert (b.subject, b.value, b.unit, b.bound) == ("互联网普及率", 80, "%", "gt")


def test_robust_on_odd_input() -> None:
    for text in [
        "",
        "   ",
        "%",
        "第",
        "1/0",
        "0/0的",
        "三分之零",
        "零分之三的企业",
        "—3",
        "数" * 50 + "亿元",
        "一" * 2000,
    ]:
        for c in extract_claims(text):
            assert text[c.start : c.end] == c.raw


def test_claims_are_the_records_their_constructor_builds() -> None:
    claims = extract_claims("网民规模达11.25亿人，同比增长5%，其中农村网民约3亿人。")
    assert len(claims) == 3
    for c in claims:
        fresh = Claim(**c.to_dict())
        assert c == fresh and hash(c) == hash(fresh) and repr(c) == repr(fresh)
        assert vars(c) == vars(fresh) and dataclasses.asdict(c) == dataclasses.asdict(fresh)
        assert pickle.loads(pickle.dumps(c)) == fresh
        with pytest.raises(dataclasses.FrozenInstanceError):
            c.value = 0.0  # type: ignore[misc]
