"""Issue 7: the indexed public search returns exactly what a plain substring scan returns — the
same associations in the same order (code, exact name, prefix, rest; then name, id) and the same
count, bounded at COUNT_LIMIT — on SQLite and PostgreSQL alike."""

from dataclasses import replace
from datetime import date
from unittest import mock

import pytest
from django.db.models import Case, IntegerField, Q, Value, When
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from xinyong.registry.models import Association, Authority, NameGram, normalize_text
from xinyong.registry.search import parse, planner, search_associations, store, tuning
from xinyong.registry.search_index import mismatches, rebuild
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f

# Chinese, Latin in both cases, digits, full-width forms (ＡＢ１ → ab1), ß (casefolds to "ss"),
# LIKE's own wildcards, a space (dropped by normalisation).
ALPHABET = "北京海淀区协会商会学软件科技Aab1２ＡＢ１ß%_ "
PREFIXES = ["", "", "北京", "北京海淀", "海淀区", "ab", "ＡＢ"]


def reference(raw: str) -> list[int]:
    """The plain scan the index must equal: the pre-issue-7 search."""
    q = parse(raw)
    matches = Q(name_normalized__contains=q.text)
    if len(q.code) == 18:
        matches |= Q(uscc=q.code)
    rank = Case(
        When(uscc=q.code, then=Value(0)),
        When(name_normalized=q.text, then=Value(1)),
        When(name_normalized__startswith=q.text, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ordered = Association.objects.filter(matches).annotate(rank=rank).order_by("rank", "name", "id")
    return list(ordered.values_list("pk", flat=True))


def assert_same(raw: str, limit: int) -> None:
    expected = reference(raw)
    results = search_associations(raw)
    assert results.count() == min(len(expected), limit), raw
    assert results.capped == (len(expected) > limit), raw
    assert [a.pk for a in results[:20]] == expected[: min(20, limit)], raw
    shown = expected[:limit]
    for start in range(0, len(shown), 3):  # every page of three, the walk's offsets included
        assert [a.pk for a in results[start : start + 3]] == shown[start : start + 3], (raw, start)


def tuned(**changes):
    """The search with some of its tuning changed (``tuning.TUNING``) for a while: lowered, the
    numbers make every path of the planner run on a handful of names."""
    return mock.patch.object(tuning, "TUNING", replace(tuning.TUNING, **changes))


def make(authority: Authority, names: list[str], codes: list[str]) -> list[Association]:
    made = Association.objects.bulk_create(
        Association(
            uscc=code,
            name=name,
            name_normalized=normalize_text(name),
            address="北京市",
            legal_representative="张三",
            staff_count=1,
            registration_type="social_group",
            registered_capital="1.00",
            business_scope="—",
            authority=authority,
            founded_on=date(2010, 1, 1),
        )
        for name, code in zip(names, codes, strict=True)
    )
    rebuild()
    return made


names = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(PREFIXES),
    st.text(alphabet=ALPHABET, min_size=1, max_size=9),
)


class IndexEqualsScan(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        names=st.lists(names, min_size=1, max_size=40),
        picks=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 20), st.integers(2, 6)), max_size=6),
        randoms=st.lists(st.text(alphabet=ALPHABET, min_size=2, max_size=6), max_size=4),
        small=st.sampled_from([0, 2, 2_000]),
        limit=st.sampled_from([5, 10_000]),
        probes=st.sampled_from([(1_000, 10_000), (0, 1), (0, 10_000), (1, 2)]),
        chunk=st.sampled_from([64, 1, 3]),
    )
    def test_index_equals_substring_scan(self, names, picks, randoms, small, limit, probes, chunk):
        authority = Authority.objects.create(code="110101", name="东城", level="district")
        codes = [f.uscc() for _ in names]
        made = make(authority, names, codes)
        assert mismatches() == []
        queries = [*randoms, codes[0].lower(), f"{codes[-1]} "]
        for index, start, length in picks:  # substrings of stored names, as typed
            name = made[index % len(made)].name
            queries.append(name[start % len(name) : start % len(name) + length])
        # small=0 or 2 walks every segment in display order; 2,000 reads each whole and sorts it.
        # Low probe bounds make every list "long": chosen by the sample, rows checked on others;
        # short chunks make walks jump along the first check's list.
        with tuned(
            small=small, count_limit=limit, small_probe=probes[0], probe_limit=probes[1], walk_chunk=chunk
        ):
            for raw in queries:
                if parse(raw).usable:
                    assert_same(raw, limit)


