"""What a programme's certificates carry besides the leader: who signs them, and an emblem.

**Signatory.** The department names the official who signs a programme's certificates (the
default, area ""); a province or a district may name its own for its area. A certificate carries
the most specific one covering its leader's tambon: the district's, else the province's, else the
department's; with none, the certificate has no signatory block. A user sets the signatory of an
area inside their own (Action.SIGN_CERTIFICATES): outside it is 404, a role without it 403.

**Emblem.** The department may upload one image per programme (the Garuda, the department's
logo), printed at the top centre. It is judged by its content, never its name: Pillow must read it
as PNG or JPEG, within MAX_EMBLEM_BYTES and the side limits; what is stored is our own PNG
re-encoding of the pixels (flattened onto white, scaled down to STORED_SIDE), so nothing of the uploaded file but its
pixels reaches the PDF.
"""

from __future__ import annotations

import base64
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from PIL import Image

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import scope_of
from phinong.audit.services import diff, record
from phinong.core.images import Limits, open_image
from phinong.programmes.models import Programme
from phinong.workshops.models import CertificateEmblem, CertificateSignatory

if TYPE_CHECKING:
    from phinong.accounts.models import User

SIGNATORY_AREA_LENGTHS = (0, 2, 4)  # the department's default, a province, a district
MAX_EMBLEM_BYTES = 2 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 32, 4000  # pixels, checked from the header before any pixel is decoded
STORED_SIDE = 600  # about 500 dpi at the printed 30 mm: larger images are scaled down
EMBLEM_LIMITS = Limits(
    max_bytes=MAX_EMBLEM_BYTES, min_side=MIN_SIDE, max_side=MAX_SIDE, max_pixels=MAX_SIDE * MAX_SIDE
)


# -- reads ----------------------------------------------------------------------------------------


def signatory_area_of(actor: User) -> str | None:
    """The area whose signatory the actor sets by default: their own, if it is one that has one."""
    code = scope_of(actor).code
    return code if code is not None and len(code) in SIGNATORY_AREA_LENGTHS else None


def check_signatory_area(*, actor: User, area_code: str) -> None:
    """404 unless `area_code` is the nation, a province or a district inside the actor's area."""
    if len(area_code) not in SIGNATORY_AREA_LENGTHS or not (area_code == "" or area_code.isdigit()):
        raise Http404
    if not scope_of(actor).covers(area_code):
        raise Http404


def signatories_seen_by(*, actor: User, programme: Programme) -> list[CertificateSignatory]:
    """The programme's signatories inside the actor's area and of the areas containing it (those
    apply to the actor's leaders where nothing more specific is set), widest area first."""
    code = scope_of(actor).code
    if code is None:
        return []
    above = [code[:length] for length in SIGNATORY_AREA_LENGTHS if length < len(code)]
    # The nation has nothing above it: Q() | Q(area_code__in=[]) would match nothing at all.
    inside = Q(area_code__startswith=code) if code else Q()
    return list(
        CertificateSignatory.objects.filter(inside | Q(area_code__in=above) if above else inside)
        .filter(programme=programme)
        .order_by("area_code")
    )


@dataclass(frozen=True)
class Signature:
    name: str
    position: str


def signatures_for(
    programme_ids: Iterable[int], tambon_codes: Iterable[str]
) -> dict[tuple[int, str], Signature]:
    """{(programme id, tambon code): the signature printed on its certificates} (absent: none).

    One query for a whole batch, whatever its size.
    """
    codes = set(tambon_codes)
    areas = {""} | {c[:2] for c in codes} | {c[:4] for c in codes}
    found: dict[tuple[int, str], Signature] = {
        (s.programme_id, s.area_code): Signature(s.name, s.position)
        for s in CertificateSignatory.objects.filter(
            programme_id__in=set(programme_ids), area_code__in=areas
        )
    }
    result = {}
    for programme_id in set(programme_ids):
        for code in codes:
            for area in (code[:4], code[:2], ""):
                if (programme_id, area) in found:
                    result[programme_id, code] = found[programme_id, area]
                    break
    return result


def emblem_of(programme: Programme) -> CertificateEmblem | None:
    return CertificateEmblem.objects.filter(programme=programme).first()


def emblem_data_uris(programme_ids: Iterable[int]) -> dict[int, str]:
    """{programme id: its emblem as a data: URI}, for the programmes that have one."""
    uris = {}
    for emblem in CertificateEmblem.objects.filter(programme_id__in=set(programme_ids)):
        try:
            with emblem.image.open("rb") as file:
                content = file.read()
        except OSError:  # the file is gone from MEDIA: print without it rather than fail
            continue
        uris[emblem.programme_id] = "data:image/png;base64," + base64.b64encode(content).decode()
    return uris


