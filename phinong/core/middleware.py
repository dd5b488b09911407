from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user chose English with the button in the top bar.

    The browser's Accept-Language is ignored on purpose: many officers' browsers say English while
    they work in Thai. The choice is kept in Django's language cookie. The API (/api/) has no
    cookie: there an explicit Accept-Language naming English first gives English.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if request.path_info.startswith("/api/"):
            chosen = _api_language(request.headers.get("Accept-Language", ""))
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _api_language(header: str) -> str:
    """English when the first language the client names is English; otherwise Thai."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for lang, _q in parse_accept_lang_header(header):
        if lang == "*":
            break
        base = lang.split("-")[0].lower()
        if base in dict(settings.LANGUAGES):
            return base
    return settings.LANGUAGE_CODE
