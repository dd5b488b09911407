import hashlib

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPT_ADMIN = "dept_admin", _("Department admin")
    DEPT_VIEWER = "dept_viewer", _("Department viewer")
    PROVINCE = "province", _("Province officer")
    DISTRICT = "district", _("District officer")
    TAMBON = "tambon", _("Tambon leader")


# How long the area code of each role is: '' is the nation, 2 a province, 4 a district, 6 a tambon.
AREA_CODE_LENGTH = {
    Role.DEPT_ADMIN: 0,
    Role.DEPT_VIEWER: 0,
    Role.PROVINCE: 2,
    Role.DISTRICT: 4,
    Role.TAMBON: 6,
}


class User(AbstractUser):
    """A person who signs in. What they may see is their role's area: see accounts.scoping."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    area_code = models.CharField(
        _("area code"),
        max_length=6,
        blank=True,
        help_text=_("DOPA code of the user's area; empty for the department."),
    )
    # The top bar's badge on every page, kept by reports.notify as notifications arrive and are
    # read, so that no page counts the inbox (the user row is read for the session anyway).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["area_code"], name="user_area_code_idx")]

    def check_password(self, raw_password: str | None) -> bool:
        """Django's check, except that when it stores a stronger hash of the same password (an
        old PBKDF2 hash becomes Argon2 at login) the owner's API tokens follow the new hash: they
        end when the password changes, not when only its hash is upgraded."""

        def rehash(raw: str) -> None:
            before = password_fingerprint(self.password)
            self.set_password(raw)
            self._password = None
            self.save(update_fields=["password"])
            ApiToken.objects.filter(user=self, password_fingerprint=before).update(
                password_fingerprint=password_fingerprint(self.password)
            )

        return check_password(raw_password, self.password, rehash)


def password_fingerprint(password_hash: str) -> str:
    """What an API token remembers of its owner's password hash (see ApiToken)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its SHA-256 is stored.

    It stops working when it expires, when its owner revokes it (the row is deleted), or when the
    owner's password changes: ``password_fingerprint`` is a hash of the password hash the owner had
    when the token was made.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(_("what it is for"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    password_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