# -- writes ---------------------------------------------------------------------------------------


@transaction.atomic
def set_signatory(
    *, actor: User, programme: Programme, area_code: str, name: str, position: str
) -> CertificateSignatory:
    """Name who signs the programme's certificates in the area (creating or replacing)."""
    check_signatory_area(actor=actor, area_code=area_code)
    require(actor, Action.SIGN_CERTIFICATES)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # serialise per programme
    signatory = CertificateSignatory.objects.filter(
        programme=programme, area_code=area_code
    ).first() or CertificateSignatory(programme=programme, area_code=area_code)
    before = {"name": signatory.name, "position": signatory.position} if signatory.pk else {}
    signatory.name = " ".join(name.split())
    signatory.position = " ".join(position.split())
    signatory.updated_by = actor
    signatory.full_clean(exclude=["programme", "updated_by"], validate_unique=False)
    after = {"name": signatory.name, "position": signatory.position}
    changes = diff(before, after)
    if signatory.pk is None:
        signatory.save()
    elif changes:
        signatory.save(update_fields=["name", "position", "updated_by", "updated_at"])
    if changes:
        record(
            actor=actor,
            action="certificate.signatory",
            obj=signatory,
            area_code=area_code,
            changes=changes,
        )
    return signatory


@transaction.atomic
def remove_signatory(*, actor: User, programme: Programme, area_code: str) -> None:
    """Remove the area's own signatory: its certificates take the wider area's again."""
    check_signatory_area(actor=actor, area_code=area_code)
    require(actor, Action.SIGN_CERTIFICATES)
    signatory = (
        CertificateSignatory.objects.select_for_update()
        .filter(programme=programme, area_code=area_code)
        .first()
    )
    if signatory is None:
        return
    record(
        actor=actor,
        action="certificate.signatory.remove",
        obj=signatory,
        area_code=area_code,
        changes={"name": signatory.name, "position": signatory.position},
    )
    signatory.delete()


def clean_emblem(upload: UploadedFile) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height) re-encoded from an acceptable image; else ValidationError."""
    pixels = open_image(upload, limits=EMBLEM_LIMITS).pixels
    # Flattened onto the certificate's white paper: an image without an alpha channel is embedded
    # in the PDF without a soft mask, which keeps a batch of 900 pages within its time and memory.
    rgba = pixels.convert("RGBA")
    pixels = Image.new("RGB", rgba.size, (255, 255, 255))
    pixels.paste(rgba, mask=rgba.getchannel("A"))
    pixels.thumbnail((STORED_SIDE, STORED_SIDE))
    out = io.BytesIO()
    pixels.save(out, format="PNG", optimize=True)
    return out.getvalue(), pixels.width, pixels.height


@transaction.atomic
def set_emblem(*, actor: User, programme: Programme, upload: UploadedFile) -> CertificateEmblem:
    """The department's emblem for the programme's certificates (replacing any earlier one)."""
    check_signatory_area(actor=actor, area_code="")
    require(actor, Action.MANAGE_PROGRAMMES)
    png, width, height = clean_emblem(upload)
    emblem = CertificateEmblem.objects.select_for_update().filter(programme=programme).first()
    old_file = emblem.image.name if emblem is not None else ""
    if emblem is None:
        emblem = CertificateEmblem(programme=programme)
    emblem.width, emblem.height, emblem.uploaded_by = width, height, actor
    name = f"programme-{programme.pk}-{secrets.token_hex(4)}.png"
    emblem.image.save(name, ContentFile(png), save=False)
    emblem.save()
    record(
        actor=actor,
        action="certificate.emblem",
        obj=emblem,
        area_code="",
        changes={"file": (upload.name or "")[:200], "bytes": len(png)},
    )
    if old_file:
        storage = emblem.image.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return emblem


@transaction.atomic
def remove_emblem(*, actor: User, programme: Programme) -> None:
    check_signatory_area(actor=actor, area_code="")
    require(actor, Action.MANAGE_PROGRAMMES)
    emblem = CertificateEmblem.objects.select_for_update().filter(programme=programme).first()
    if emblem is None:
        return
    record(actor=actor, action="certificate.emblem.remove", obj=emblem, area_code="")
    name, storage = emblem.image.name, emblem.image.storage
    emblem.delete()
    transaction.on_commit(lambda: storage.delete(name))
