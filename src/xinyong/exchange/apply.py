"""Writing a validated batch: rows, evidence and history in chunks, inside the caller's one
transaction (R-EXC-1: all or nothing).

Each record is written as ``records.services.record_create`` writes it — the record, its
``record.create`` entry with ``record_snapshot``, then its evidence with an ``evidence.add``
entry with ``evidence_snapshot`` — and each association as ``registry.services.association_create``
does, with ``association_snapshot``. The snapshot functions are the services' own, called on
plain attribute holders instead of model instances (much cheaper, same attributes), so
``xinyong verify_history`` finds every imported row equal to its last snapshot. What was validated
is re-checked here, under the lock, so that nothing that changed since (an association moved to
another authority, the same record imported by a concurrent batch) slips in.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.utils.translation import gettext as _

from xinyong.errors import DomainError
from xinyong.history.bulk import history_append_many
from xinyong.history.chain import entry_content
from xinyong.rawinsert import IdAllocator, Inserter
from xinyong.records.choices import RecordStatus
from xinyong.records.history_types import Action, ObjectType
from xinyong.records.kinds import KINDS
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import evidence_snapshot, record_snapshot
from xinyong.registry.history_types import Action as RegistryAction
from xinyong.registry.history_types import ObjectType as RegistryObjectType
from xinyong.registry.models import Association, Authority, NameGram, normalize_text
from xinyong.registry.search_index import gram_rows
from xinyong.registry.services import association_snapshot

from .associations import StagedAssociation
from .evidence import EvidenceSource
from .natural_keys import existing_records, same_record
from .record_rows import StagedRecord
from .submitter import Submitter


class BatchChanged(DomainError):
    """Something the batch was validated against changed before it could be applied."""

    status_code = 409


@dataclass
class Actor:
    """The actor columns of the batch's history entries."""

    submitter: Submitter
    authority_names: dict[int, str]

    def columns(self, authority_id: int) -> dict:
        sub = self.submitter
        if sub.is_department:
            # No user acted: the department did, through the channel named in ``via``.
            name = sub.department.name + (f"（{sub.via}）" if sub.via else "")
            return {
                "actor_id": None,
                "actor_name": name[:150],
                "authority_id": authority_id,
                "authority_name": self.authority_names[authority_id],
            }
        return {
            "actor_id": sub.user.pk,
            "actor_name": sub.user.get_username(),
            "authority_id": sub.user.authority_id,
            "authority_name": self.authority_names[sub.user.authority_id],
        }


def _changed(message: str) -> BatchChanged:
    return BatchChanged(
        _("数据在校验之后发生了变化（%(what)s）：本批次没有写入任何数据，请重新提交。") % {"what": message}
    )


