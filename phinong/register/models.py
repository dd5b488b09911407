from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phinong.geo.models import Tambon, Village
from phinong.programmes.models import Pair, Programme


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader of the younger tambon")
    MENTOR = "mentor", _("Mentor from the elder tambon")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    OTHER = "X", _("Other / not stated")


class LeaderType(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")


class Member(models.Model):
    """A person registered in a programme: a change leader of a tambon, or a mentor of a pair.

    A leader belongs to their tambon (the younger tambon, in a paired programme). A mentor comes from
    the pair's elder tambon and is registered on the pair, which the younger tambon's district runs.
    The national ID is unique within a programme.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    tambon = models.ForeignKey(
        Tambon, verbose_name=_("tambon"), on_delete=models.PROTECT, related_name="+"
    )
    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    title = models.CharField(pgettext_lazy("name prefix", "title"), max_length=30)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_id = models.CharField(_("national ID"), max_length=13)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    leader_type = models.CharField(_("leader type"), max_length=10, choices=LeaderType.choices)
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "tambon", "role", "id"]
        verbose_name = _("registered leader")
        verbose_name_plural = _("registered leaders")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "national_id"], name="member_unique_id_in_programme"
            ),
        ]
        indexes = [models.Index(fields=["programme", "tambon", "role"], name="member_tambon_idx")]

    def __str__(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def scope_code(self) -> str:
        """The area that runs this record: the younger tambon for a mentor, else the tambon."""
        return self.pair.younger_id if self.pair_id and self.pair else self.tambon_id


class PendingUpload(models.Model):
    """An uploaded register file between its preview and its confirmation.

    Kept in the database, not on disk, so that the confirmation may reach any app process on any
    machine. Deleted when confirmed or cancelled; left-overs are deleted after a day.
    """

    token = models.CharField(max_length=32, primary_key=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
