"""Synthetic Chinese news-portal article pages for the crawl benchmark.

:func:`build_templates` composes ``k`` varied portal pages (fictional sites, two layout families, GBK or
UTF-8, 20–60 KB each: header nav, breadcrumb, 时间/来源 line, paragraphs with numbers, 编辑 line, related
and hot lists, footer, inline CSS/JS). Each template keeps a few ASCII slots (article id, date parts,
numbers) so :meth:`PageTemplate.render` turns one template into many distinct pages with a cheap
``bytes.join`` — the server can serve thousands of unique pages without being the bottleneck.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

SLOT_RE = re.compile(rb"\x01(\d+)\x02")  # slot marker inside templates (ASCII: survives GBK and UTF-8)

# Slot kinds: how a slot's value is derived from (page index, slot number).
ID, YEAR, MONTH, DAY, HOUR, MINUTE, INT, PCT, BIG = "id", "yr", "mo", "dy", "hh", "mm", "int", "pct", "big"

NUMERIC_SHARE = 0.35  # share of body sentences that state figures (the rest are plain news prose)

# --- data tables --------------------------------------------------------------------------------------
SITES: tuple[tuple[str, str], ...] = (
    ("中原经济网", "www.zyjjw.example.cn"),
    ("华夏资讯网", "news.hxzx.example.com"),
    ("东方时报网", "www.dfsb.example.cn"),
    ("江淮财经", "finance.jhcj.example.com"),
    ("北方新闻网", "www.bfxw.example.cn"),
    ("南粤在线", "news.nyzx.example.com"),
    ("齐鲁热线", "www.qlrx.example.cn"),
    ("西部商报", "biz.xbsb.example.com"),
    ("长江日报网", "www.cjrb.example.cn"),
    ("豫经智库", "www.yjzk.example.cn"),
)
CHANNELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("财经", ("宏观", "产经", "金融", "证券")),
    ("科技", ("通信", "互联网", "人工智能")),
    ("社会", ("民生", "教育", "健康")),
    ("政务", ("政策动态", "发布会", "地方")),
    ("汽车", ("新能源", "行业")),
    ("农业", ("三农", "粮食")),
)
NAV = ("首页", "新闻", "财经", "科技", "汽车", "房产", "教育", "健康", "旅游", "文化", "体育", "娱乐", "视频",
       "图片", "评论", "专题", "政务", "地方", "国际", "军事", "数码", "游戏", "时尚", "读书", "公益", "招聘")
SOURCES = ("新华社", "人民日报", "央视新闻客户端", "经济日报", "中国新闻网", "河南日报", "大河报", "光明日报",
           "科技日报", "证券时报", "本网")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰建国志新海波斌宇浩凯"
REGIONS = ("河南省", "郑州市", "洛阳市", "湖北省", "武汉市", "广东省", "深圳市", "浙江省", "杭州市", "山东省",
           "济南市", "四川省", "成都市", "安徽省", "合肥市", "全国", "长三角地区", "京津冀地区")
SUBJECTS = (
    ("地区生产总值", "亿元"), ("规模以上工业增加值", "亿元"), ("社会消费品零售总额", "亿元"),
    ("固定资产投资", "亿元"), ("网民规模", "万人"), ("5G基站", "万个"), ("粮食产量", "万吨"),
    ("新能源汽车产量", "万辆"), ("进出口总额", "亿元"), ("城镇新增就业", "万人"), ("高新技术企业", "家"),
    ("专精特新“小巨人”企业", "家"), ("接待游客", "万人次"), ("旅游收入", "亿元"), ("快递业务量", "亿件"),
    ("居民人均可支配收入", "元"), ("研发经费投入", "亿元"), ("充电桩", "万台"), ("新建住房", "套"),
)
VERBS_UP = ("增长", "同比增长", "比上年增长", "提高")
VERBS_DOWN = ("下降", "同比下降", "减少")
BOUNDS = ("达到", "达", "为", "超过", "突破", "约", "近", "")
FILLERS = (
    "业内人士表示，这一变化反映出市场需求持续回暖，产业结构不断优化。",
    "记者在采访中了解到，多家企业已提前布局，加快推进项目建设和技术改造。",
    "专家认为，下一步应继续加大政策支持力度，稳定市场预期，激发经营主体活力。",
    "据介绍，相关部门将进一步完善配套措施，推动各项政策落地见效。",
    "与此同时，各地积极探索新模式新业态，为高质量发展注入新动能。",
    "从结构上看，服务业和高技术制造业发挥了重要的支撑作用。",
    "受访群众纷纷表示，家门口的变化实实在在，获得感明显增强。",
    "该负责人说，将坚持问题导向，聚焦群众急难愁盼，抓好各项工作落实。",
    "分析人士指出，外部环境依然复杂，但经济长期向好的基本面没有改变。",
    "会议强调，要统筹发展和安全，守住不发生系统性风险的底线。",
    "据悉，该项目总投资规模较大，建成后将有效带动上下游产业链发展。",
    "下一步，当地将持续优化营商环境，吸引更多优质项目落地。",
)
HEADLINE_PATTERNS = (
    "{region}{subject}{verb}{pct}%，{extra}",
    "{region}前三季度{subject}稳中有进",
    "{region}发布{subject}最新数据",
    "{subject}持续{trend} {region}{extra}",
    "权威发布｜{region}{subject}保持较快增长",
)
HEADLINE_EXTRA = ("发展态势持续向好", "多项指标好于预期", "高质量发展迈出新步伐", "经济运行总体平稳",
                  "新动能加快成长", "民生保障有力有效")
CSS_BLOCKS = ("nav", "hd", "bd", "ft", "side", "list", "rank", "share", "ad")
RELATED_TITLES = ("多部门联合部署专项行动", "一图读懂最新政策要点", "这些新规下月起施行",
                  "市场监管总局发布提示", "高校毕业生就业工作推进会召开", "秋冬季安全生产形势分析会举行",
                  "新一批重点项目集中开工",
                  "数字经济发展论坛开幕", "专家解读经济数据", "便民服务再升级", "跨境电商综试区建设提速",
                  "中欧班列开行数量创新高", "冬季供暖准备工作就绪", "乡村振兴示范村名单公布")


@dataclass(frozen=True)
class PageTemplate:
    """One generated page: encoded byte chunks alternating with slot kinds, plus its content type."""

    chunks: tuple[bytes, ...]  # len(slots) + 1 literal chunks
    slots: tuple[tuple[str, int], ...]  # (kind, slot number) of each occurrence between chunks
    content_type: str  # the Content-Type header the server sends for it
    encoding: str

    def render(self, index: int) -> bytes:
        """The page for article ``index``: the template with its slots filled from ``index``."""
        parts: list[bytes] = [self.chunks[0]]
        for pos, (kind, n) in enumerate(self.slots):
            parts.append(slot_value(kind, index, n).encode("ascii"))
            parts.append(self.chunks[pos + 1])
        return b"".join(parts)


def slot_value(kind: str, index: int, n: int) -> str:
    """The deterministic text of slot ``n`` of kind ``kind`` on page ``index``."""
    h = zlib.crc32(f"{index}:{n}".encode())
    if kind == ID:
        return f"{index:07d}"
    if kind == YEAR:
        return str(2023 + h % 3)
    if kind == MONTH:
        return f"{1 + h % 12:02d}"
    if kind == DAY:
        return f"{1 + h % 28:02d}"
    if kind == HOUR:
        return f"{h % 24:02d}"
    if kind == MINUTE:
        return f"{h % 60:02d}"
    if kind == INT:
        return str(12 + h % 9000)
    if kind == PCT:
        return f"{(h % 300) / 10 + 0.1:.1f}"
    if kind == BIG:
        return f"{(h % 90000) / 10 + 100:.1f}"
    raise ValueError(f"unknown slot kind {kind!r}")


class _Writer:
    """Accumulates page text, turning :meth:`slot` calls into template slots."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.kinds: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def slot(self, kind: str) -> str:
        """A placeholder for a slot of ``kind``, to embed in text passed to :meth:`add`."""
        self.kinds.append(kind)
        return f"\x01{len(self.kinds) - 1}\x02"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _number_sentence(rng: random.Random, w: _Writer) -> str:
    region = rng.choice(REGIONS)
    subject, unit = rng.choice(SUBJECTS)
    period = rng.choice(("前三季度", "1—10月", "上半年", "今年以来", "去年全年", "截至目前", "一季度"))
    bound = rng.choice(BOUNDS)
    value = w.slot(BIG if unit.startswith(("亿", "万")) else INT)
    change_verb = rng.choice(VERBS_UP + VERBS_DOWN)
    pct = w.slot(PCT)
    forms = (
        f"{period}，{region}{subject}{bound}{value}{unit}，{change_verb}{pct}%。",
        f"数据显示，{period}{region}实现{subject}{value}{unit}，{change_verb}{pct}%，"
        f"增速比全国平均水平高{w.slot(PCT)}个百分点。",
        f"{region}{subject}{bound}{value}{unit}，占全省比重为{w.slot(PCT)}%。",
        f"其中，{subject}{change_verb}{pct}%，较上月回升{w.slot(PCT)}个百分点。",
    )
    return rng.choice(forms)


