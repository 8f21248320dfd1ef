"""Chinese first: zh-Hans unless the user chose another language with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a clerk whose browser
is set to English would get a different interface from everyone else. Here only an explicit
choice (the language cookie set by /i18n/setlang/) changes the language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so one visitor's choice
        # never leaks into whatever the thread does next.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
