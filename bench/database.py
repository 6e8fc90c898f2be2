"""The benchmark databases: one PostgreSQL database per data size, migrated, kept between runs.

``BENCH_DATABASE_URL`` (else a PostgreSQL ``DATABASE_URL``'s server and name + ``_bench``, else
``postgres://postgres@127.0.0.1:5432/cooperation_bench``) names the server and the prefix: the
100,000-expert roster lives in ``cooperation_bench_100000``.
"""

import io
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cooperation_bench"
COPY_BATCH = 50_000


def bench_url() -> str:
    """``BENCH_DATABASE_URL``; else the server of a PostgreSQL ``DATABASE_URL``, with databases
    named after its own (``cooperation`` → ``cooperation_bench_100000``); else the local server."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    database_url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if database_url.scheme in ("postgres", "postgresql") and database_url.path.strip("/"):
        return urlunsplit(database_url._replace(path=f"{database_url.path.rstrip('/')}_bench"))
    return DEFAULT_URL


def setup_django() -> None:
    """Start Django on the benchmark server as a deployment runs it (call before importing
    models): DEBUG off, static files from their manifest, e-mails kept in memory.

    Variables already set win, so ``DJANGO_DEBUG=true python -m bench`` measures the
    development set-up.
    """
    static_root = Path(tempfile.gettempdir()) / "cooperation-bench-static"
    production = {
        "DJANGO_SETTINGS_MODULE": "cooperation.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # the test client asks for https itself
        "DJANGO_STATIC_ROOT": str(static_root),
        "EMAIL_URL": "memorymail://",
    }
    os.environ["DATABASE_URL"] = bench_url()
    for name, value in production.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG:  # the manifest the static tag reads
        call_command("collectstatic", interactive=False, verbosity=0)


def database_name(size: int) -> str:
    return f"{urlsplit(bench_url()).path.lstrip('/')}_{size}"


def _ensure_database(name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    server = urlunsplit(urlsplit(bench_url())._replace(path="/postgres"))
    admin = psycopg2.connect(server)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()


@contextmanager
def using_database(size: int) -> Iterator[str]:
    """Point Django's default connection at the database of this size (created and migrated)."""
    from django.core.management import call_command
    from django.db import connections

    name = database_name(size)
    _ensure_database(name)
    connection = connections["default"]
    previous = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous


def _copy_value(value: Any) -> str:
    if value is None:
        return r"\N"
    if hasattr(value, "adapted"):  # psycopg2's Json adapter (JSONField)
        value = json.dumps(value.adapted)
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(model: Any, rows: Iterable[dict[str, Any]], *, total: int | None = None) -> int:
    """COPY ``rows`` (field name → value, explicit primary keys) into ``model``'s table.

    Fields a row leaves out get their default, so columns that other apps add later (with a
    default) do not break the generator. Returns the number of rows written.
    """
    from django.db import connection
    from django.utils import timezone

    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:  # the declared default, else "" for text fields and None for the others
            defaults[field.attname] = field.get_default()
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    written = 0
    started = time.monotonic()

    def flush(buffer: io.StringIO) -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(statement, buffer)

    buffer = io.StringIO()
    for row in rows:
        values = []
        for field in fields:
            value = row.get(field.attname, defaults[field.attname])
            values.append(_copy_value(field.get_db_prep_save(value, connection)))
        buffer.write("\t".join(values) + "\n")
        written += 1
        if written % COPY_BATCH == 0:
            flush(buffer)
            buffer = io.StringIO()
            if total:
                rate = written / (time.monotonic() - started)
                print(f"    {model._meta.label}: {written:,}/{total:,} ({rate:,.0f} rows/s)")
    flush(buffer)
    return written


def reset_sequences(models: Sequence[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
