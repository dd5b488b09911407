from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "phinong.lessons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phinong.lessons.indexing import register

        register()
