"""Backup and restore of everything Phinong keeps: every record and every uploaded file.

A backup is one tar archive (compressed when its name ends in .gz, .tgz, .xz or .bz2) holding

- `phinong-backup.json`, first: what the archive is (format, when, from which database, counts);
- `records.json`: the records, as a Django fixture with natural keys for permissions;
- `media/...`: every file under MEDIA_ROOT (evidence, certificate emblems, lesson photos, ...).

The records are read from one consistent moment while the app keeps running: on SQLite from a copy
made with the online backup API, on PostgreSQL inside one REPEATABLE READ transaction. Backups and
every temporary file are created with mode 0600. Timestamps keep their microseconds.

Content types, permissions, sessions, the admin log and uploads awaiting confirmation are left
out: migrations recreate the first two, and restoring old sessions would log people back in.

`restore` checks the whole archive and unpacks the files beside MEDIA_ROOT's contents before it
touches anything, replaces the records in one transaction, and swaps the files in just before
that transaction commits (and back if it does not). A plain JSON fixture (the format before
files were included) still restores; it leaves the files as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "phinong-backup.json"
RECORDS = "records.json"
MEDIA = "media"
STAGING_PREFIX = ".phinong-restore-"  # folders of a restore in progress, inside MEDIA_ROOT
COMPRESSION = {".gz": "gz", ".tgz": "gz", ".xz": "xz", ".bz2": "bz2"}
PRIVATE = 0o600

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "register.pendingupload",
]


class BackupError(Exception):
    """The archive can't be written or restored; the message says which entry and why."""


@dataclass
class BackupSummary:
    records: int = 0
    files: int = 0
    file_bytes: int = 0
    missing: list[str] = field(default_factory=list)  # named by a record, absent from MEDIA_ROOT
    vanished: list[str] = field(default_factory=list)  # deleted while the backup ran


@dataclass
class RestoreSummary:
    records: int
    files: int | None  # None: a records-only backup, the files were left as they were


# ---------------------------------------------------------------------------------------- backup


def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the records of database `using` and the files of MEDIA_ROOT to the archive `path`."""
    media_root = Path(settings.MEDIA_ROOT)
    summary = BackupSummary()
    with tempfile.TemporaryDirectory(prefix="phinong-backup-") as work:  # mode 0700
        records = Path(work) / RECORDS
        summary.records, referenced = _dump_records(records, using=using, work=Path(work))
        files = sorted(_media_files(media_root))
        summary.missing = sorted(referenced - set(files))
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "records": summary.records,
            "files": len(files),
        }
        _write_archive(path, manifest, records, media_root, files, summary)
    return summary


def _dump_records(path: Path, *, using: str, work: Path) -> tuple[int, set[str]]:
    """Serialize every record from one consistent moment; also return the file names they hold."""
    connection = connections[using]
    if connection.in_atomic_block:  # the caller's transaction is the consistent view
        return _serialize(path, using), _referenced_files(using)
    if connection.vendor == "sqlite":
        with _sqlite_snapshot(using, work / "snapshot.sqlite3") as alias:
            return _serialize(path, alias), _referenced_files(alias)
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _serialize(path, using), _referenced_files(using)


@contextmanager
def _sqlite_snapshot(using: str, target: Path) -> Iterator[str]:
    """Copy the live database with SQLite's online backup API; yield an alias for the copy."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    source = connections[using]
    source.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        source.connection.backup(copy)  # one step: a single read transaction, so one moment
    finally:
        copy.close()
    alias = f"phinong_backup_{secrets.token_hex(4)}"
    connections.settings[alias] = {**source.settings_dict, "NAME": str(target)}
    try:
        connections[alias].connect()
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def _dumped_models() -> list[type[models.Model]]:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {apps.get_model(label) for label in EXCLUDED if "." in label}
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in excluded_apps
    }
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m not in excluded_models and not m._meta.proxy]


