"""Compiled regular expressions of the numeral finder (built once at import)."""

from __future__ import annotations

import re

from .cnvalue import DIGIT_CHARS
from .lexicon import CJK_UNIT_PATTERN, LATIN_UNIT_PATTERN, UNITS

#: one-to-one character normalization (keeps offsets): full-width forms and traditional numeral words
NORMALIZE = str.maketrans(
    "０１２３４５６７８９％．／﹪點萬億個兩負幾塊圓倆對雙貳參陸幣臺",
    "0123456789%./%点万亿个两负几块圆俩对双贰叁陆币台",
)
#: any character that NORMALIZE changes (most texts have none: nothing is then replaced)
NORMALIZE_NEEDED_RE = re.compile("[" + re.escape("".join(map(chr, NORMALIZE))) + "]")
#: NORMALIZE as character → character (for replacing only the few characters a text has to change)
NORMALIZE_CHARS: dict[str, str] = {chr(k): chr(v) for k, v in NORMALIZE.items()}
#: full-width thousands separator between full-width digits (９，９９９)
FULLWIDTH_THOUSANDS_RE = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")

D = DIGIT_CHARS
D_NONZERO = D.replace("零", "").replace("〇", "").replace("○", "")
_UNIT_CHARS = "十拾百佰千仟万亿"
AR = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?(?![\d]))"
# inside a repetition an Arabic token must not continue a digit run (else backtracking splits it
# every possible way: catastrophic on long digit strings)
_AR_NEXT = rf"(?<![\d.]){AR}"
# a Chinese numeral token inside a number (千 is a unit prefix in 千米/千克/千瓦;
# 两 after a digit or 十, or ending a number after 百/千/万, is the 两 weight: 三十两, 两万两)
_CNTOK = (
    rf"[{D.replace('两', '')}]|(?<![{D_NONZERO}十拾百佰千仟万亿])两|(?<=[百佰千仟万亿])两(?=[十拾百佰千仟])"
    r"|[十拾佰仟廿卅]|百(?!分[之点位比])|千(?![米克瓦焦卡伏])"
    rf"|亿|万(?!分之)|(?<=[{D}{_UNIT_CHARS}])点(?:[{D.replace('两', '')}]+|\d+)"
)
CORE = rf"(?:{AR}|[{D}十拾廿卅])(?:{_AR_NEXT}|{_CNTOK}){{0,40}}"  # bounded: no numeral is longer
CORE_RE = re.compile(CORE)
#: numerals inside fractions (三分之二, 一百分之五, 3分之1)
_FRAC_CORE = rf"(?:{AR}|[{D}十拾])(?:{_AR_NEXT}|[{D}十拾百佰千仟万亿]|(?<=[{D}十百千万亿])点[{D}]+){{0,24}}"
UNIT = rf"(?:{CJK_UNIT_PATTERN})"
CHENG = r"成(?:半|[一二三四五六七八九\d](?![\d十百千万亿点.]))?(?![为立功长本交绩员果就熟型都效])"

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
_YEAR = r"(?:[12]\d{3}|[〇零○一二三四五六七八九]{4})"
_S = r"[ \u00a0]?"
DATE = (
    rf"{_YEAR}{_S}年(?:{_S}{_MONTH}{_S}月(?:{_S}{_DAY}{_S}[日号])?)?(?:第?[一二三四1-4]季度)?"
    r"|[12]\d{3}[-/.](?:1[0-2]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])(?![\d.])"
    rf"|(?<![\d.])(?:{_MONTH}(?:月份?)?\xad*[-－—~～至到])?{_MONTH}{_S}月(?:份|{_S}{_DAY}{_S}[日号])?"
    r"|(?<![\d.])(?:[12]\d|3[01]|0?[1-9])日(?![内游以])"
    r"|(?<![\d.])(?:0\d年|\d{2}年(?=\d{1,2}月))|[12]\d{3}(?=[上下]半年)"
    r"|第?[一二三四1-4]季度"
    r"|[正腊]月(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)"
    r"|(?:\d{1,2}|二十一|二十|十[一二三四五六七八九]?|[一二三四五六七八九])世纪"
)
_CN60 = r"(?:[零一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])"
TIME = (
    r"(?<![\d.])(?:[01]?\d|2[0-4])"
    r"(?:[:：][0-5]\d(?:[:：][0-5]\d)?(?!\d)|时(?:[0-5]?\d分)?(?![间期代候刻尚])|点(?:[0-5]?\d分|半|钟))"
    rf"|(?<![{DIGIT_CHARS}十])(?:十[一二]?|[一二两三四五六七八九])[点时](?:{_CN60}分(?:{_CN60}秒)?|半|钟|整)"
    rf"|(?<=[午晨晚])(?:[01]?\d|2[0-4]|十[一二]?|[一二两三四五六七八九])[点时](?:[0-5]?\d分|{_CN60}分|半|钟|整)?"
)
#: scores and ratios (3:1, 25:18, 1∶1) that are not clock times
RATIO = r"(?<![\d.:：])\d{1,3}[:：∶]\d{1,3}(?![\d:：])"
CODE = (
    r"ICP[备证]?字?第?[:：]?\s*\d+号?(?:-\d+)?"
    r"|公网安备\s*\d+号?"
    r"|[〔\[【(（]\d{4}[〕\]】)）]\s*第?\d+\s*号"
    r"|(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3}[-－])\s?\d{7,8}(?:[-－]\d{1,4})?(?!\d)"
    r"|(?<![\d.])(?:1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4}|0\d{1,3}-\d{3,4}-\d{4})(?!\d)"
    r"|(?<![\d.])\d{4,6}\.(?:HK|SH|SZ|SS|BJ|hk|sh|sz)(?![A-Za-z])"
    r"|(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])"
    r"|(?<![\d.,])\d{11,}(?![\d.,])(?![ ]?(?:元|美元|万|亿|人|个|[A-Za-z]))"
)
SKIP = (
    r"https?://[^\s<>\"，。；]+|www\.[^\s<>\"，。；]+"
    # (possessive: the local part's characters never include @, so giving some back cannot help)
    r"|(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]{1,64}+@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
)
#: what can start a match (each branch's first characters): lets the scanner skip ordinary text quickly.
#: Latin letters start only URLs (h, w), ICP numbers (I) and e-mail addresses (at a word start);
#: 数/几/上, 公, 半, 正/腊 and brackets only with the character each branch needs next.
#: A plain character class first (the regex engine tests it fastest), the exact test second.
_START = (
    rf"(?=[\dA-Za-z{D}十拾廿卅第百佰千仟万亿数几上半公正腊〔\[【(（])"
    rf"(?=[\d{D}十拾廿卅第百佰千仟万亿hwI]|[数几上][十百千万亿]|公网|半成|[正腊]月|[〔\[【(（]\d"
    r"|(?<![A-Za-z0-9._+-])[A-Za-z])"
)

