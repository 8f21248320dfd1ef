"""The signed-in user's notices."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinyong.accounts.views import office_view

from .services import mark_read


@office_view
def notice_list(request):
    notices = request.user.notices.all()
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notices/notice_list.html", {"page": page})


@office_view
@require_POST
def notice_read(request):
    ids = [int(i) for i in request.POST.getlist("notice") if i.isdigit()]
    mark_read(user=request.user, notice_ids=ids or None)
    return redirect("notices:list")


def unread_count(request) -> dict:
    """Context processor: the number shown beside 通知 in the header."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notices": user.notices.filter(read_at__isnull=True).count()}
