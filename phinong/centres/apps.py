from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "phinong.centres"
    default_auto_field = "django.db.models.BigAutoField"
