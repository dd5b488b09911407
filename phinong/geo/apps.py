from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "phinong.geo"
    default_auto_field = "django.db.models.BigAutoField"
