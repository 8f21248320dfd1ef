"""Objections in the demo (R-OBJ): one being verified and one answered, both by 朝阳's association.

Filed through the services like everything else, so they are in the history and their deadlines
come from the official calendar (they are filed today, the day the demo is built).
"""

import io

from xinyong.accounts.models import User
from xinyong.objections.choices import ObjectionStatus
from xinyong.objections.services import Attachment, objection_conclude, objection_file, objection_verify
from xinyong.records.choices import Kind, RecordStatus
from xinyong.records.models import CreditRecord

from .data import SHOWCASE
from .files import pdf_bytes
from .writer import Place


def showcase_objections(places: dict[str, Place]) -> None:
    place = places[SHOWCASE["assoc_chaoyang"]]
    association = place.association
    filer = User.objects.get(username="assoc_chaoyang", association=association)
    clerk = User.objects.filter(role="staff", authority=association.authority).order_by("pk").first()
    recorded = CreditRecord.objects.filter(association=association, status=RecordStatus.RECORDED)

    penalty = recorded.filter(kind=Kind.DISHONESTY).order_by("-event_date").first()
    objection = objection_file(
        actor=filer,
        association=association,
        records=[penalty],
        statement=(
            "本会已于处罚后全额退还向会员单位收取的费用，并经会员代表大会通过了收费整改方案。"
            "请核实后更正该失信信息的处罚结果表述。"
        ),
        attachments=[
            _material("退费凭证汇总.pdf", "退费凭证汇总", ["Refund vouchers: 38 member fees returned"])
        ],
    )
    objection_verify(actor=clerk, objection=objection, expected_version=objection.version)

    inspection = recorded.filter(kind=Kind.ANNUAL_INSPECTION).order_by("-event_date").first()
    answered = objection_file(
        actor=filer,
        association=association,
        records=[inspection],
        statement="本会认为年检结论应为“合格”，当年的整改材料已按期报送。",
        attachments=[
            _material("整改材料报送回执.pdf", "整改材料报送回执", ["Receipt for rectification documents"])
        ],
    )
    answered = objection_verify(actor=clerk, objection=answered, expected_version=answered.version)
    objection_conclude(
        actor=clerk,
        objection=answered,
        outcome=ObjectionStatus.CONFIRMED,
        explanation="经核实，年检结论依据年检结果通知作出，整改材料在结论作出后才报送，原信息无误，予以维持。",
        expected_version=answered.version,
    )


def _material(name: str, title: str, lines: list[str]) -> Attachment:
    return Attachment(file=io.BytesIO(pdf_bytes(title=title, lines=lines)), name=name)
