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
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.rawinsert import Inserter
from xinyong.records.choices import RecordStatus
from xinyong.records.kinds import DATA_COLUMNS, KINDS
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import evidence_snapshot, record_snapshot
from xinyong.registry.models import Association, Authority, NameGram, normalize_text
from xinyong.registry.search_index import gram_rows
from xinyong.registry.services import association_snapshot

from .associations import ASSOCIATION_FIELDS
from .bulk import ChainWriter, IdAllocator, content
from .rows import EvidenceSource, existing_records, same_record
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
    chunks: Iterable[list[tuple]],
    sources: list[EvidenceSource],
    reason: Callable[[int], str],
    now: datetime,
    on_chunk: Callable[[list[int], int], None],
) -> tuple[int, int]:
    """Insert the staged record rows; returns (created, already present)."""
    ids = IdAllocator()
    chain = ChainWriter(ids)
    actor = Actor(submitter, dict(Authority.objects.values_list("pk", "name")))
    records_out, evidence_out, history_out = (
        Inserter(CreditRecord),
        Inserter(Evidence),
        Inserter(HistoryEntry),
    )
    created = present = 0
    for chunk in chunks:
        associations = {
            pk: (authority_id, founded_on)
            for pk, authority_id, founded_on in Association.objects.filter(
                pk__in={row[1] for row in chunk}
            ).values_list("pk", "authority_id", "founded_on")
        }
        existing = existing_records(row[4] for row in chunk)
        fresh = []
        for row in chunk:
            number, association_id, authority_id, _kind, key, data_values, *_rest = row
            now_authority, founded_on = associations[association_id]
            data = dict(zip(DATA_COLUMNS, data_values, strict=True))
            if now_authority != authority_id or data["event_date"] < founded_on:
                raise _changed(_("第 %(row)d 行的协会") % {"row": number})
            if key in existing:
                if not same_record(existing[key], data):
                    raise _changed(_("第 %(row)d 行的记录已由其他批次导入") % {"row": number})
                present += 1
                continue
            fresh.append((row, data))
        record_ids = ids.take(CreditRecord, len(fresh))
        evidence_ids = ids.take(Evidence, len(fresh))
        records, evidence, contents = [], [], []
        for (row, data), record_id, evidence_id in zip(fresh, record_ids, evidence_ids, strict=True):
            number, association_id, authority_id, kind, key, _values, confidentiality, staged, recorded_at = (
                row
            )
            record = {
                "id": record_id,
                "association_id": association_id,
                "kind": kind,
                "category": KINDS[kind].category,
                "recorded_by_id": authority_id,
                "recorded_at": recorded_at or now,
                "status": RecordStatus.RECORDED,
                "confidentiality": confidentiality,
                "confidential_fields": {},
                "version": 1,
                "import_batch_id": batch.pk,
                "import_key": key,
                **data,
            }
            ev_kind, ev_number, ev_issuer, issued_on, index = staged
            source = sources[index]
            item = {
                "id": evidence_id,
                "record_id": record_id,
                "kind": ev_kind,
                "document_number": ev_number,
                "issuer": ev_issuer,
                "issued_on": issued_on,
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
            who = actor.columns(authority_id)
            text = reason(number)
            contents.append(
                content(
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
                content(
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
        history_out.insert(chain.entries(contents))
        created += len(records)
        on_chunk(record_ids, len(chunk))
    return created, present


def apply_associations(
    *,
    submitter: Submitter,
    chunks: Iterable[list[tuple]],
    reason: Callable[[int], str],
    now: datetime,
    on_chunk: Callable[[list[int], int], None],
) -> tuple[int, int]:
    """Insert the staged associations (R-INF-1); returns (created, already present)."""
    ids = IdAllocator()
    chain = ChainWriter(ids)
    authority = submitter.user.authority
    actor = Actor(submitter, {authority.pk: authority.name})
    associations_out, history_out = Inserter(Association), Inserter(HistoryEntry)
    grams_out = Inserter(NameGram)
    created = 0
    for chunk in chunks:
        codes = [row[2] for row in chunk]
        taken = sorted(Association.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
        if taken:
            raise _changed(_("统一社会信用代码 %(code)s 已被登记") % {"code": taken[0]})
        new_ids = ids.take(Association, len(chunk))
        associations, contents, grams = [], [], []
        for row, association_id in zip(chunk, new_ids, strict=True):
            number, *fields = row
            association = {
                "id": association_id,
                "authority_id": authority.pk,
                "confidential_fields": {},
                "version": 1,
                "created_at": now,
                "updated_at": now,
                **dict(zip(ASSOCIATION_FIELDS, fields, strict=True)),
            }
            association["name_normalized"] = normalize_text(association["name"])
            associations.append(association)
            grams += gram_rows(association_id, association["name"], association["name_normalized"])
            contents.append(
                content(
                    created_at=now,
                    **actor.columns(authority.pk),
                    action=Action.ASSOCIATION_CREATE,
                    object_type=ObjectType.ASSOCIATION,
                    object_id=association_id,
                    association_id=association_id,
                    before=None,
                    after=association_snapshot(SimpleNamespace(**association)),
                    reason=reason(number),
                )
            )
        associations_out.insert(associations)
        grams_out.insert(grams)  # the public search's index (issue 7), in the same transaction
        history_out.insert(chain.entries(contents))
        created += len(associations)
        on_chunk(new_ids, len(chunk))
    return created, 0