def _serialize(path: Path, using: str) -> int:
    """What `dumpdata --natural-foreign` does, from the base managers, with exact timestamps."""
    count = 0

    def objects() -> Iterator[models.Model]:
        nonlocal count
        for model in _dumped_models():
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            for obj in queryset.iterator(chunk_size=2000):
                count += 1
                yield obj

    with _private_file(path, "w", encoding="utf-8") as stream:
        serializers.serialize(
            "json", objects(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )
    return count


def _referenced_files(using: str) -> set[str]:
    names: set[str] = set()
    for model in _dumped_models():
        for field_ in model._meta.concrete_fields:
            if isinstance(field_, models.FileField):
                names.update(
                    model._base_manager.using(using)
                    .exclude(**{field_.name: ""})
                    .values_list(field_.name, flat=True)
                )
    return {name for name in names if name}


def _media_files(root: Path) -> Iterator[str]:
    """Every regular file under MEDIA_ROOT, as a POSIX path relative to it (links are skipped)."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if not d.startswith(STAGING_PREFIX)]
        for name in files:
            full = here / name
            if full.is_file() and not full.is_symlink():
                yield full.relative_to(root).as_posix()


def _write_archive(
    path: Path,
    manifest: dict[str, Any],
    records: Path,
    media_root: Path,
    files: Iterable[str],
    summary: BackupSummary,
) -> None:
    """Write beside `path` with mode 0600 and rename into place: never a half-written backup."""
    compression = COMPRESSION.get(path.suffix.lower(), "")
    mode: Any = f"w:{compression}"  # one of tarfile's literal modes
    options: dict[str, Any] = {"compresslevel": 6} if compression == "gz" else {}
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        with _private_file(partial, "wb") as raw:
            with tarfile.open(fileobj=raw, mode=mode, **options) as tar:
                data = json.dumps(manifest, indent=2).encode()
                info = _anonymous(tarfile.TarInfo(MANIFEST))
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(records, arcname=RECORDS, filter=_anonymous)
                for name in files:
                    try:
                        tar.add(media_root / name, arcname=f"{MEDIA}/{name}", filter=_anonymous)
                    except FileNotFoundError:
                        summary.vanished.append(name)
                        continue
                    summary.files += 1
                    summary.file_bytes += (media_root / name).stat().st_size
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = PRIVATE
    return info


@contextmanager
def _private_file(path: Path, mode: str, **kwargs: Any) -> Iterator[Any]:
    """A new file only its owner may read, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    with open(fd, mode, **kwargs) as stream:
        yield stream


# --------------------------------------------------------------------------------------- restore


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Replace every record (and, from an archive, every file) with the backup's."""
    if not tarfile.is_tarfile(path):  # a records-only fixture, as written before files came in
        with transaction.atomic(using=using):
            return RestoreSummary(records=_load_records(path, using), files=None)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="phinong-restore-") as work,
        _staging_folder(media_root, "new") as staged,
    ):
        records, files = _unpack(path, Path(work), staged)
        swap = _MediaSwap(media_root)
        try:
            with transaction.atomic(using=using):
                count = _load_records(records, using)
                swap.put_in(staged)
        except BaseException:
            swap.undo()
            raise
        swap.discard_old()
    return RestoreSummary(records=count, files=files)


def _unpack(path: Path, work: Path, staged: Path) -> tuple[Path, int]:
    """Check every entry and unpack it: the records into `work`, the files into `staged`."""
    records = work / RECORDS
    files = 0
    try:
        with tarfile.open(path, "r:*") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                raise BackupError(f"{path} is not a Phinong backup: it has no {MANIFEST}")
            manifest = json.load(_member_stream(tar, first))
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{path} has backup format {manifest.get('format')!r}")
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name == RECORDS and member.isfile():
                    _copy_out(tar, member, records)
                elif member.name.startswith(f"{MEDIA}/") or member.name == MEDIA:
                    files += _unpack_media(tar, member, staged)
                else:
                    raise BackupError(f"{path}: unexpected entry {member.name!r}")
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(f"{path} can't be read: {exc}") from exc
    if not records.is_file():
        raise BackupError(f"{path} has no {RECORDS}")
    if files != manifest.get("files"):
        raise BackupError(f"{path} should hold {manifest.get('files')} files but holds {files}")
    return records, files


