from django.urls import include, path

from xinyong.accounts.urls import office_urlpatterns as account_office_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xinyong.accounts.urls")),
    path("office/users/", include(account_office_urls)),
    path("office/", include("xinyong.records.urls")),
    path("office/associations/", include("xinyong.registry.urls")),
    path("office/history/", include("xinyong.history.urls")),
    path("office/notices/", include("xinyong.notices.urls")),
    path("office/objections/", include("xinyong.objections.urls")),
    path("office/calendar/", include("xinyong.workdays.urls")),
    path("office/imports/", include("xinyong.exchange.urls")),
    path("office/api-keys/", include("xinyong.api.office_urls")),
    path("office/measures/", include("xinyong.measures.urls")),
    path("office/security-log/", include("xinyong.security.urls")),
    path("office/", include("xinyong.registry.organisation_urls")),
    path("reports/", include("xinyong.reports.urls")),
    path("api/", include("xinyong.api.urls")),
    path("open-data/", include("xinyong.opendata.urls")),
    path("", include("xinyong.disclosure.urls")),
]
