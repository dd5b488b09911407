from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "phinong.programmes"
    default_auto_field = "django.db.models.BigAutoField"
