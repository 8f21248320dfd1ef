"""Version 1 of the API: the public read API and the department query API (部门共享)."""

from django.urls import path, re_path

from . import public_views, shared_views

urlpatterns = [
    path("associations", public_views.AssociationSearch.as_view(), name="api-associations"),
    # Any text (even none, or with slashes) reaches the code validator and gets its JSON 400.
    re_path(
        r"^associations/(?P<uscc>[\s\S]*)$", public_views.AssociationProfile.as_view(), name="api-association"
    ),
    path("shared/associations", shared_views.SharedSearch.as_view(), name="api-shared-associations"),
    re_path(
        r"^shared/associations/(?P<uscc>[\s\S]*)$",
        shared_views.SharedProfile.as_view(),
        name="api-shared-association",
    ),
    path("shared/profiles", shared_views.SharedProfiles.as_view(), name="api-shared-profiles"),
]