# Quick tests before the code, date and a/b branches (each holds whenever its branch matches; a number such
# as 1069.8亿 then skips the branch without trying its alternatives one by one): after the leading digits of
# a code come 0, a long run, a dotted version or a stock suffix; of a date a date word, a separator or a space
_CODE_AHEAD = r"(?=\D|0|1[3-9]\d{9}|400|\d{4,6}\.[A-Za-z]|\d+\.\d+\.\d|\d{11})"
_DATE_AHEAD = r"(?=\D|\d{1,4}[年月日号季世上下 \u00a0\xad－—~～至到-]|[12]\d{3}[/.](?:1[0-2]|0?[1-9])[-/.])"
_AFRAC_AHEAD = r"(?=\d++(?: \d++)?/)"
_TIME_AHEAD = r"(?=\D|\d{1,2}[:：时点])"

MASTER_RE = re.compile(
    rf"{_START}(?:(?P<skip>{SKIP})"
    rf"|{_CODE_AHEAD}(?P<code>{CODE})"
    rf"|{_DATE_AHEAD}(?P<date>{DATE})"
    rf"|{_TIME_AHEAD}(?P<time>{TIME})"
    rf"|(?=\d{{1,3}}[:：∶])(?P<ratio>{RATIO})"
    rf"|(?P<pct>(?P<pp>百分之?|[百佰千仟万]+分之)(?P<pn>百|{CORE}))"
    # quick test: 分之 after at most 64 numeral characters (bounded: linear on endless digit runs)
    rf"|(?=[\d{D}十拾百佰千仟万亿点.,又]{{0,64}}+分之)"
    rf"(?P<frac>(?:(?P<fw>{_FRAC_CORE})又)?(?P<fd>{_FRAC_CORE})分之(?P<fneg>负)?(?P<fn>{_FRAC_CORE}))"
    rf"|{_AFRAC_AHEAD}(?P<afrac>(?<![\d/.])(?:(?P<aw>\d+) )?(?P<an>\d+)/(?P<ad>\d+)(?![\d/]))"
    r"|(?P<halfc>半成)(?!品)"
    rf"|(?P<ord>第)(?=[\d{D}十])"
    rf"|(?P<adj>(?P<adjp>[一二两三四五六七八九][{D}十百千万亿]{{0,10}}[十百千万亿]|十)?"
    r"(?P<a1>[一二两三四五六七八九])(?P<a2>[二两三四五六七八九])"
    r"(?P<adjs>[十拾百佰仟]|千(?![米克瓦焦卡伏]))?(?P<adjl>[万亿]{0,3}))"
    r"|(?P<vague>[数几上](?=[十百千万亿]))"
    rf"|(?<=[近超逾约达过破将至])(?P<bare>[百千万亿]{{1,3}})(?={UNIT}|[%])"
    rf"|(?<![{D}\d十百千万亿])(?P<bareapx>[百千万亿]{{1,2}})(?=[多余](?:{UNIT}))"
    rf"|(?P<core>{CORE}))"
)
_SP = r"[ \u00a0]?"
SUFFIX_RE = re.compile(
    r"(?P<apx>[多余几])?(?P<sc>[万亿]+)?(?P<apx2>[多余])?(?P<sc2>[万亿]+)?"
    rf"(?:{_SP}(?P<cheng>{CHENG})|{_SP}(?P<pc>[%‰])|{_SP}(?P<unit>{UNIT})|{_SP}(?P<lunit>{LATIN_UNIT_PATTERN}))?"
)
#: every character a non-empty SUFFIX_RE match can start with (多/余/几, 万/亿, a space, 成, %/‰, a unit's
#: first character): after any other character the pattern matches nothing, and is not run
SUFFIX_FIRST = frozenset("多余几万亿 \u00a0成%‰") | frozenset(unit[0] for unit in UNITS)
#: after a unit: 半 (一吨半), then 元角分 composition (五元三毛, 壹拾壹元壹角壹分), 整/人民币, 左右/上下
HALF_RE = re.compile(r"半(?![数导岛径价场程决边壁个小天年月日])")
YUAN_FRACTION_RE = re.compile(rf"(?:零?(?P<jiao>[{D}\d])[角毛])?(?:零?(?P<fen>[{D}\d])分)?")
AFTER_UNIT_RE = re.compile(
    r"(?P<zheng>[整正](?![在是常式规确当])|人民币|美金|美元|港元|港币)?(?P<more>[多余](?![个种项次家名位年万亿元]))?"
    r"(?P<post>左右|上下)?"
)
#: the characters that can start a non-empty AFTER_UNIT_RE match
AFTER_UNIT_FIRST = frozenset("整正人美港多余左上")
#: 3个多月, 两个多小时, 一个半小时: the unit continues after 多/余/半
GE_MORE_RE = re.compile(r"(?P<w>[多余半])(?P<rest>月|小时|星期|钟头|世纪)")
#: a bare numeral that names a plan or period (“十四五”规划, 十五时期)
PLAN_AFTER_RE = re.compile(r"[”\"']?(?:规划|时期|计划|期间)")
#: enumeration markers: 一、 / （一） / 1. at the start of a line or list item
ENUM_BEFORE = frozenset("\n•·●▪■◆（(【[：:。；;！？")
ENUM_AFTER_RE = re.compile(r"[、）)】\]]|[.．](?!\d)")
UNIT_AHEAD_RE = re.compile(rf"[{_UNIT_CHARS}]|{CHENG}|{UNIT}")
SCALE_TAIL_RE = re.compile(r"[万亿]+$")
VAGUE_TAIL_RE = re.compile(r"[十百千万亿]+")
RANGE_SEP_RE = re.compile(r"\s?\xad*(?:至|到|~|～|-|－|—|–|〜|——)\xad*\s?")
BETWEEN_SEP_RE = re.compile(r"[与和及]")
BETWEEN_TAIL_RE = re.compile(r"之?间")
LATIN_BEFORE_RE = re.compile(r"[A-Za-z]+[-_]?$")
#: a model name's number: iPhone 15, Windows 11 (Latin word, one space, the number)
LATIN_WORD_SPACE_RE = re.compile(r"[A-Za-z]{2,} $")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
DIGIT_IN_RE = re.compile(rf"\d+|[{D}十]+")
YEAR_LIST_SEP_RE = re.compile(r"[和、与及]")
