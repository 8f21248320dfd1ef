"""Withdrawn means withdrawn, on every public surface (issue 13).

Hypothesis drives random sequences of what clerks and time do — record, modify, mark a field or
a whole record confidential, revoke, correct after an objection, change or hide basic
information, let a day pass, export open data, issue a report — and after every step reads every
surface that serves the public or a department: the profile page, the search page, the public
API, the department API, the change feed replayed from 0, the open-data downloads, the
verification page of every report issued so far, the content a public report would print and
(at every issue step and after the last step) the text of a freshly issued public PDF.

Every value written carries a unique token. An independent model of the publication rules says
which tokens are public at that moment; every other token ever written has been withdrawn and
must appear on no surface, and every public one must appear where the whole public form is
served (so the check cannot pass by serving nothing).
"""

import io
import itertools
import json
from dataclasses import dataclass, field
from datetime import timedelta
from unittest import mock

import pypdfium2
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from xinyong.accounts.models import Role
from xinyong.api.services import api_key_issue
from xinyong.objections.choices import ObjectionStatus
from xinyong.objections.corrections import objection_correct_record
from xinyong.objections.services import Attachment, objection_conclude, objection_file, objection_verify
from xinyong.opendata.export import FILES, export_open_data
from xinyong.records.services import record_modify, record_revoke
from xinyong.registry.choices import Confidentiality
from xinyong.registry.services import association_modify
from xinyong.reports.choices import ReportVersion
from xinyong.reports.content import build_content
from xinyong.reports.models import IssuedReport
from xinyong.testing import factories as f

PURPOSE = "政府购买服务承接主体资格审查"
TEXT_FIELDS = {"dishonesty": ("misconduct", "penalty", "legal_basis"), "honour": ("title", "counterpart")}
BASIC_FIELDS = ("address", "legal_representative")
LETTERS = "ABCDEFGHJKLMNP"  # no Z or Q: "ZQ" starts a token and nothing else


def token(n: int) -> str:
    digits = []
    for _ in range(4):
        n, d = divmod(n, len(LETTERS))
        digits.append(LETTERS[d])
    return "ZQ" + "".join(digits)


@dataclass
class ModelRecord:
    kind: str
    association: int
    values: dict[str, str]
    last_public_day: object | None = None  # honour: valid_until; dishonesty: years away
    confidential_fields: set[str] = field(default_factory=set)
    confidential: bool = False
    revoked: bool = False
    obj: object = None


@dataclass
class ModelAssociation:
    values: dict[str, str]
    confidential_fields: set[str] = field(default_factory=set)
    obj: object = None
    user: object = None


