"""Hostile characters for the schemathesis tests (issue 13): NUL and lone surrogates.

schemathesis draws NUL only now and then, and never a lone surrogate (hypothesis leaves category
Cs out of text: such a string cannot be encoded). ``add_hostile_characters(schema)`` registers
hooks that, in about half of the generated requests, put NUL (U+0000) into one string of the
path parameters, the query, the headers or the body — or, in a JSON body, where one can be
written (``"\\ud800"``), a lone surrogate. The server must answer such a request with a 4xx and a
message, never a 500.

A request changed this way no longer matches the schema (no value of this system may hold NUL),
so the test leaves out the check that schema-valid data is accepted for it:
``hostile(case)`` says whether a case carries one.
"""

from typing import Any

from hypothesis import strategies as st

NUL = "\x00"
SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")


def _strings(value: Any, keys: bool, path: tuple = ()) -> list[tuple]:
    """The places of the strings (with ``keys``, keys too) in a JSON-like value, as paths; at
    the top of a mapping, numbers too (a parameter is text on the wire)."""
    found = []
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(value, str) or (len(path) == 1 and number):
        found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if keys and isinstance(key, str):
                found.append((*path, ("key", key)))
            found.extend(_strings(item, keys, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_strings(item, keys, (*path, index)))
    return found


def _with_at(value: Any, path: tuple, change) -> Any:
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if isinstance(head, tuple):  # a key
        key = head[1]
        return {(change(k) if k == key else k): v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: (_with_at(v, rest, change) if k == head else v) for k, v in value.items()}
    return [(_with_at(v, rest, change) if i == head else v) for i, v in enumerate(value)]


def _inject(value: Any, characters: st.SearchStrategy[str], *, keys: bool = False) -> st.SearchStrategy:
    """``value`` as it is, or with one of its strings (with ``keys``, or keys) given a hostile
    character."""
    if isinstance(value, bytes):
        return st.one_of(
            st.integers(0, len(value)).map(lambda i: value[:i] + b"\x00" + value[i:]), st.just(value)
        )
    places = _strings(value, keys)
    if not places:
        return st.just(value)

    @st.composite
    def changed(draw):
        place = draw(st.sampled_from(places))
        character = draw(characters)
        at = draw(st.integers(0, 100))

        def put(text) -> str:
            text = str(text)
            cut = at % (len(text) + 1)
            return text[:cut] + character + text[cut:]

        return _with_at(value, place, put)

    return st.one_of(changed(), st.just(value))


def add_hostile_characters(schema) -> None:
    """Register the hooks on ``schema`` (a schemathesis schema)."""
    nul = st.just(NUL)
    # Surrogates only where they can travel: a URL, a header or a form is encoded as UTF-8
    # (or Latin-1), which cannot hold one; JSON writes it as an escape.
    anything = st.sampled_from((NUL, *SURROGATES))

    @schema.hook
    def flatmap_path_parameters(ctx, value):
        return _inject(value, nul)

    @schema.hook
    def flatmap_query(ctx, value):
        return _inject(value, nul, keys=True)

    @schema.hook
    def flatmap_headers(ctx, value):
        return _inject(value, nul)

    @schema.hook
    def flatmap_body(ctx, value):
        if isinstance(value, list | dict):
            return _inject(value, anything, keys=True)
        return _inject(value, nul)  # raw files

    @schema.hook
    def map_case(ctx, case):
        # The body hook cannot see the media type: a form cannot carry a surrogate, send NUL.
        if case.media_type != "application/json" and isinstance(case.body, list | dict):
            case.body = _without_surrogates(case.body)
        return case


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        for surrogate in SURROGATES:
            value = value.replace(surrogate, NUL)
        return value
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def hostile(case) -> bool:
    """Whether the case carries NUL or a lone surrogate anywhere."""

    def has(value) -> bool:
        if isinstance(value, bytes):
            return b"\x00" in value
        if isinstance(value, str):
            return NUL in value or any(s in value for s in SURROGATES)
        if isinstance(value, dict):
            return any(has(k) or has(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return any(has(v) for v in value)
        return False

    # Path parameters are percent-encoded by the time the test sees the case.
    path = any("%00" in str(v) for v in (case.path_parameters or {}).values())
    return path or any(has(part) for part in (case.path_parameters, case.query, case.headers, case.body))
