from axes.apps import AppConfig as AxesAppConfig  # type: ignore[import-untyped]
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "phinong.accounts"
    default_auto_field = "django.db.models.BigAutoField"


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes, named in Thai in the admin (INSTALLED_APPS lists this instead of "axes")."""

    verbose_name = _("Login attempts")
