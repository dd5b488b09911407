from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin  # type: ignore[import-untyped]
from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phinong.accounts.models import User


@admin.register(User)
class PhinongUserAdmin(UserAdmin):
    list_display = ("username", "role", "area_code", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Phinong", {"fields": ("role", "area_code")}))  # type: ignore[misc]


# Login throttling (django-axes): failed logins per account and address. Deleting an attempt
# lifts its lockout. Axes' labels are translated in phinong/accounts/axes_messages.py.


@admin.register(AccessAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _label = actions["delete_selected"]
            actions["delete_selected"] = (func, name, _("Lift the lockout of the selected"))
        return actions


admin.site.register(AccessLog, AccessLogAdmin)
admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