def _paragraph(rng: random.Random, w: _Writer) -> str:
    sentences: list[str] = []
    for _ in range(rng.randint(2, 5)):
        sentences.append(_number_sentence(rng, w) if rng.random() < NUMERIC_SHARE else rng.choice(FILLERS))
    return "".join(sentences)


def _css(rng: random.Random, target: int) -> str:
    rules: list[str] = []
    size = 0
    while size < target:
        cls = f".{rng.choice(CSS_BLOCKS)}-{rng.randint(1, 99)}"
        rule = (f"{cls}{{margin:{rng.randint(0, 20)}px auto;padding:{rng.randint(0, 12)}px;"
                f"font-size:{rng.randint(12, 18)}px;color:#{rng.randint(0, 0xFFFFFF):06x};"
                f"line-height:1.{rng.randint(4, 9)}}}")
        rules.append(rule)
        size += len(rule)
    return "\n".join(rules)


def _script(rng: random.Random, target: int) -> str:
    lines = ["(function(){var _hmt=_hmt||[];var cfg={site:'portal',channel:'news',ads:["]
    size = 0
    while size < target:
        line = (f"{{id:'ad{rng.randint(1000, 9999)}',w:{rng.choice((300, 640, 960))},"
                f"h:{rng.choice((90, 250))},src:'//static.example.com/ad/{rng.getrandbits(48):012x}.js',"
                f"weight:{rng.random():.3f}}},")
        lines.append(line)
        size += len(line)
    lines.append("]};window.__cfg=cfg;})();")
    return "\n".join(lines)


