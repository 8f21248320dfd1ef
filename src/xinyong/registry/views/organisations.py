"""Back-office pages for registration authorities and partner departments (R-ACT-6).

System administrators add and change them; the auditor (安全审计员) and the supervising bureau
read the lists and pages without a form. Staff and associations have no use for them (their own
authority is on every page they see) and are refused, departments by ``office_view``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from xinyong.accounts.rules import is_administrator
from xinyong.accounts.views import office_view, submit
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import latest_entry_id
from xinyong.registry.history_types import ObjectType

from ..choices import AuthorityLevel
from ..models import Authority
from ..organisation_forms import AuthorityForm, DepartmentForm
from ..organisations import (
    authorities_with_counts,
    authority_create,
    authority_modify,
    authority_tree,
    department_create,
    department_modify,
    departments_with_counts,
)
from ..permissions import can_read_organisations

get_or_post = require_http_methods(["GET", "HEAD", "POST"])
read_only = require_http_methods(["GET", "HEAD"])


def _readers_only(user) -> None:
    if not can_read_organisations(user):
        raise PermissionDenied(
            _("只有系统管理员、安全审计员和北京市民政局（监督）可以查看登记管理机关和相关部门。")
        )


def _admin_only(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied(_("只有系统管理员可以新增和修改登记管理机关、相关部门。"))


FIELD_LABELS = {
    "code": _lazy("行政区划代码"),
    "name": _lazy("名称"),
    "level": _lazy("层级"),
    "parent_id": _lazy("上级机关"),
}


def _entries(object_type: ObjectType, pk: int) -> list[tuple[HistoryEntry, list[tuple[str, str, str]]]]:
    """The object's newest entries, each with its changes as (label, before, after) in words."""
    entries = list(HistoryEntry.objects.filter(object_type=object_type, object_id=pk).order_by("-id")[:50])
    names = dict(Authority.objects.values_list("pk", "name"))

    def words(key: str, value) -> str:
        if value is None:
            return "—"
        if key == "level":
            return str(AuthorityLevel(value).label) if value in AuthorityLevel.values else str(value)
        if key == "parent_id":
            return names.get(value, f"#{value}")
        return str(value)

    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changes = [
            (
                FIELD_LABELS.get(key, key),
                words(key, before.get(key)) if entry.before else "",
                words(key, after.get(key)),
            )
            for key in FIELD_LABELS
            if key in after and (entry.before is None or before.get(key) != after.get(key))
        ]
        rows.append((entry, changes))
    return rows


def _data(form) -> dict:
    return {
        "name": form.cleaned_data["name"],
        "reason": form.cleaned_data["reason"],
    }


@read_only
@office_view
def authority_list(request):
    _readers_only(request.user)
    return render(
        request,
        "registry/authority_list.html",
        {"tree": authority_tree(), "can_manage": is_administrator(request.user)},
    )


@get_or_post
@office_view
def authority_new(request):
    _admin_only(request.user)
    form = AuthorityForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        authority, status = submit(
            form,
            authority_create,
            actor=request.user,
            code=form.cleaned_data["code"],
            level=form.cleaned_data["level"],
            parent=form.cleaned_data["parent"],
            **_data(form),
        )
        if authority is not None:
            messages.success(
                request, _("已新增登记管理机关“%(name)s”，并记入修改记录。") % {"name": authority.name}
            )
            return redirect("organisations:authority", authority.pk)
    return render(request, "registry/authority_form.html", {"form": form}, status=status)


@get_or_post
@office_view
def authority_detail(request, pk: int):
    _readers_only(request.user)
    authority = get_object_or_404(authorities_with_counts(), pk=pk)
    can_manage = is_administrator(request.user)
    if request.method == "POST":
        _admin_only(request.user)
    form, status = None, 200
    if can_manage:
        initial = {
            "name": authority.name,
            "level": authority.level,
            "parent": authority.parent_id,
            "seen": latest_entry_id(ObjectType.AUTHORITY, authority.pk),
        }
        form = AuthorityForm(
            request.POST if request.method == "POST" else None, authority=authority, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            changed, status = submit(
                form,
                authority_modify,
                actor=request.user,
                authority=authority,
                level=form.cleaned_data["level"],
                parent=form.cleaned_data["parent"],
                expected_entry=form.cleaned_data["seen"],
                **_data(form),
            )
            if changed is not None:
                messages.success(
                    request, _("登记管理机关“%(name)s”已保存，并记入修改记录。") % {"name": changed.name}
                )
                return redirect("organisations:authority", changed.pk)
    context = {
        "authority": authority,
        "children": Authority.objects.filter(parent_id=authority.pk).order_by("code"),
        "form": form,
        "entries": _entries(ObjectType.AUTHORITY, authority.pk),
    }
    return render(request, "registry/authority_detail.html", context, status=status)


@read_only
@office_view
def department_list(request):
    _readers_only(request.user)
    return render(
        request,
        "registry/department_list.html",
        {
            "departments": departments_with_counts().order_by("name"),
            "can_manage": is_administrator(request.user),
        },
    )


@get_or_post
@office_view
def department_new(request):
    _admin_only(request.user)
    form = DepartmentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        department, status = submit(form, department_create, actor=request.user, **_data(form))
        if department is not None:
            messages.success(
                request, _("已新增相关部门“%(name)s”，并记入修改记录。") % {"name": department.name}
            )
            return redirect("organisations:department", department.pk)
    return render(request, "registry/department_form.html", {"form": form}, status=status)


@get_or_post
@office_view
def department_detail(request, pk: int):
    _readers_only(request.user)
    department = get_object_or_404(departments_with_counts(), pk=pk)
    can_manage = is_administrator(request.user)
    if request.method == "POST":
        _admin_only(request.user)
    form, status = None, 200
    if can_manage:
        initial = {"name": department.name, "seen": latest_entry_id(ObjectType.DEPARTMENT, department.pk)}
        form = DepartmentForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            changed, status = submit(
                form,
                department_modify,
                actor=request.user,
                department=department,
                expected_entry=form.cleaned_data["seen"],
                **_data(form),
            )
            if changed is not None:
                messages.success(
                    request, _("相关部门“%(name)s”已保存，并记入修改记录。") % {"name": changed.name}
                )
                return redirect("organisations:department", changed.pk)
    context = {
        "department": department,
        "form": form,
        "entries": _entries(ObjectType.DEPARTMENT, department.pk),
    }
    return render(request, "registry/department_detail.html", context, status=status)
