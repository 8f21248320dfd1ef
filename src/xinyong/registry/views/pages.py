"""Back-office pages for associations: list, detail, registration (新增) and 变更 (R-INF-1)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view, submit
from xinyong.extensions import correction_for, page_context
from xinyong.history.merge import merge_after_refusal
from xinyong.records.choices import Category, RecordStatus
from xinyong.records.kinds import KINDS
from xinyong.records.models import CreditRecord
from xinyong.records.permissions import can_record_for
from xinyong.records.publication import published_records
from xinyong.records.selectors import records_visible_to
from xinyong.records.views.status import publication_notes
from xinyong.registry.choices import Confidentiality
from xinyong.registry.forms import AssociationFilterForm, AssociationForm, initial_for
from xinyong.registry.history_types import ObjectType
from xinyong.registry.models import BASIC_FIELDS, MASKABLE_FIELDS, Association, Authority
from xinyong.registry.permissions import can_register_with
from xinyong.registry.search import MIN_QUERY_LENGTH, parse, search_queryset
from xinyong.registry.selectors import associations_visible_to
from xinyong.registry.services import association_create, association_modify

from .access import association_for

PAGE_SIZE = 20


def filter_associations(associations, data: dict, *, on) -> tuple:
    """Apply the list's filters (cleaned ``AssociationFilterForm`` data); return (queryset, notice)."""
    notice = ""
    q = data["q"].strip()
    if q and not parse(q).usable:
        notice = _("请输入至少%(n)d个字（名称的一部分或统一社会信用代码）。") % {"n": MIN_QUERY_LENGTH}
    elif q:
        associations = search_queryset(q).filter(pk__in=associations.values("pk"))
    for name in ("registration_type", "authority", "status"):
        if data.get(name):
            associations = associations.filter(**{name: data[name]})
    credit = data["credit"]
    if credit == Category.DISHONESTY:
        published = published_records(on=on).filter(category=Category.DISHONESTY)
        associations = associations.filter(pk__in=published.values("association_id"))
    elif credit == "drafts":
        drafts = CreditRecord.objects.filter(status=RecordStatus.DRAFT)
        associations = associations.filter(pk__in=drafts.values("association_id"))
    elif credit == "no_records":
        associations = associations.exclude(pk__in=CreditRecord.objects.values("association_id"))
    if data["order"]:
        associations = associations.order_by(data["order"], "name", "id")
    return associations, notice


@office_view
def association_list(request):
    user = request.user
    associations = associations_visible_to(user)
    authorities = None
    if user.reads_everything:
        authorities = Authority.objects.filter(pk__in=associations.values("authority_id"))
    form = AssociationFilterForm(request.GET or None, authorities=authorities)
    notice = ""
    if form.is_valid():
        associations, notice = filter_associations(associations, form.cleaned_data, on=timezone.localdate())
    page = Paginator(associations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/association_list.html",
        {
            "form": form,
            "page": page,
            "notice": notice,
            "query": query.urlencode(),
            "can_create": bool(user.authority_id) and can_register_with(user, user.authority),
        },
    )


@office_view
def association_detail(request, pk: int):
    association = association_for(request.user, pk)
    today = timezone.localdate()
    records = list(
        records_visible_to(request.user).filter(association=association).order_by("-recorded_at", "-id")
    )
    notes = publication_notes(records, on=today)
    marks = dict(Confidentiality.choices)
    basic = []
    for name in BASIC_FIELDS:
        if name == "confidential_fields":
            continue
        field = Association._meta.get_field(name)
        value = getattr(association, name)
        if field.choices:
            value = getattr(association, f"get_{name}_display")()
        mark = association.confidential_fields.get(name) if name in MASKABLE_FIELDS else None
        basic.append({"name": name, "label": field.verbose_name, "value": value, "mark": marks.get(mark)})
    return render(
        request,
        "registry/association_detail.html",
        {
            "association": association,
            "basic": basic,
            "rows": [(r, notes[r.pk]) for r in records],
            "today": today,
            "can_modify": can_register_with(request.user, association.authority),
            "kinds": [(k, spec.kind.label) for k, spec in KINDS.items()]
            if can_record_for(request.user, association)
            else [],
            **page_context("registry.association_detail", request, association=association),
        },
    )


@office_view
def association_create_view(request):
    user = request.user
    if not (user.authority_id and can_register_with(user, user.authority)):
        raise PermissionDenied(_("只有登记管理机关的工作人员可以登记协会。"))
    form = AssociationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        association, status = submit(
            form,
            association_create,
            actor=user,
            authority=user.authority,
            data=form.service_data(),
            reason=form.cleaned_data["reason"],
        )
        if association is not None:
            messages.success(request, _("已登记协会“%(name)s”。") % {"name": association.name})
            return redirect("registry:detail", pk=association.pk)
    return render(request, "registry/association_form.html", {"form": form, "creating": True}, status=status)


@office_view
def association_modify_view(request, pk: int):
    association = association_for(request.user, pk)
    if not can_register_with(request.user, association.authority):
        raise PermissionDenied(_("只有该协会的登记管理机关可以变更其基本信息。"))
    correction = correction_for(request, association.pk)

    def make_form(data=None, initial=None):
        return AssociationForm(data, initial=initial, with_status=True, with_version=True)

    form = make_form(request.POST or None, initial_for(association))
    status, merge = 200, None
    if request.method == "POST" and form.is_valid():
        changed, status = submit(
            form,
            correction.modify_basic_info if correction else association_modify,
            actor=request.user,
            association=association,
            changes=form.service_data(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        if changed is not None:
            if correction:
                return correction.done(request)
            messages.success(request, _("基本信息变更已保存，变更前后的内容已记入修改记录。"))
            return redirect("registry:detail", pk=association.pk)
        if status == 409:
            merge = merge_after_refusal(
                form,
                make_form=make_form,
                obj=association,
                object_type=ObjectType.ASSOCIATION,
                initial=initial_for,
            )
            form = merge.form if merge else form
    return render(
        request,
        "registry/association_form.html",
        {
            "form": form,
            "association": association,
            "creating": False,
            "merge": merge,
            "objection": correction.subject if correction else None,
        },
        status=status,
    )
