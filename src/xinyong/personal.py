"""Personal numbers in free text (R-SEC-2): resident identity numbers (18 digits, or the old 15)
and mainland mobile numbers, however they are written — with +86, spaces, dots, slashes, dashes
or middle dots between any digits, in full-width digits, or in Chinese numerals (〇一二…, 零壹贰…,
幺 and 两 as people read numbers aloud).

``redact_personal_data`` replaces exactly the number, leaving the text around it; public surfaces
call it through ``disclosure.selectors``. ``personal_number_in`` tells the entry forms and the
import that a text seems to hold one, so the clerk is warned before it is stored.

How a number is found: a *run* is digits (of any of those kinds) with at most three separators
between neighbours; a run is split into *groups*, the digits that touch each other. A number is
the concatenation of whole consecutive groups that is exactly an identity or mobile number, so a
number is never cut out of a longer digit string (a 20-digit account number is not a phone), and
dates, amounts and 文号 (``2024.03.15``, ``100,000``, ``京民社〔2024〕123号``) never add up to one:
an identity number must carry a real birth date and a mobile number starts 13–19.
"""

import re

# Chinese numerals as digits, in the forms people write numbers in text. ○ (a circle) is often
# typed for 〇.
_CHINESE = {
    **dict.fromkeys("〇○零", "0"),
    **dict.fromkeys("一壹幺", "1"),
    **dict.fromkeys("二贰貳两兩", "2"),
    **dict.fromkeys("三叁參", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_FULL_WIDTH = {chr(0xFF10 + n): str(n) for n in range(10)}
_TO_ASCII = str.maketrans({**_FULL_WIDTH, **_CHINESE})
_DIGIT = "[0-9" + "".join(_FULL_WIDTH) + "".join(_CHINESE) + "]"
# Between two digits of one number: spaces, dots, slashes, dashes and middle dots, half and full width.
SEPARATORS = " \t\u00a0\u3000.．/／-－‐‑‒–—―−·・･‧•∙"
_SEPARATOR = "[" + re.escape(SEPARATORS) + "]"
# The shortest number is a mobile number, 11 digits. Text without such a run has nothing to
# redact (most text), and this one search is all it costs.
_RUN = re.compile(rf"{_DIGIT}(?:{_SEPARATOR}{{0,3}}{_DIGIT}){{10,}}")
_GROUP = re.compile(rf"{_DIGIT}+")
# Digits in a number: 18 (identity), 17 and X, 15 (old identity), 13 (+86 mobile), 11 (mobile).
_LENGTHS = (18, 17, 15, 13, 11)

_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_NUMBER = re.compile(
    "|".join(
        (
            rf"[1-9]\d{{5}}(?:18|19|20)\d{{2}}{_DATE}\d{{3}}[0-9X]",  # identity number
            rf"[1-9]\d{{5}}\d{{2}}{_DATE}\d{{3}}",  # identity number issued before 1999 (15 digits)
            r"(?:86)?1[3-9]\d{9}",  # mobile number, optionally with the country code
        )
    )
)
# An identity number's check character X, after the digits (a separator may come between).
_CHECK_X = re.compile(rf"{_SEPARATOR}{{0,3}}[XxＸｘ]")
_PLUS = "+＋"
REDACTED = "＊＊＊"


def personal_number_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each personal number, in order, not overlapping."""
    spans: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        groups = list(_GROUP.finditer(text, *run.span()))
        digits = "".join(g.group() for g in groups).translate(_TO_ASCII)
        # offsets[k]: where group k starts in ``digits``; a candidate is digits[offsets[i]:offsets[k]].
        offsets = [0]
        for g in groups:
            offsets.append(offsets[-1] + g.end() - g.start())
        boundary = {offset: k for k, offset in enumerate(offsets)}
        check_x = _CHECK_X.match(text, run.end())
        i = 0
        while i < len(groups):
            found = None
            for length in _LENGTHS:  # longest first
                k = boundary.get(offsets[i] + length)
                if k is None:
                    continue
                candidate = digits[offsets[i] : offsets[k]]
                if length == 17:  # 17 digits and the check character X
                    if k == len(groups) and check_x and _NUMBER.fullmatch(candidate + "X"):
                        found = (k, check_x.end(), candidate)
                elif _NUMBER.fullmatch(candidate):
                    found = (k, groups[k - 1].end(), candidate)
                if found:
                    break
            if found is None:
                i += 1
                continue
            k, end, candidate = found
            start = groups[i].start()
            if start and text[start - 1] in _PLUS and candidate.startswith("86"):
                start -= 1
            spans.append((start, end))
            i = k
    return spans


def personal_number_in(text: str) -> bool:
    """True when ``text`` seems to hold an identity or mobile number."""
    return bool(text) and _RUN.search(text) is not None and bool(personal_number_spans(text))


def redact_personal_data(text: str) -> str:
    """``text`` with every identity and mobile number replaced by ＊＊＊."""
    if not _RUN.search(text):
        return text
    out, last = [], 0
    for start, end in personal_number_spans(text):
        out += [text[last:start], REDACTED]
        last = end
    return "".join([*out, text[last:]])