actions = st.one_of(
    st.tuples(
        st.just("record"), st.sampled_from(["dishonesty", "honour"]), st.integers(0, 1), st.integers(0, 2)
    ),
    st.tuples(st.just("modify"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("mark_field"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("mark_record"), st.integers(0, 9)),
    st.tuples(st.just("revoke"), st.integers(0, 9)),
    st.tuples(st.just("objection_correct"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("basic_modify"), st.integers(0, 1), st.integers(0, 1)),
    st.tuples(st.just("basic_mark"), st.integers(0, 1), st.integers(0, 1)),
    st.tuples(st.just("next_day")),
    st.tuples(st.just("export")),
    st.tuples(st.just("issue_report"), st.integers(0, 1)),
)


# Rate limits are not what this is about: every surface is read a few hundred times per run.
@override_settings(
    XINYONG_PUBLIC_RATE_LIMITS={}, XINYONG_REPORT_RATE_LIMITS={"issue": (10**6, 60), "verify": (10**6, 60)}
)
class WithdrawnEverywhere(TestCase):
    @settings(
        max_examples=10,
        deadline=None,
        # Each step reads a dozen surfaces and draws a PDF: shrinking would take many minutes, and
        # a failure already names the surface, the leaked tokens and every step that led there.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(steps=st.lists(actions, min_size=2, max_size=6))
    def test_no_surface_serves_what_is_not_public_now(self, steps):
        World(self).run(steps)


class World:
    def __init__(self, case: TestCase):
        self.case = case
        self.serial = itertools.count()
        self.written: set[str] = set()
        self.today = timezone.localdate()
        self.offset = 0
        city = f.authority()
        district = f.authority(code="110101", name="北京市东城区民政局", parent=city)
        self.staff = f.staff(district, username="clerk")
        admin = f.user(role=Role.ADMIN, username="admin")
        key = api_key_issue(
            actor=admin, department=f.department(), label="采购平台", can_query=True, can_deliver=False
        )
        self.department = Client(HTTP_AUTHORIZATION=f"Bearer {key.plaintext}")
        self.public = Client()
        self.associations: list[ModelAssociation] = []
        for n in range(2):
            values = {name: self.new_value(name) for name in BASIC_FIELDS}
            obj = f.association(
                actor=self.staff, name=f"北京市东城区第{n + 1}号测试协会", branches=[], **values
            )
            user = f.user(role=Role.ASSOCIATION, association=obj, username=f"assoc{n}")
            self.associations.append(ModelAssociation(values, obj=obj, user=user))
        self.records: list[ModelRecord] = []
        self.log: list[tuple] = []

    # --- the model of the publication rules ---------------------------------------------------

    def new_value(self, name: str) -> str:
        value = token(next(self.serial))
        self.written.add(value)
        return {
            "address": f"北京市东城区{value}胡同1号",
            "legal_representative": f"张{value}",
            "misconduct": f"未按规定报送年度工作报告{value}",
            "penalty": f"警告{value}",
            "legal_basis": f"《社会团体登记管理条例》第三十条{value}",
            "title": f"先进社会组织{value}",
            "counterpart": f"北京市民政局{value}",
        }[name]

    def public_tokens(self, association: int | None = None) -> set[str]:
        """The tokens public now (of one association, or of all)."""
        values: list[str] = []
        for n, a in enumerate(self.associations):
            if association in (None, n):
                values += [v for k, v in a.values.items() if k not in a.confidential_fields]
        for r in self.records:
            if (
                association not in (None, r.association)
                or r.revoked
                or r.confidential
                or self.now > r.last_public_day
            ):
                continue
            values += [v for k, v in r.values.items() if k not in r.confidential_fields]
        return {t for t in self.written if any(t in v for v in values)}

    @property
    def now(self):
        return self.today + timedelta(days=self.offset)

    # --- steps ------------------------------------------------------------------------------

    def run(self, steps) -> None:
        with mock.patch("django.utils.timezone.localdate", self.localdate):
            export_open_data()
            for n, step in enumerate(steps):
                self.log.append(step)
                getattr(self, f"do_{step[0]}")(*step[1:])
                self.check(pdf=step[0] == "issue_report" or n == len(steps) - 1)

    def localdate(self, value=None, *args, **kwargs):
        if value is not None:
            return timezone.localtime(value).date() + timedelta(days=self.offset)
        return self.now

    def record_at(self, index: int) -> ModelRecord | None:
        live = [r for r in self.records if not r.revoked]
        return live[index % len(live)] if live else None

    def do_record(self, kind: str, association: int, days_left: int) -> None:
        values = {name: self.new_value(name) for name in TEXT_FIELDS[kind]}
        data = dict(values)
        if kind == "honour":
            data |= {
                "event_date": self.now - timedelta(days=30),
                "valid_until": self.now + timedelta(days=days_left),
            }
            last = self.now + timedelta(days=days_left)
        else:
            data |= {"event_date": self.now - timedelta(days=100)}
            last = self.now + timedelta(days=365)
        model = self.associations[association]
        obj = f.record(actor=self.staff, association_obj=model.obj, kind=kind, data=data)
        self.records.append(ModelRecord(kind, association, values, last, obj=obj))

    def _modify(self, r: ModelRecord, reason: str, **kwargs) -> None:
        r.obj.refresh_from_db()
        r.obj = record_modify(
            actor=self.staff, record=r.obj, reason=reason, expected_version=r.obj.version, **kwargs
        )

    def do_modify(self, index: int, which: int) -> None:
        if (r := self.record_at(index)) is None:
            return
        name = TEXT_FIELDS[r.kind][which % len(TEXT_FIELDS[r.kind])]
        r.values[name] = self.new_value(name)
        self._modify(r, "更正", changes={name: r.values[name]})

    def do_mark_field(self, index: int, which: int) -> None:
        if (r := self.record_at(index)) is None:
            return
        name = TEXT_FIELDS[r.kind][which % len(TEXT_FIELDS[r.kind])]
        if name in r.confidential_fields:
            return  # the service refuses a change that changes nothing
        r.confidential_fields.add(name)
        marks = dict.fromkeys(r.confidential_fields, Confidentiality.PERSONAL_PRIVACY)
        self._modify(r, "涉及个人隐私", changes={}, confidential_fields=marks)

    def do_mark_record(self, index: int) -> None:
        if (r := self.record_at(index)) is None or r.confidential:
            return
        r.confidential = True
        self._modify(r, "整条涉及商业秘密", changes={}, confidentiality=Confidentiality.COMMERCIAL_SECRET)

    def do_revoke(self, index: int) -> None:
        if (r := self.record_at(index)) is None:
            return
        r.obj.refresh_from_db()
        record_revoke(actor=self.staff, record=r.obj, reason="记录错误", expected_version=r.obj.version)
        r.revoked = True

    def do_objection_correct(self, index: int, which: int) -> None:
        if (r := self.record_at(index)) is None:
            return
        association = self.associations[r.association]
        objection = objection_file(
            actor=association.user,
            association=association.obj,
            records=[r.obj],
            statement="该记录与事实不符，所附文件可以证明。",
            attachments=[Attachment(file=io.BytesIO(f.MINIMAL_PDF), name="说明.pdf")],
        )
        objection = objection_verify(
            actor=self.staff, objection=objection, expected_version=objection.version
        )
        name = TEXT_FIELDS[r.kind][which % len(TEXT_FIELDS[r.kind])]
        r.values[name] = self.new_value(name)
        r.obj.refresh_from_db()
        objection_correct_record(
            actor=self.staff,
            objection=objection,
            record=r.obj,
            reason="核实后更正",
            expected_version=r.obj.version,
            changes={name: r.values[name]},
        )
        r.obj.refresh_from_db()
        objection.refresh_from_db()
        objection_conclude(
            actor=self.staff,
            objection=objection,
            outcome=ObjectionStatus.CORRECTED,
            explanation="经核实，原记录有误，已更正。",
            expected_version=objection.version,
        )

    def do_basic_modify(self, index: int, which: int) -> None:
        a = self.associations[index]
        name = BASIC_FIELDS[which]
        a.values[name] = self.new_value(name)
        self._modify_basic(a, "登记事项变更", {name: a.values[name]})

    def do_basic_mark(self, index: int, which: int) -> None:
        a = self.associations[index]
        if BASIC_FIELDS[which] in a.confidential_fields:
            return
        a.confidential_fields.add(BASIC_FIELDS[which])
        marks = dict.fromkeys(a.confidential_fields, Confidentiality.PERSONAL_PRIVACY)
        self._modify_basic(a, "涉及个人隐私", {"confidential_fields": marks})

    def _modify_basic(self, a: ModelAssociation, reason: str, changes: dict) -> None:
        a.obj.refresh_from_db()
        a.obj = association_modify(
            actor=self.staff,
            association=a.obj,
            changes=changes,
            reason=reason,
            expected_version=a.obj.version,
        )

    def do_next_day(self) -> None:
        self.offset += 1

    def do_export(self) -> None:
        export_open_data()

    def do_issue_report(self, index: int) -> None:
        response = self.public.post(reverse("reports:public", args=[self.associations[index].obj.uscc]))
        assert response.status_code == 200, response.status_code

    # --- the surfaces -------------------------------------------------------------------------

    def surfaces(self, *, pdf: bool) -> tuple[dict[str, str], dict[tuple[str, int | None], str]]:
        """(every surface's text, the surfaces that serve whole public forms, by (name,
        association they serve or None for all))."""
        texts: dict[str, str] = {}
        whole: dict[tuple[str, int | None], str] = {}
        for n, a in enumerate(self.associations):
            uscc = a.obj.uscc
            texts[f"profile {n}"] = self.get(self.public, reverse("disclosure:profile", args=[uscc]))
            texts[f"search {n}"] = self.get(self.public, "/search", {"q": a.obj.name})
            texts[f"public API {n}"] = self.get(self.public, f"/api/v1/associations/{uscc}")
            texts[f"department API {n}"] = self.get(
                self.department, f"/api/v1/shared/associations/{uscc}", {"purpose": PURPOSE}
            )
            # The PDF is drawn from this content and nothing else (reports/content.py); drawing
            # one takes about a second, so the PDF itself is read at issue steps and at the end.
            content = build_content(a.obj, version=ReportVersion.PUBLIC, as_of=self.now)
            texts[f"report content {n}"] = json.dumps(content, ensure_ascii=False)
            surfaces = ["profile", "public API", "department API", "report content"]
            if pdf:
                texts[f"public PDF {n}"] = self.pdf_text(uscc)
                surfaces.append("public PDF")
            for surface in surfaces:
                whole[(surface, n)] = texts[f"{surface} {n}"]
        texts["department batch"] = self.get(
            self.department,
            "/api/v1/shared/profiles",
            {"uscc": ",".join(a.obj.uscc for a in self.associations), "purpose": PURPOSE},
        )
        pages, mirror = self.replay_feed()
        texts["feed pages"] = pages
        texts["feed mirror"] = whole[("feed mirror", None)] = mirror
        for name in (*FILES, "manifest.json"):
            texts[f"open data {name}"] = self.get(self.public, f"/open-data/{name}")
        for suffix in ("jsonl", "csv"):
            both = texts[f"open data records.{suffix}"] + texts[f"open data associations.{suffix}"]
            whole[(f"open data {suffix}", None)] = both
        texts["open data page"] = self.get(self.public, "/open-data/")
        for report in IssuedReport.objects.all():
            url = reverse("reports:verify", args=[report.number])
            texts[f"verify {report.number}"] = self.get(self.public, url, {"code": report.verification_code})
        return texts, whole

    def get(self, client: Client, url: str, params=None) -> str:
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return b"".join(response.streaming_content).decode("utf-8-sig")
        return response.content.decode("utf-8-sig")

    def pdf_text(self, uscc: str) -> str:
        response = self.public.post(reverse("reports:public", args=[uscc]))
        assert response.status_code == 200
        pdf = pypdfium2.PdfDocument(response.content)
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        return "".join(text.split())  # a token wrapped across lines is still found

    def replay_feed(self) -> tuple[str, str]:
        pages, mirror, after = [], {}, 0
        while True:
            page = json.loads(self.get(self.public, "/api/v1/feed", {"after": after, "limit": 4}))
            pages.append(json.dumps(page, ensure_ascii=False))
            for change in page["changes"]:
                key = (change["subject"], change["object_id"])
                if change["data"] is None:
                    mirror.pop(key, None)
                else:
                    mirror[key] = change["data"]
            after = page["next"]
            if not page["has_more"]:
                return "".join(pages), json.dumps(list(mirror.values()), ensure_ascii=False)

    def check(self, *, pdf: bool) -> None:
        texts, whole = self.surfaces(pdf=pdf)
        public = self.public_tokens()
        withdrawn = self.written - public
        for name, text in texts.items():
            leaked = sorted(t for t in withdrawn if t in text)
            assert not leaked, f"{name} serves withdrawn {leaked} after {self.log}"
        for (name, association), text in whole.items():
            missing = sorted(t for t in self.public_tokens(association) if t not in text)
            assert not missing, f"{name} lacks public {missing} after {self.log}"
