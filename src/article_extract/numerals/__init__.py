"""Numeral layer: find numeric expressions in Chinese text.

``find_numbers(text)`` returns :class:`NumberMatch` records in order of position. Kinds:

- ``number``   plain quantity (with a measure word / unit of measurement in ``unit`` when present)
- ``money``    amount whose ``unit`` is a currency word (元, 美元, 港元 …)
- ``percent``  ``unit`` ``%`` (42.8%, 百分之五, 千分之三 → 0.3, 六成 → 60) or ``个百分点``
- ``multiple`` ``unit`` ``倍``
- ``fraction`` 2/3, 三分之二, 一又三分之一: ``value`` is the ratio (0.666…)
- ``range``    3至5万, 七八十万, 3%-5%: ``value`` and ``value_max``; ``unit`` as for the ends
- ``ordinal``  第57次, 第一, and designations (神舟十八号, 3号线, 03版)
- ``date``     2025年12月3日, 12月, 3日, 2025年 (a 4-digit year followed by 年), 一季度
- ``time``     10:30, 8时30分
- ``code``     phone, ICP/licence and stock numbers, numbers glued to Latin letters (5G, iPhone15)

Approximations (多/余/几/左右/上下) set ``approx`` and ``modifier``. Words that merely contain
numerals (一方面, 三农, 十四五 …, see ``data/numeral_words.txt``) give no match.
"""

from __future__ import annotations

from .finder import find_numbers
from .match import NumberMatch

__all__ = ["NumberMatch", "find_numbers"]