def apply_records(
    *,
    batch,
    submitter: Submitter,
    chunks: Iterable[list[StagedRecord]],
    sources: list[EvidenceSource],
    reason: Callable[[int], str],
    now: datetime,
    on_chunk: Callable[[int], None],
) -> tuple[int, int]:
    """Insert the staged record rows; returns (created, already present)."""
    ids = IdAllocator()
    actor = Actor(submitter, dict(Authority.objects.values_list("pk", "name")))
    records_out, evidence_out = Inserter(CreditRecord), Inserter(Evidence)
    created = present = 0
    for chunk in chunks:
        associations = {
            pk: (authority_id, founded_on)
            for pk, authority_id, founded_on in Association.objects.filter(
                pk__in={row.association_id for row in chunk}
            ).values_list("pk", "authority_id", "founded_on")
        }
        existing = existing_records(row.key for row in chunk)
        fresh: list[tuple[StagedRecord, dict]] = []
        for row in chunk:
            now_authority, founded_on = associations[row.association_id]
            data = row.data()
            if now_authority != row.authority_id or data["event_date"] < founded_on:
                raise _changed(_("第 %(row)d 行的协会") % {"row": row.row})
            if row.key in existing:
                if not same_record(existing[row.key], data):
                    raise _changed(_("第 %(row)d 行的记录已由其他批次导入") % {"row": row.row})
                present += 1
                continue
            fresh.append((row, data))
        record_ids = ids.take(CreditRecord, len(fresh))
        evidence_ids = ids.take(Evidence, len(fresh))
        records, evidence, contents = [], [], []
        for (row, data), record_id, evidence_id in zip(fresh, record_ids, evidence_ids, strict=True):
            association_id = row.association_id
            record = {
                "id": record_id,
                "association_id": association_id,
                "kind": row.kind,
                "category": KINDS[row.kind].category,
                "recorded_by_id": row.authority_id,
                "recorded_at": row.recorded_at or now,
                "status": RecordStatus.RECORDED,
                "confidentiality": row.confidentiality,
                "confidential_fields": {},
                "version": 1,
                "import_batch_id": batch.pk,
                "import_key": row.key,
                **data,
            }
            staged = row.evidence
            source = sources[staged.source]
            item = {
                "id": evidence_id,
                "record_id": record_id,
                "kind": staged.kind,
                "document_number": staged.number,
                "issuer": staged.issuer,
                "issued_on": staged.issued_on,
                "file": source.path,
                "original_name": source.name[:255],
                "content_type": source.content_type,
                "size": source.size,
                "sha256": source.sha256,
                "uploaded_at": now,
                "revoked": False,
            }
            records.append(record)
            evidence.append(item)
            who = actor.columns(row.authority_id)
            text = reason(row.row)
            contents.append(
                entry_content(
                    created_at=now,
                    **who,
                    action=Action.RECORD_CREATE,
                    object_type=ObjectType.RECORD,
                    object_id=record_id,
                    association_id=association_id,
                    before=None,
                    after=record_snapshot(SimpleNamespace(**record)),
                    reason=text,
                )
            )
            contents.append(
                entry_content(
                    created_at=now,
                    **who,
                    action=Action.EVIDENCE_ADD,
                    object_type=ObjectType.EVIDENCE,
                    object_id=evidence_id,
                    association_id=association_id,
                    before=None,
                    after=evidence_snapshot(SimpleNamespace(**item)),
                    reason=text,
                )
            )
        records_out.insert(records)
        evidence_out.insert(evidence)
        history_append_many(contents)  # last: its signal's receivers see the rows
        created += len(records)
        on_chunk(len(chunk))
    return created, present


def apply_associations(
    *,
    submitter: Submitter,
    chunks: Iterable[list[StagedAssociation]],
    reason: Callable[[int], str],
    now: datetime,
    on_chunk: Callable[[int], None],
) -> tuple[int, int]:
    """Insert the staged associations (R-INF-1); returns (created, already present)."""
    ids = IdAllocator()
    authority = submitter.user.authority
    actor = Actor(submitter, {authority.pk: authority.name})
    associations_out, grams_out = Inserter(Association), Inserter(NameGram)
    created = 0
    for chunk in chunks:
        codes = [row.data()["uscc"] for row in chunk]
        taken = sorted(Association.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
        if taken:
            raise _changed(_("统一社会信用代码 %(code)s 已被登记") % {"code": taken[0]})
        new_ids = ids.take(Association, len(chunk))
        associations, contents, grams = [], [], []
        for row, association_id in zip(chunk, new_ids, strict=True):
            association = {
                "id": association_id,
                "authority_id": authority.pk,
                "confidential_fields": {},
                "version": 1,
                "created_at": now,
                "updated_at": now,
                **row.data(),
            }
            association["name_normalized"] = normalize_text(association["name"])
            associations.append(association)
            grams += gram_rows(association_id, association["name"], association["name_normalized"])
            contents.append(
                entry_content(
                    created_at=now,
                    **actor.columns(authority.pk),
                    action=RegistryAction.ASSOCIATION_CREATE,
                    object_type=RegistryObjectType.ASSOCIATION,
                    object_id=association_id,
                    association_id=association_id,
                    before=None,
                    after=association_snapshot(SimpleNamespace(**association)),
                    reason=reason(row.row),
                )
            )
        associations_out.insert(associations)
        grams_out.insert(grams)  # the public search's index (issue 7), in the same transaction
        history_append_many(contents)
        created += len(associations)
        on_chunk(len(chunk))
    return created, 0
