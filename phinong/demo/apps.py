from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `seed_demo`: the top layer, which may import every domain app."""

    name = "phinong.demo"
    default_auto_field = "django.db.models.BigAutoField"
