"""The open-data download page (R-QRY-3): the latest export, its manifest and its files, served
as the publication rules allow now (``serving.py``)."""

from datetime import datetime

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from xinyong.security.throttle import public_rate_limit

from .export import FILES, latest, read_file
from .serving import patched, served_manifest, since_export

CONTENT_TYPES = {
    ".jsonl": "application/jsonl; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}


@public_rate_limit("open-data")
def open_data(request):
    export = latest()
    changes = since_export(export) if export else None
    return render(
        request,
        "opendata/open_data.html",
        {
            "export": export,
            "manifest": export.manifest if export else None,
            "as_of": datetime.fromisoformat(export.manifest["as_of"]) if export else None,
            "changes": changes,
        },
    )


@public_rate_limit("download")
def open_data_file(request, name: str):
    export = latest()
    if export is None or name not in (*FILES, "manifest.json"):
        raise Http404
    changes = since_export(export)
    if name == "manifest.json":
        response = JsonResponse(
            served_manifest(export, changes), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = 'attachment; filename="manifest.json"'
    elif changes:
        response = StreamingHttpResponse(
            patched(export, name, changes), content_type=CONTENT_TYPES[name[name.rindex(".") :]]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Patched-Since-Export"] = str(len(changes))
    else:
        response = FileResponse(
            read_file(export, name),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[name[name.rindex(".") :]],
        )
    # Never kept by a cache: content withdrawn a minute from now must not be served from a copy.
    response["Cache-Control"] = "no-cache"
    return response
