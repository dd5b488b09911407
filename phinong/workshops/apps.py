from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "phinong.workshops"
    default_auto_field = "django.db.models.BigAutoField"
