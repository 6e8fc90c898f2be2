"""A trigram index for the staff queue's text search (PostgreSQL; ``filters.RequestSearchText``).

``pg_trgm`` ships with PostgreSQL; creating the extension needs a role allowed to (the database
owner on PostgreSQL 13+, since pg_trgm is a trusted extension).
"""

from django.db import migrations

INDEX = "cooperation_request_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cooperation_request USING gin "
        "((reference || ' ' || title || ' ' || context || ' ' || objectives) gin_trgm_ops)"
    )
    # Statistics on the indexed expression, without which the planner guesses that a search
    # matches a handful of requests and sorts them all rather than reading newest first.
    schema_editor.execute("ANALYZE cooperation_request")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0003_action_period_start_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
