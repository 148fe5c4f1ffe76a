"""The whole pool as files, and back: ``poolgov export pool DIR`` and ``poolgov import pool DIR``.

An archive holds every row of every table (``tables/<table>.jsonl``, one JSON object a line, in
primary-key order): the register and its changes, every charter version, every motion with its
electorate and ballots, meetings, agendas, minutes, complaints *sealed as stored* (their key is
not in the archive), the notice outbox, and the whole audit chain with every signature. Beside
them, for an auditor who has no database: ``audit.jsonl``, ``heads.json`` and ``keys.json`` in
the format of a motion's export (the chain up to a head signed at export time), the charter
versions as YAML (``charters/v<N>.yaml``), and ``pool.json`` (the schema revision, the signed
head and the number of rows of each table).

Everything is read in one transaction that first signs the chain's head: on SQLite under the
write lock, on PostgreSQL at ``REPEATABLE READ``, so the files are one consistent instant of a
running pool. Values are written by column type, not by engine: an archive made on SQLite
restores into PostgreSQL and back. :func:`import_pool` restores into an empty database only, at
the archive's revision, then the caller upgrades and verifies it (``poolgov audit verify``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text
from sqlalchemy.orm import Session

from storage.audit.chain import Break, Entry, verify
from storage.audit.log import read_entries
from storage.audit.signed_heads import sign_current_head, signed_heads
from storage.audit.signing import HeadSigner, PublicKey, SignedHead
from storage.engines import WRITE
from storage.export.files import audit_jsonl, heads_json, keys_json
from storage.findings import Finding, FindingError
from storage.tables import AuditHeadRow, Base, CharterVersionRow

FORMAT = "poolgov-pool-archive"
VERSION = 1
TABLES_DIR = "tables"


class ArchiveError(FindingError):
    """The archive cannot be written or restored; the finding says why."""


@dataclass(frozen=True)
class PoolArchive:
    files: dict[str, str]  # path inside the directory → content
    head: SignedHead
    counts: dict[str, int]

    def write(self, directory: Path) -> list[Path]:
        if directory.exists() and any(directory.iterdir()):
            raise ArchiveError(
                Finding("{directory} is not empty: give a new directory", directory=directory)
            )
        written = []
        for name, content in self.files.items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="")
            written.append(path)
        return written


def tables() -> list[Table]:
    """Every table, parents before children."""
    return list(Base.metadata.sorted_tables)


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ArchiveError(Finding("cannot archive a value of type {type}", type=type(value).__name__))


def _decode(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$datetime":
            return datetime.fromisoformat(str(inner))
        if tag == "$date":
            return date.fromisoformat(str(inner))
        if tag == "$bytes":
            return base64.b64decode(str(inner), validate=True)
    return value


def _rows(connection: Connection, table: Table) -> list[dict[str, object]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execute(select(table).order_by(*order))
    return [{key: _encode(value) for key, value in row._mapping.items()} for row in result]


def export_pool(
    engine: Engine,
    signer: HeadSigner,
    now: datetime,
    revision: str | None,
    older_keys: Sequence[PublicKey] = (),
) -> PoolArchive:
    """Sign the current head, then read every table in the same transaction."""
    connection = engine.connect()
    try:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        else:
            connection = connection.execution_options(**{WRITE: True})
        with Session(bind=connection) as session, session.begin():
            head = sign_current_head(session, signer, now)
            entries = [e for e in read_entries(session) if e.seq <= head.seq]
            heads = signed_heads(session, head.seq)
            charters = session.execute(
                select(CharterVersionRow.version, CharterVersionRow.text).order_by(
                    CharterVersionRow.version
                )
            ).all()
            dumped = {table.name: _rows(session.connection(), table) for table in tables()}
    finally:
        connection.close()
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, rows in dumped.items():
        files[f"{TABLES_DIR}/{name}.jsonl"] = "".join(
            json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows
        )
        counts[name] = len(rows)
    for version, charter_text in charters:
        files[f"charters/v{version}.yaml"] = charter_text
    keys = {k.key_id: k for k in (signer.public, *older_keys)}
    files["audit.jsonl"] = audit_jsonl(entries)
    files["heads.json"] = heads_json(heads)
    files["keys.json"] = keys_json(list(keys.values()))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": revision,
        "exported_at": now.isoformat(),
        "head": {"seq": head.seq, "entry_hash": head.entry_hash, "key_id": head.key_id},
        "rows": counts,
        "sha256": {
            name: hashlib.sha256(content.encode("utf-8")).hexdigest()
            for name, content in sorted(files.items())
        },
    }
    files["pool.json"] = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    return PoolArchive(files, head, counts)


@dataclass(frozen=True)
class ArchiveManifest:
    schema_revision: str | None
    head_seq: int
    head_hash: str
    rows: dict[str, int]
    sha256: dict[str, str]


def read_manifest(directory: Path) -> ArchiveManifest:
    try:
        loaded = json.loads((directory / "pool.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(
            Finding("{directory}: no pool.json; not a pool archive", directory=directory)
        ) from None
    except (OSError, ValueError) as error:
        raise ArchiveError(
            Finding("{directory}/pool.json: unreadable ({error})", directory=directory, error=error)
        ) from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise ArchiveError(
            Finding("{directory}/pool.json: not a poolgov pool archive", directory=directory)
        )
    if loaded.get("version") != VERSION:
        raise ArchiveError(
            Finding(
                "{directory}: archive version {version} is not known",
                directory=directory,
                version=loaded.get("version"),
            )
        )
    try:
        return ArchiveManifest(
            schema_revision=loaded["schema_revision"],
            head_seq=int(loaded["head"]["seq"]),
            head_hash=str(loaded["head"]["entry_hash"]),
            rows={str(k): int(v) for k, v in loaded["rows"].items()},
            sha256={str(k): str(v) for k, v in loaded["sha256"].items()},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ArchiveError(
            Finding("{directory}/pool.json: malformed ({error})", directory=directory, error=error)
        ) from None


@dataclass
class ArchiveCheck:
    """What :func:`check_archive` found: passed checks and failures, each a sentence."""

    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def check(self, condition: bool, passed: str, failed: str) -> None:
        (self.passed if condition else self.failed).append(passed if condition else failed)


def check_files(directory: Path, manifest: ArchiveManifest) -> ArchiveCheck:
    """Every file is the one ``pool.json`` lists (SHA-256), and each table has its rows."""
    report = ArchiveCheck()
    for name, digest in sorted(manifest.sha256.items()):
        try:
            content = (directory / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            report.failed.append(Finding("{name}: missing or unreadable", name=name))
            continue
        report.check(
            hashlib.sha256(content.encode("utf-8")).hexdigest() == digest,
            Finding("{name}: as exported", name=name),
            Finding("{name}: differs from what pool.json lists (SHA-256)", name=name),
        )
    for name, count in sorted(manifest.rows.items()):
        path = directory / TABLES_DIR / f"{name}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        report.check(
            len(lines) == count,
            Finding("table {name}: {count} rows", name=name, count=count),
            Finding(
                "table {name}: {rows} rows, pool.json says {count}",
                name=name,
                rows=len(lines),
                count=count,
            ),
        )
    return report


def table_entries(directory: Path) -> list[Entry]:
    """The audit chain as the archived ``audit_entries`` table holds it."""
    entries = []
    for line in (directory / TABLES_DIR / "audit_entries.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        entries.append(
            Entry(
                seq=int(row["seq"]),
                prev_hash=str(row["prev_hash"]),
                entry_hash=str(row["entry_hash"]),
                body=str(row["body"]),
                scheme=int(row["scheme"]),
            )
        )
    return entries


def chain_matches_table(directory: Path, audit_entries: Iterable[Entry]) -> ArchiveCheck:
    report = ArchiveCheck()
    exported = list(audit_entries)
    stored = table_entries(directory)
    found = verify(stored, None)
    report.check(
        not isinstance(found, Break),
        Finding("table audit_entries: links and hashes hold for {chain}", chain=found),
        Finding("table audit_entries: broken at {chain}", chain=found),
    )
    report.check(
        stored[: len(exported)] == exported,
        Finding(
            "audit.jsonl: the first {count} entries of the table audit_entries",
            count=len(exported),
        ),
        Finding("audit.jsonl: differs from the table audit_entries"),
    )
    return report


# Restoring ----------------------------------------------------------------------------------


def _empty_but_for_the_head(connection: Connection) -> list[str]:
    """The tables that hold rows a fresh database would not (audit_head holds its row 0)."""
    busy = []
    for table in tables():
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if table.name == AuditHeadRow.__tablename__:
            seq = connection.execute(select(AuditHeadRow.seq)).scalar()
            if count > 1 or (count == 1 and seq != 0):
                busy.append(table.name)
        elif count:
            busy.append(table.name)
    return busy


def import_pool(
    engine: Engine, directory: Path, on_table: Callable[[str, int], None] = lambda n, c: None
) -> dict[str, int]:
    """Insert every archived row into ``engine``'s database, which must hold no pool yet and be
    at the archive's revision; one transaction. Returns the rows restored per table."""
    manifest = read_manifest(directory)
    files = check_files(directory, manifest)
    if not files.ok:
        raise ArchiveError(
            Finding("the archive is not as exported: {failures}", failures=files.failed)
        )
    restored: dict[str, int] = {}
    with engine.connect() as plain:
        connection = plain.execution_options(**{WRITE: True})
        with connection.begin():
            busy = _empty_but_for_the_head(connection)
            if busy:
                raise ArchiveError(
                    Finding(
                        "the database is not empty (rows in {tables}): restore into a new database",
                        tables=", ".join(busy),
                    )
                )
            connection.execute(delete(AuditHeadRow))
            for table in tables():
                path = directory / TABLES_DIR / f"{table.name}.jsonl"
                rows = [
                    {key: _decode(value) for key, value in json.loads(line).items()}
                    for line in path.read_text(encoding="utf-8").splitlines()
                ]
                for start in range(0, len(rows), 1000):
                    connection.execute(insert(table), rows[start : start + 1000])
                restored[table.name] = len(rows)
                on_table(table.name, len(rows))
            if connection.dialect.name == "postgresql":
                _advance_sequences(connection)
    return restored


def _advance_sequences(connection: Connection) -> None:
    """Rows came with their ids: each id sequence continues after the largest restored."""
    for table in tables():
        for column in table.primary_key.columns:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            largest = connection.execute(select(func.max(column))).scalar()
            if largest is not None:
                connection.execute(
                    text("SELECT setval(:sequence, :value)"),
                    {"sequence": sequence, "value": largest},
                )
