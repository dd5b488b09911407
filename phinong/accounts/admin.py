from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phinong.accounts.models import User


@admin.register(User)
class PhinongUserAdmin(UserAdmin):
    list_display = ("username", "role", "area_code", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Phinong", {"fields": ("role", "area_code")}))  # type: ignore[misc]