def _link_list(rng: random.Random, domain: str, count: int, cls: str) -> str:
    items = []
    for _ in range(count):
        y, m, d = rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)
        href = f"https://{domain}/{y}/{m:02d}{d:02d}/{rng.randint(100000, 999999)}.html"
        items.append(f'<li><a href="{href}" target="_blank">{rng.choice(RELATED_TITLES)}</a>'
                     f'<span class="time">{m:02d}-{d:02d}</span></li>')
    return f'<ul class="{cls}">' + "".join(items) + "</ul>"


def build_page(seed: int) -> PageTemplate:
    """Compose one varied portal article page (as a template) from ``seed``."""
    rng = random.Random(seed)
    site, domain = rng.choice(SITES)
    channel, subs = rng.choice(CHANNELS)
    sub = rng.choice(subs)
    gbk = rng.random() < 0.35
    old_layout = gbk and rng.random() < 0.6  # older GBK portals: table layout, uppercase tags
    encoding = "gbk" if gbk else "utf-8"
    declared = rng.choice(("gb2312", "gbk")) if gbk else "utf-8"
    header_charset = rng.random() < 0.5
    content_type = f"text/html; charset={'GBK' if gbk else 'utf-8'}" if header_charset else "text/html"
    target = rng.randint(20_000, 60_000)  # bytes on the wire, roughly
    chars_per_byte = 0.6 if not gbk else 0.75  # CJK-heavy text: UTF-8 3 bytes, GBK 2 bytes per char

    subject, _unit = rng.choice(SUBJECTS)
    region = rng.choice(REGIONS)
    title = rng.choice(HEADLINE_PATTERNS).format(
        region=region, subject=subject, verb=rng.choice(VERBS_UP), extra=rng.choice(HEADLINE_EXTRA),
        trend=rng.choice(("回升", "向好", "走强")), pct=f"{rng.uniform(0.5, 30):.1f}")
    w = _Writer()
    art_id = w.slot(ID)
    yr, mo, dy = w.slot(YEAR), w.slot(MONTH), w.slot(DAY)
    url = f"https://{domain}/{channel}/{art_id}.html"
    charset_meta = (f'<META http-equiv="Content-Type" content="text/html; charset={declared}">' if old_layout
                    else f'<meta charset="{declared}">')
    w.add(f"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n{charset_meta}\n"
          f"<title>{title}_{sub}_{channel}_{site}</title>\n"
          f'<meta name="keywords" content="{subject},{region},{channel}">\n'
          f'<meta name="description" content="{title}。{rng.choice(FILLERS)}">\n'
          f'<link rel="canonical" href="{url}">\n<meta property="og:title" content="{title}">\n'
          f'<meta property="og:url" content="{url}">\n<meta property="og:site_name" content="{site}">\n'
          f'<link rel="stylesheet" href="//static.example.com/css/main.{rng.getrandbits(32):08x}.css">\n')
    w.add("<style>\n" + _css(rng, int(target * rng.uniform(0.05, 0.15))) + "\n</style>\n")
    w.add("<script>\n" + _script(rng, int(target * rng.uniform(0.05, 0.15))) + "\n</script>\n")
    w.add("</head>\n<body>\n")
    nav = "".join(f'<li><a href="https://{domain}/{i}/">{n}</a></li>' for i, n in enumerate(NAV))
    w.add(f'<div class="topbar"><a href="https://{domain}/">{site}</a> | <a href="/login">登录</a> | '
          f'<a href="/reg">注册</a> | 设为首页 | 收藏本站</div>\n'
          f'<div class="header"><div class="logo"><img src="/img/logo.png" alt="{site}"></div>'
          f'<form class="search" action="/search"><input name="q"><button>搜索</button></form></div>\n'
          f'<div class="nav"><ul>{nav}</ul></div>\n')
    crumb_sep = rng.choice((" &gt; ", " > ", " » ", "&nbsp;&gt;&nbsp;"))
    crumb = crumb_sep.join((f'<a href="https://{domain}/">首页</a>', f'<a href="https://{domain}/{channel}/">{channel}</a>',
                            f'<a href="https://{domain}/{channel}/{sub}/">{sub}</a>'))
    reporter = _name(rng)
    editor = _name(rng)
    source = rng.choice(SOURCES)
    when = f"{yr}-{mo}-{dy} {w.slot(HOUR)}:{w.slot(MINUTE)}" + (":00" if rng.random() < 0.5 else "")
    info = rng.choice((
        f"{when}　来源：{source}　作者：{reporter}",
        f"时间：{when}&nbsp;&nbsp;来源：<a href=\"#\">{source}</a>",
        f"发布时间：{when} 稿源：{source} 记者 {reporter}",
        f"{when} {source}",
    ))
    paragraphs = []
    body_chars = int(target * chars_per_byte * rng.uniform(0.05, 0.12))
    size = 0
    if rng.random() < 0.7:
        lead = f"{source}{rng.choice(REGIONS)}{mo}月{dy}日电（记者 {reporter}）"
        paragraphs.append(lead + _paragraph(rng, w))
        size += len(paragraphs[-1])
    while size < body_chars or len(paragraphs) < 4:
        paragraphs.append(_paragraph(rng, w))
        size += len(paragraphs[-1])
    body = "".join(f"<p>{p}</p>\n" if rng.random() < 0.9 else f"<p>　　{p}</p>\n" for p in paragraphs)
    if rng.random() < 0.4:
        body = body.replace("</p>\n", f'</p>\n<p class="img"><img src="/img/{rng.getrandbits(40):010x}.jpg">'
                            f"</p><p class=\"caption\">图为{region}一处生产现场。（资料图）</p>\n", 1)
    editor_line = rng.choice((f"（责任编辑：{editor}）", f"编辑：{editor}", f"责编：{editor}",
                              f"[责任编辑：{editor}]"))
    related = _link_list(rng, domain, rng.randint(8, 14), "related")
    hot = _link_list(rng, domain, 10, "rank")
    if old_layout:
        w.add(f'<TABLE width="960" align="center"><TR><TD class="crumb">当前位置：{crumb}</TD></TR>\n'
              f'<TR><TD><H1 class="title">{title}</H1></TD></TR>\n<TR><TD class="info">{info}</TD></TR>\n'
              f'<TR><TD id="endText" class="content">\n{body}<p class="editor">{editor_line}</p></TD></TR>\n'
              f'<TR><TD class="relate">相关新闻：{related}</TD></TR></TABLE>\n'
              f'<TABLE width="960" align="center"><TR><TD class="hot">热点排行{hot}</TD></TR></TABLE>\n')
    else:
        w.add(f'<div class="wrap"><div class="crumb">{crumb}</div>\n<div class="main"><div class="article">\n'
              f'<h1>{title}</h1>\n<div class="info">{info}</div>\n'
              f'<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>\n'
              f'<div class="content" id="article-content">\n{body}</div>\n'
              f'<div class="editor">{editor_line}</div>\n</div>\n'
              f'<div class="related"><h3>相关阅读</h3>{related}</div>\n'
              f'<div class="comment"><textarea placeholder="文明上网，理性发言"></textarea>'
              f"<button>发表评论</button></div></div>\n"
              f'<div class="side"><h3>热点排行</h3>{hot}<h3>图片新闻</h3>'
              f'{_link_list(rng, domain, 6, "pics")}</div></div>\n')
    pad = target - len("".join(w.parts).encode(encoding, errors="xmlcharrefreplace")) - 700
    if pad > 0:  # the rest: more tracking/ads script (ASCII), as real portals carry
        w.add("<script>\n" + _script(rng, pad) + "\n</script>\n")
    w.add(f'<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | '
          f'<a href="/ad">广告服务</a> | <a href="/law">法律声明</a></p>'
          f"<p>Copyright © 2008-2025 {site} 版权所有 未经授权禁止转载</p>"
          f"<p>豫ICP备{rng.randint(10000000, 99999999)}号-1 豫公网安备 {rng.randint(10**13, 10**14 - 1)}号 "
          f"违法和不良信息举报电话：0371-{rng.randint(60000000, 69999999)}</p></div>\n</body>\n</html>\n")
    text = "".join(w.parts)
    raw = text.encode(encoding, errors="xmlcharrefreplace")
    pieces = SLOT_RE.split(raw)  # literal, slot number, literal, slot number, ..., literal
    chunks = tuple(pieces[0::2])
    slots = tuple((w.kinds[int(n)], int(n)) for n in pieces[1::2])
    return PageTemplate(chunks=chunks, slots=slots, content_type=content_type, encoding=encoding)


def build_templates(k: int, seed: int = 20251126) -> list[PageTemplate]:
    """``k`` distinct page templates; page ``i`` of the benchmark is ``templates[i % k].render(i)``."""
    return [build_page(seed * 1000 + n) for n in range(k)]
