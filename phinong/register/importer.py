"""Importing the target-group register from a sheet, for the web's upload and `import_register`.

A file is planned row by row (`import_plan`); nothing is written on a dry run, nor when any row is
refused, unless the caller asks for the valid rows only. Writing happens in one transaction that
re-plans under the province quota locks, so what is written is what the rules allow at that moment.
Rows are matched by national ID within the programme: importing the same file twice changes nothing.
`import_upload` is the web's confirm step: the request runs it for a small file, a job for a large one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.audit.context import reset_channel, set_channel
from phinong.audit.models import AuditEvent, Channel
from phinong.audit.services import event_row, record
from phinong.core.bulk import insert_rows
from phinong.core.formatting import num
from phinong.core.signals import rows_written
from phinong.geo.models import Village
from phinong.programmes.models import Pair, Programme, ProgrammeStatus, ProvinceQuota, TargetTambon
from phinong.register import uploads
from phinong.register.columns import MASKED_MARKER
from phinong.register.import_plan import (
    CREATED,
    FIELDS,
    REJECTED,
    UNCHANGED,
    UPDATED,
    Planner,
    Problem,
    RowPlan,
)
from phinong.register.models import Member, MemberRole, PendingUpload
from phinong.register.sheets import SheetError, read_sheet

if TYPE_CHECKING:
    from phinong.accounts.models import User
    from phinong.register.sheets import Sheet

Progress = Callable[[int, int], None]  # (rows done, rows in all)
BATCH = 2000


class ImportRefused(Exception):
    """The whole file is refused: str(error) says why, in Thai."""


@dataclass
class ImportResult:
    programme: str
    filename: str
    checksum: str
    plans: list[RowPlan] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    valid_only: bool = False
    pairs_created: int = 0
    villages_created: int = 0

    def _count(self, status: str) -> int:
        return sum(1 for plan in self.plans if plan.status == status)

    @property
    def rows(self) -> int:
        return len(self.plans)

    @property
    def created(self) -> int:
        return self._count(CREATED)

    @property
    def updated(self) -> int:
        return self._count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def rejected_rows(self) -> int:
        return self._count(REJECTED)

    @property
    def problems(self) -> list[Problem]:
        return [problem for plan in self.plans for problem in plan.problems]

    @property
    def changes_nothing(self) -> bool:
        return not (self.created or self.updated)

    def outcome(self) -> str:
        """What was written, in a sentence for the user (after the confirm step, or on its job)."""
        if self.changes_nothing:
            return _("Nothing changed: the register already matches this file.")
        return _(
            "Saved: %(created)s leaders added, %(updated)s updated, %(unchanged)s unchanged, "
            "%(rejected)s rows not written; %(pairs)s new pairs."
        ) % {
            "created": num(self.created),
            "updated": num(self.updated),
            "unchanged": num(self.unchanged),
            "rejected": num(self.rejected_rows),
            "pairs": num(self.pairs_created),
        }

    def summary(self) -> dict[str, Any]:
        """The `--json` shape; created/updated count what was written, or would be on a dry run."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"row": p.row, "column": p.heading, "value": p.value, "reason": p.reason}
                for p in self.problems
            ],
            "written": self.written,
            "pairs_created": self.pairs_created,
            "villages_created": self.villages_created,
            "checksum": self.checksum,
        }


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_register(
    *,
    actor: User,
    programme: Programme,
    sheet: Sheet,
    dry_run: bool = False,
    valid_only: bool = False,
    checksum: str = "",
    filename: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Plan every row; then, unless it is a dry run or a row is refused, write them all at once."""
    _check_may_import(actor, programme, sheet)
    result = ImportResult(
        programme=programme.code,
        filename=filename,
        checksum=checksum,
        dry_run=dry_run,
        valid_only=valid_only,
    )
    if dry_run:
        result.plans, _planner = _plan(actor, programme, sheet, progress)
        return result
    try:
        with transaction.atomic():
            _lock_quotas(actor, programme)
            result.plans, planner = _plan(actor, programme, sheet, progress)
            if result.rejected_rows and not valid_only:
                return result
            _write(actor, programme, result, planner)
            result.written = True
    except IntegrityError as exc:  # someone registered the same person while we planned
        raise ImportRefused(
            _(
                "The register changed while this file was being saved; nothing was written. Try again."
            )
        ) from exc
    return result


def import_upload(
    *,
    actor: User,
    programme: Programme,
    upload: PendingUpload,
    valid_only: bool,
    sheet: Sheet | None = None,
) -> ImportResult:
    """Confirm an upload: write it (see `import_register`), then forget it once written, so the
    same upload is never written twice. A broken file is refused (ImportRefused), in Thai."""
    if sheet is None:
        try:
            sheet = read_sheet(bytes(upload.data), upload.filename)
        except SheetError as exc:
            raise ImportRefused(str(exc)) from exc
    result = import_register(
        actor=actor,
        programme=programme,
        sheet=sheet,
        valid_only=valid_only,
        checksum=upload.checksum,
        filename=upload.filename,
    )
    if result.written:
        uploads.discard(upload)
    return result


def _check_may_import(actor: User, programme: Programme, sheet: Sheet) -> None:
    if not can(actor, Action.MANAGE_LEADERS):
        raise ImportRefused(_("Your role may not change the register."))
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ImportRefused(_("The programme is not active, so its register cannot change."))
    # Decided by the sheet's own marker, which the masked export writes above the header: an ID
    # cell with an "x" in a normal register is that row's error, not the whole file's.
    if any(MASKED_MARKER in line for line in sheet.title):
        raise ImportRefused(
            _(
                "The national IDs in this file are masked (x-xxxx-…), so it cannot be imported. "
                "Export the register as a district officer, who sees the full IDs."
            )
        )


def _lock_quotas(actor: User, programme: Programme) -> None:
    """Serialise with pairing in the same provinces: create_pair locks the same rows."""
    quotas = ProvinceQuota.objects.select_for_update().filter(
        scope_of(actor).q("province__code"), programme=programme
    )
    list(quotas.values_list("pk", flat=True))


def _plan(
    actor: User, programme: Programme, sheet: Sheet, progress: Progress | None
) -> tuple[list[RowPlan], Planner]:
    planner = Planner(actor=actor, programme=programme, sheet=sheet)
    plans = []
    total = len(sheet.rows)
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        plans.append(planner.plan(number, cells))
        if progress and (done % 1000 == 0 or done == total):
            progress(done, total)
    return plans, planner


def _write(actor: User, programme: Programme, result: ImportResult, planner: Planner) -> None:
    """Write the accepted rows; what the file makes (pairs, targets) is audited as imported."""
    token = set_channel(Channel.IMPORT)
    try:
        _write_rows(actor, programme, result, planner)
    finally:
        reset_channel(token)


def _write_rows(actor: User, programme: Programme, result: ImportResult, planner: Planner) -> None:
    accepted = [plan for plan in result.plans if plan.status in (CREATED, UPDATED)]
    villages = _write_villages(planner, accepted)
    result.villages_created = len(villages) - len(planner.villages)
    before = len(planner.selected)
    pair_of = _write_selection(actor, programme, planner, accepted)
    result.pairs_created = len(pair_of) - before if programme.is_paired else 0
    created = [plan for plan in accepted if plan.status == CREATED]
    insert_rows(
        Member,
        (
            {
                "programme_id": programme.pk,
                "role": MemberRole.LEADER.value,
                "tambon_id": plan.younger,
                "pair_id": pair_of.get(plan.younger),
                "national_id": plan.national_id,
                "village_id": villages.get((plan.younger, plan.moo)) if plan.moo else None,
                **{key: plan.values[key] for key in FIELDS},
            }
            for plan in created
        ),
    )
    _audit_members(actor, programme, created, result.checksum)
    rows_written.send(Member, programme_id=programme.pk, tambon_codes={p.younger for p in accepted})
    for plan in accepted:
        if plan.status == UPDATED and plan.existing:
            _update(plan, villages.get((plan.younger, plan.moo)) if plan.moo else None)
            record(
                actor=actor,
                action="leader.import",
                obj=Member(pk=plan.existing["pk"]),
                label=plan.name,
                area_code=plan.younger,
                changes={**plan.changes, "sha256": result.checksum},
            )
    record(
        actor=actor,
        action="register.import",
        obj=programme,
        area_code=scope_of(actor).code or "",
        changes={
            "file": result.filename,
            "sha256": result.checksum,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected_rows,
            "pairs_created": result.pairs_created,
            "valid_only": result.valid_only,
        },
    )


def _audit_members(
    actor: User, programme: Programme, created: list[RowPlan], checksum: str
) -> None:
    """One audit row per person added, like the form's, pointing at the person's new id."""
    ids = dict(
        Member.objects.filter(scope_of(actor).q("tambon__code"), programme=programme).values_list(
            "national_id", "pk"
        )
    )
    object_type = Member._meta.label_lower
    insert_rows(
        AuditEvent,
        (
            event_row(
                actor=actor,
                action="leader.import",
                object_type=object_type,
                object_id=str(ids[plan.national_id]),
                label=plan.name,
                area_code=plan.younger,
                changes={"sha256": checksum},
            )
            for plan in created
        ),
    )


def _update(plan: RowPlan, village: str | None) -> None:
    assert plan.existing is not None  # noqa: S101 - an UPDATED plan always has one
    values = {key: plan.values[key] for key in plan.changes if key in FIELDS}
    if "village" in plan.changes:
        values["village_id"] = village
    if "birth_date" in values:
        values["age"] = plan.values["age"]
    changed = Member.objects.filter(
        pk=plan.existing["pk"], version=plan.existing["version"]
    ).update(**values, version=F("version") + 1)
    if not changed:
        raise IntegrityError("member changed while importing")


def _write_villages(planner: Planner, accepted: list[RowPlan]) -> dict[tuple[str, int], str]:
    villages = dict(planner.villages)
    wanted = {(plan.younger, plan.moo) for plan in accepted if plan.moo}
    new = [
        Village(code=f"{tambon}{moo:02d}", tambon_id=tambon, moo=moo, name_th="")
        for tambon, moo in sorted(wanted - set(villages))
    ]
    Village.objects.bulk_create(new, batch_size=BATCH)
    villages.update({(v.tambon_id, v.moo): v.code for v in new})
    return villages


def _write_selection(
    actor: User, programme: Programme, planner: Planner, accepted: list[RowPlan]
) -> dict[str, int | None]:
    """Create the pairs (or targets) that accepted rows need; return {younger tambon: pair id}."""
    codes = sorted({p.younger for p in accepted if p.status == CREATED} & set(planner.new_selected))
    names, paired = planner.places.names, programme.is_paired
    model = Pair if paired else TargetTambon
    insert_rows(
        model,
        (
            {"programme_id": programme.pk, "created_by_id": actor.pk}
            | (
                {"younger_id": c, "elder_id": planner.new_selected[c]}
                if paired
                else {"tambon_id": c}
            )
            for c in codes
        ),
    )
    field = "younger_id" if paired else "tambon_id"
    ids = dict(model.objects.filter(programme=programme).values_list(field, "pk"))
    insert_rows(
        AuditEvent,
        (
            event_row(
                actor=actor,
                action="pair.create" if paired else "target.create",
                object_type=model._meta.label_lower,
                object_id=str(ids[c]),
                label=f"{names[planner.new_selected[c]]} → {names[c]}"
                if paired
                else f"{programme.code} {c}",
                area_code=c,
                changes={
                    "programme": programme.code,
                    "younger": c,
                    "elder": planner.new_selected[c],
                }
                if paired
                else {"programme": programme.code, "tambon": c},
                reason=_("register import"),
            )
            for c in codes
        ),
    )
    return ids if paired else dict.fromkeys(codes)