# --- targeted cases, through the services and the import ---------------------------------------


@pytest.fixture
def named(dc_staff):
    def create(*names: str) -> list[Association]:
        return [f.association(actor=dc_staff, name=name) for name in names]

    return create


@pytest.mark.parametrize("small", [0, 2_000])
def test_two_character_query_reads_its_bigram(named, small):
    named("海淀协会", "北京海淀区软件协会", "海淀区科技协会", "朝阳区协会", "海淀", "北京海淀区教育协会")
    with tuned(small=small):
        assert_same("海淀", 10_000)
        names = [a.name for a in search_associations("海淀")]
    assert names[0] == "海淀"  # exact name, then the names starting with it, then the rest
    assert set(names[1:3]) == {"海淀协会", "海淀区科技协会"}
    assert set(names[3:]) == {"北京海淀区软件协会", "北京海淀区教育协会"}


def test_longer_query_uses_its_rarest_bigram(named):
    named("北京市软件协会", "北京市软件行业协会", "上海市软件行业协会", "北京市物流行业协会")
    # Names holding these further in: 软件 3, 件行 2 (the shortest list), 行业 3.
    assert planner.rarest([("软件", False), ("件行", False), ("行业", False)]) == ("件行", False)
    assert [a.name for a in search_associations("软件行业")] == ["上海市软件行业协会", "北京市软件行业协会"]
    assert_same("市软件", 10_000)
    assert store.posting_length(planner.rarest([("不存", True), ("存在", False)])) == 0
    assert search_associations("不存在的").count() == 0


def long_lists(small_probe: int = 0, probe_limit: int = 1):
    """Every bigram list counts as long: the search estimates, checks and walks as at scale."""
    return tuned(small_probe=small_probe, probe_limit=probe_limit)


def test_when_every_list_is_long_the_sample_picks_the_shortest(named):
    named(
        "北京市软件协会",
        "北京市软件行业协会",
        "上海市软件行业协会",
        "北京市物流行业协会",
        "天津市物流行业协会",
    )
    later = [("软件", False), ("件行", False), ("行业", False), ("业协", False), ("协会", False)]
    with long_lists():  # all past PROBE_LIMIT: the estimate decides (件行 is in two names)
        assert planner.rarest(later) == ("件行", False)
    with long_lists(probe_limit=3):  # 件行 counted (2); 软件 (3) was the other estimated shortest
        assert planner.rarest(later) == ("件行", False)
    counted = mock.Mock(wraps=store.posting_length)
    with long_lists(), tuned(clear=1), mock.patch.object(store, "posting_length", counted):
        assert planner.rarest(later) == ("件行", False)  # estimated clearly shortest: not counted
    assert {call.args[1] for call in counted.call_args_list} == {0}
    assert planner.Lengths().estimate(("北京", True)) == 3
    assert planner.Lengths().estimate(("行业", False)) == 4


