"""Extension points: how an app adds to a page or a flow of an app it is built on.

Core apps (accounts, registry, records, history, …) never import the domain apps built on them
(objections, disclosure, measures, …); ``pyproject.toml``'s import contract keeps it so. Where a
core page shows something a domain app owns — open objections on the clerk's start page, the
objections about an association on its page — or a core flow can serve a domain app's purpose — a
record changed as the answer to an objection — the domain app registers here from its
``AppConfig.ready()`` and the core page asks here. NetBox's template extensions and pretix's
signals are the same idea.

Two kinds:
- **page context**: ``@contributes("page")`` functions add entries to a core page's template
  context; the page calls ``page_context("page", request, …)``. The names they add are listed
  with the page in ``PAGES``, so a template can rely on them being present (empty when no app
  contributes them).
- **corrections**: a ``CorrectionSource`` turns a request on a record or 基本信息 page into a
  ``Correction`` — the services to call instead of the plain ones, and where to go afterwards —
  when the change answers something (today: an objection, ``?objection=<id>``).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

# Each extensible page and the context names its template reads from contributors, with the
# value shown when nothing contributes them.
PAGES: dict[str, dict[str, Any]] = {
    "records.dashboard": {"objections": (), "objection_count": 0},
    "records.oversight": {"objections": ()},
    "registry.association_detail": {"objections": (), "under": None, "can_object": False},
}

ContextContributor = Callable[..., dict[str, Any]]
_contributors: dict[str, list[ContextContributor]] = defaultdict(list)


def contributes(page: str) -> Callable[[ContextContributor], ContextContributor]:
    """Register the decorated ``function(request, **page_arguments) -> dict`` for ``page``."""
    if page not in PAGES:
        raise LookupError(f"no extensible page {page!r}; known: {', '.join(sorted(PAGES))}")

    def register(function: ContextContributor) -> ContextContributor:
        if function not in _contributors[page]:
            _contributors[page].append(function)
        return function

    return register


def page_context(page: str, request: HttpRequest, **arguments: Any) -> dict[str, Any]:
    """The context the registered apps add to ``page``, over the page's declared defaults."""
    context = dict(PAGES[page])
    for function in _contributors[page]:
        context.update(function(request, **arguments))
    return context


@dataclass(frozen=True)
class Correction:
    """A change on a record or 基本信息 page made as the answer to ``subject``.

    The services have the signatures of ``records.services.record_modify`` /
    ``record_revoke`` and ``registry.services.association_modify``; ``done`` is the response
    after a successful change. Templates see ``subject`` as ``objection`` (its only source today).
    """

    subject: Any
    modify_record: Callable[..., Any]
    revoke_record: Callable[..., Any]
    modify_basic_info: Callable[..., Any]
    done: Callable[[HttpRequest], HttpResponse]


CorrectionSource = Callable[[HttpRequest, int], Correction | None]
_correction_sources: list[CorrectionSource] = []


def correction_source(function: CorrectionSource) -> CorrectionSource:
    """Register ``function(request, association_id) -> Correction | None``; it may raise
    ``PermissionDenied`` or ``Http404`` when the request names something it cannot use."""
    if function not in _correction_sources:
        _correction_sources.append(function)
    return function


def correction_for(request: HttpRequest, association_id: int) -> Correction | None:
    """The correction this request asks for on the association's data, or None for a plain change."""
    for source in _correction_sources:
        correction = source(request, association_id)
        if correction is not None:
            return correction
    return None
