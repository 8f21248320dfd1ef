"""Text as it is stored: what people see, and nothing they cannot see (issue 13).

Invisible characters in a name make it unfindable by any part of it (``东城\u200b区``) and bidi
controls make it display as something else (U+202E turns the rest of a line around: spoofing).
So every text a service stores goes through ``clean_text`` first — forms, the API, the bulk import
and the management commands all reach the database through the services — and the search
normalisation drops the same characters (``registry.models.normalize_text``).

``clean_text`` removes:
- format characters (Unicode category Cf): zero-width space and joiners, bidi embeddings,
  overrides and isolates, the byte-order mark, soft hyphen, invisible operators, tag characters …;
- control characters (Cc) and lone surrogates (Cs), which no one types and PostgreSQL cannot
  always store;
- the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), letters that show as nothing and are the
  usual way to make a name look blank.
Line breaks and tabs are kept in multi-line text (a line break written CR LF stays so; a lone CR,
VT, FF, NEL and U+2028/2029 become a line break); in single-line text every one of them becomes a
space. Leading and trailing white space is stripped, as the services did before.

Stripping rather than refusing: these characters arrive by copying from a web page or a word
processor far more often than by intent, nobody can see them to delete them, and the cleaned value
is what the clerk sees on the saved page and in the history's before/after.
"""

import re

# Category Cf as of Unicode 15.1 (with ranges a little wider where a block reserves them for
# format controls). ``tests/test_text.py`` checks it covers every Cf character of the running
# Python, so a newer Unicode version cannot slip one past.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FILLERS = "\u115f\u1160\u3164\uffa0"
_SURROGATES = "\ud800-\udfff"
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_OTHER_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # Cc without tab and the line breaks

_HIDDEN = f"{_FORMAT}{_FILLERS}{_SURROGATES}{_OTHER_CONTROLS}"
HIDDEN = re.compile(f"[{_HIDDEN}]+")
# Anything clean_text might change (besides stripping the ends), for the fast path.
_SUSPECT_SINGLE = re.compile(f"[{_HIDDEN}\t{_LINE_BREAKS}]")
_SUSPECT_MULTI = re.compile(f"[{_HIDDEN}\r\x0b\x0c\x85\u2028\u2029]")
_BREAK_SINGLE = re.compile(f"\r\n|[\t{_LINE_BREAKS}]")
_BREAK_MULTI = re.compile("\r(?!\n)|[\x0b\x0c\x85\u2028\u2029]")


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """``value`` without invisible and control characters, stripped; see the module docstring."""
    if not value:
        return ""
    if multiline:
        if _SUSPECT_MULTI.search(value):
            value = _BREAK_MULTI.sub("\n", HIDDEN.sub("", value))
    elif _SUSPECT_SINGLE.search(value):
        value = _BREAK_SINGLE.sub(" ", HIDDEN.sub("", value))
    return value.strip()


def without_hidden(value: str) -> str:
    """``value`` with the invisible and control characters removed, nothing else changed (for
    comparing and indexing text, not for storing it)."""
    return HIDDEN.sub("", value) if HIDDEN.search(value) else value


def clean_fields(obj, fields: dict[str, bool]) -> list[str]:
    """Clean ``obj``'s text attributes in place ({attribute: multi-line?}); returns the names of
    those that changed. For cleaning stored rows (``xinyong clean_text``); the services' own
    entry paths call ``clean_text`` on what they are given."""
    changed = []
    for name, multiline in fields.items():
        value = getattr(obj, name)
        if isinstance(value, str) and (cleaned := clean_text(value, multiline=multiline)) != value:
            setattr(obj, name, cleaned)
            changed.append(name)
    return changed


def show_hidden(value: str) -> str:
    """``value`` with each invisible or control character written out as ⟨U+202E⟩ (line breaks
    and tabs kept): for pages that show stored history, which keeps text as it was before
    ``clean_text`` existed. A reader sees what was there, and nothing displays reversed."""
    if not HIDDEN.search(value):
        return value
    return HIDDEN.sub(lambda m: "".join(f"⟨U+{ord(ch):04X}⟩" for ch in m.group()), value)
