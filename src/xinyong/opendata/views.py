"""The open-data download page (R-QRY-3): the latest export, its manifest and its files."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from .export import FILES, latest, read_file


def open_data(request):
    export = latest()
    return render(
        request,
        "opendata/open_data.html",
        {"export": export, "manifest": export.manifest if export else None},
    )


def open_data_file(request, name: str):
    export = latest()
    if export is None or name not in (*FILES, "manifest.json"):
        raise Http404
    content_type = {
        ".jsonl": "application/jsonl; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json; charset=utf-8",
    }[name[name.rindex(".") :]]
    response = FileResponse(
        read_file(export, name), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