def test_rows_of_a_long_list_are_checked_on_other_lists_before_their_names(named):
    """Names holding 软件 and 行业 but not 软件行业: on some lists of 软件行业协会 and not others, or
    on all of them (北京件行业协会软件); only the name itself tells the last apart."""
    named(
        "北京软件行业协会",
        "北京软件和行业协会",
        "北京行业软件协会",
        "软件行业协会分会",
        "北京件行业协会软件",
        "北京件行业协会",
        "行业协会软件",
        "上海软件行业协会",
        "软件行业协会",
    )
    rest = {("软件", False): True, ("行业", False): True, ("业协", False): False, ("协会", False): False}
    # Of the six names on 件行, three are on 软件 further in, all six on the others: only 软件 tells.
    with tuned(sample_hits=1):
        assert planner.Lengths().telling(("件行", False), rest) == [("软件", False)]
    # Too few names on 件行 to tell: lists not overlapping it first, each by its length.
    assert planner.Lengths().telling(("件行", False), rest) == [
        ("业协", False),
        ("协会", False),
        ("软件", False),
        ("行业", False),
    ]
    with long_lists():
        best, checks = planner.plan([("软件", True), ("件行", False), ("行业", False)], planner.Lengths())
        assert best == ("软件", True) and checks == [("行业", False), ("件行", False)]
        for hits, small in [(1, 0), (8, 0), (8, 2_000)]:
            with tuned(sample_hits=hits, small=small):
                for raw in (
                    "软件行业协会",
                    "软件行业",
                    "件行业协会",
                    "北京软件行业",
                    "北京软件",
                    "行业协会软件",
                ):
                    assert_same(raw, 10_000)
    assert [a.name for a in search_associations("软件行业协会")] == [
        "软件行业协会",
        "软件行业协会分会",
        "上海软件行业协会",
        "北京软件行业协会",
    ]


def test_a_walk_passes_names_off_the_first_checks_list_in_one_lookup(db):
    """重庆市海淀区…, late in display order on the list of 庆市: the walk jumps there along 淀区's."""
    authority = Authority.objects.create(code="110101", name="东城", level="district")
    names = [f"重庆市东城区{n:02d}协会" for n in range(30)] + ["重庆市海淀区"]
    names += [f"重庆市海淀区{n:02d}协会" for n in range(5)] + [f"北京市海淀区{n:02d}协会" for n in range(60)]
    make(authority, names, [f.uscc() for _ in names])
    sql = []
    fetch = store.fetch

    def spy(text, params):
        sql.append(text)
        return fetch(text, params)

    with long_lists(), tuned(small=0, walk_chunk=4), mock.patch.object(store, "fetch", spy):
        prefix = planner.plan(
            [("重庆", True), ("庆市", False), ("市海", False), ("海淀", False), ("淀区", False)],
            planner.Lengths(),
        )
        assert prefix == (("庆市", False), [("市海", False), ("海淀", False), ("淀区", False)])
        for raw in ("重庆市海淀区", "重庆市海淀", "市海淀区", "海淀区0", "庆市东"):
            assert_same(raw, 10_000)
        sql.clear()
        assert [a.name for a in search_associations("重庆市海淀区")[:3]] == [
            "重庆市海淀区",
            "重庆市海淀区00协会",
            "重庆市海淀区01协会",
        ]
    jumps = [text for text in sql if text.startswith("SELECT name, association_id")]
    walked = [text for text in sql if "CASE WHEN NOT (EXISTS" in text]  # the prefix's walk
    assert len(jumps) == 1 and len(walked) == 2  # not the eight reads of 30 names, four at a time


def test_code_then_exact_name_then_prefix(named):
    made = named("北京协会", "北京协会研究会", "中国北京协会")
    holder = named(f"北京{made[2].uscc}研究会")[0]
    assert [a.pk for a in search_associations("北京协会")] == [m.pk for m in made]
    assert [a.pk for a in search_associations(made[2].uscc.lower())] == [made[2].pk, holder.pk]


def test_rename_replaces_the_old_bigrams(dc_staff, named):
    (assoc,) = named("北京餐饮协会")
    association_modify(
        actor=dc_staff, association=assoc, changes={"name": "北京软件协会"}, reason="更名", expected_version=1
    )
    assert search_associations("餐饮").count() == 0
    assert [a.pk for a in search_associations("软件")] == [assoc.pk]
    assert set(NameGram.objects.filter(association=assoc).values_list("gram", "start")) == {
        ("北京", True),
        ("京软", False),
        ("软件", False),
        ("件协", False),
        ("协会", False),
    }
    assert mismatches() == []


