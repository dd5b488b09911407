from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "phinong.jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phinong.jobs import signals  # noqa: F401  (connects the task_finished receiver)
