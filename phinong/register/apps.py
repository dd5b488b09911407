from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "phinong.register"
    default_auto_field = "django.db.models.BigAutoField"