def test_rename_that_keeps_the_normalised_name_moves_the_rows_in_display_order(dc_staff, named):
    (assoc,) = named("abc软件协会")
    association_modify(
        actor=dc_staff, association=assoc, changes={"name": "ABC软件协会"}, reason="更名", expected_version=1
    )
    assert set(NameGram.objects.filter(association=assoc).values_list("name", flat=True)) == {"ABC软件协会"}
    assert mismatches() == []
    with tuned(small=0):
        assert_same("软件", 10_000)


def test_a_bigram_both_first_and_further_in_has_both_rows(named):
    (twice,) = named("北京北京市协会")
    assert NameGram.objects.filter(association=twice, gram="北京").count() == 2
    with tuned(small=0):
        assert_same("北京", 10_000)
        assert_same("北京市", 10_000)


def test_one_character_name_has_no_bigrams_and_is_never_found(named):
    (one,) = named("会")
    assert not NameGram.objects.filter(association=one).exists()
    assert mismatches() == []


def test_walks_go_on_chunk_after_chunk(db):
    """Matches far apart in display order: the walk reads several chunks of bigram rows."""
    authority = Authority.objects.create(code="110101", name="东城", level="district")
    names = [f"北京{n:03d}软件协会" for n in range(400)]
    names += [f"北京{n:03d}软件行业协会" for n in range(0, 400, 37)]
    make(authority, names, [f.uscc() for _ in names])
    with tuned(small=0, count_limit=1_000):
        for raw in ("软件行业", "件行", "北京3", "京3", "北京399软件行业协会"):
            assert_same(raw, 1_000)


def test_count_is_bounded_and_paging_stops_there(named):
    named(*[f"北京分页{n:02d}协会" for n in range(12)])
    with tuned(count_limit=10, small=3):
        results = search_associations("分页")
        assert results.count() == 10 and results.capped
        assert_same("分页", 10)
        assert_same("京分页", 10)


def test_rebuild_and_check_find_a_tampered_index(named):
    named("北京软件协会", "海淀软件协会")
    NameGram.objects.filter(gram="软件").delete()
    assert mismatches()
    rebuild()
    assert mismatches() == []
    assert search_associations("软件").count() == 2


def test_rebuild_command(named, capsys):
    from django.core.management import call_command

    named("北京软件协会")
    call_command("rebuild_search_index")
    call_command("rebuild_search_index", "--check")
    assert "matches the names" in capsys.readouterr().out
    NameGram.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("rebuild_search_index", "--check")


def test_bulk_import_writes_the_index_in_its_transaction(dc_staff, dongcheng):
    from xinyong.exchange.tests.helpers import csv_bytes, staff_import
    from xinyong.exchange.tests.test_associations import HEADER, association_row

    rows = [association_row(n) for n in range(1, 4)]
    outcome = staff_import(dc_staff, csv_bytes(rows, header=HEADER), name="登记.csv")
    assert outcome.created == 3
    assert mismatches() == []
    assert NameGram.objects.filter(gram="第1").count() == 1
    assert [a.name for a in search_associations("第2行业")] == ["北京市东城区第2行业协会"]
    assert_same("行业", 10_000)


def test_page_and_api_say_more_than_when_the_count_is_capped(client, named):
    from django.urls import reverse
    from rest_framework.test import APIClient

    named(*[f"北京分页{n:02d}协会" for n in range(6)])
    with tuned(count_limit=5):
        html = client.get(reverse("disclosure:search"), {"q": "分页"}).content.decode()
        body = APIClient().get("/api/v1/associations", {"q": "分页"}).json()
    assert "找到 5 多个协会，只列出前 5 个" in html
    assert body["count"] == 5 and body["count_capped"] is True
    assert APIClient().get("/api/v1/associations", {"q": "分页"}).json()["count_capped"] is False
