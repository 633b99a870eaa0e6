"""Numeral layer: find numeric expressions in Chinese text.

``find_numbers(text)`` returns :class:`NumberMatch` records (``text``, ``start``, ``end``, ``value``,
``value_max``, ``unit``, ``kind``, ``approx``, ``modifier``) in order of position; offsets index the
input string. Values follow ``SCHEMA.md``: 万 = 1e4, 亿 = 1e8, 万亿 = 1e12, percentages in percent units.
Kinds:

- ``number``   plain quantity, with its measure word / unit of measurement in ``unit`` when present
               (483.8万座, 120万千瓦, 168cm, 30岁, 3个月)
- ``money``    amount whose ``unit`` is a currency word (元, 美元, 港元 …; 人民币5000 / ¥300 → 元)
- ``percent``  ``unit`` ``%`` (42.8%, 百分之五, 千分之三 → 0.3, 万分之五 → 0.05, 六成 → 60, 六成四 → 64)
               or ``个百分点`` (never ``%``)
- ``multiple`` ``unit`` ``倍``
- ``fraction`` 2/3, 三分之二, 一又三分之一: ``value`` is the ratio (0.666…), the claims layer makes it %
- ``range``    3至5万, 3~5万, 三五百, 七八十万, 两到三万港元, 3%-5%: ``value`` and ``value_max``
- ``ordinal``  第57次, 第一, and designations (神舟十八号, 3号线, 03版)
- ``date``     dates detected cheaply: 2025年12月3日, 2025年 (4-digit year + 年), 12月, 3日, 2026-02-05,
               一季度, 04年, year ranges and lists (1987-2024, 2005和2006年)
- ``time``     10:30, 8时30分, 八点半
- ``ratio``    scores and ratios that are not clock times (3:1, 25:18, 1∶1); ``value`` is the left side
- ``code``     phone, ICP/licence and stock numbers, dotted versions, numbers glued to Latin letters
               (5G, iPhone15), digit strings read out (一八五四四一三九一二一)

Approximations (多/余/几/数/上/左右/上下: 1000多万元, 十几万, 数百名, 上千人) set ``approx`` and
``modifier``; a magnitude word after a bound word counts too (近百万人次, 超千万元, 破亿元).

Numerals that are words or names give no match: idioms and fixed words (一方面, 三农, 十四五 …:
``data/numeral_words.txt``), a lone numeral character inside running text (一是, 两国, 三四线),
enumeration markers (一、 / （一）), quoted or plan names (“十五”时期). Units are data
(``data/units.txt``); ``data/unit_blockers.txt`` stops a unit from being read inside another word
(一部分, 一年龄段).
"""

from __future__ import annotations

from .finder import find_numbers
from .match import NumberMatch

__all__ = ["NumberMatch", "find_numbers"]
