from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xinyong.accounts.urls")),
    path("office/", include("xinyong.records.urls")),
    path("office/associations/", include("xinyong.registry.urls")),
    path("office/history/", include("xinyong.history.urls")),
    path("", include("xinyong.disclosure.urls")),
]