def _unpack_media(tar: tarfile.TarFile, member: tarfile.TarInfo, staged: Path) -> int:
    parts = PurePosixPath(member.name).parts[1:]
    if any(part in {"", ".", ".."} for part in parts) or member.name.startswith("/"):
        raise BackupError(f"{member.name!r} would be written outside MEDIA_ROOT")
    target = staged.joinpath(*parts)
    if not target.resolve().is_relative_to(staged.resolve()):
        raise BackupError(f"{member.name!r} would be written outside MEDIA_ROOT")
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return 0
    if not member.isfile():
        raise BackupError(f"{member.name!r} is a link or a device; only files are restored")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy_out(tar, member, target)
    if settings.FILE_UPLOAD_PERMISSIONS is not None:
        os.chmod(target, settings.FILE_UPLOAD_PERMISSIONS)
    os.utime(target, (member.mtime, member.mtime))
    return 1


def _member_stream(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = tar.extractfile(member)
    if stream is None:
        raise BackupError(f"{member.name!r} is not a file")
    return stream


def _copy_out(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    try:
        with _private_file(target, "wb") as out:
            shutil.copyfileobj(_member_stream(tar, member), out, 1024 * 1024)
    except FileExistsError as exc:
        raise BackupError(f"{member.name!r} appears twice in the backup") from exc


@contextmanager
def _staging_folder(media_root: Path, kind: str) -> Iterator[Path]:
    folder = media_root / f"{STAGING_PREFIX}{kind}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _MediaSwap:
    """Move MEDIA_ROOT's entries aside and the restored ones in, one rename each, undoably.

    The entries move, not MEDIA_ROOT itself, so this works when MEDIA_ROOT is a mount point.
    """

    def __init__(self, media_root: Path) -> None:
        self.root = media_root
        self.old = media_root / f"{STAGING_PREFIX}old-{secrets.token_hex(4)}"
        self.moves: list[tuple[Path, Path]] = []  # (from, to), in the order made

    def put_in(self, staged: Path) -> None:
        self.old.mkdir(mode=0o700)
        for entry in sorted(self.root.iterdir()):
            if not entry.name.startswith(STAGING_PREFIX):
                self._move(entry, self.old / entry.name)
        for entry in sorted(staged.iterdir()):
            self._move(entry, self.root / entry.name)

    def _move(self, source: Path, target: Path) -> None:
        os.rename(source, target)
        self.moves.append((source, target))

    def undo(self) -> None:
        for source, target in reversed(self.moves):
            os.rename(target, source)
        self.moves.clear()
        shutil.rmtree(self.old, ignore_errors=True)

    def discard_old(self) -> None:
        shutil.rmtree(self.old, ignore_errors=True)


def _restorable_models() -> list[type[models.Model]]:
    skip_apps = {"contenttypes", "sessions", "admin"}
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in skip_apps and model._meta.label != "auth.Permission"
    ]


def _load_records(path: Path, using: str) -> int:
    """Empty the restorable tables and load the fixture (inside the caller's transaction)."""
    connection = connections[using]
    restorable = _restorable_models()
    tables = [model._meta.db_table for model in restorable]
    with transaction.atomic(using=using):
        _set_constraints(using, "IMMEDIATE")  # PostgreSQL won't TRUNCATE with pending checks
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
        )
        _set_constraints(using, "DEFERRED")  # so that the fixture may refer forward
        call_command("loaddata", str(path), database=using, verbosity=0)
        count = sum(  # as `backup` counts them: many-to-many links travel inside their records
            model._base_manager.using(using).count()
            for model in restorable
            if not model._meta.auto_created
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), restorable):
                cursor.execute(sql)
    return count


def _set_constraints(using: str, when: str) -> None:
    if connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {when}")
