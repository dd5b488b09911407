from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The area pages (/areas/…): what each level sees of the programme. Above the domain apps."""

    name = "phinong.dashboards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phinong.dashboards import hooks

        hooks.connect()  # keep the rollup (TambonTally) current in every writing transaction
