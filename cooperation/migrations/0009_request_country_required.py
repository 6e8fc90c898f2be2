"""Every request has a lead institution, so every request now has a country (0008). One index
serves the queue filtered by country: its rows newest first, and its counts per status read from
the index alone (the status is included).

On SQLite, making the column required rebuilds the table, which drops the index 0005 made with
plain SQL: it is made again (``IF NOT EXISTS``: nothing happens on PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models

UPDATED_INDEX = "cooperation_request_updated_idx"


def analyze(apps, schema_editor):
    """Statistics on the new column, so that the planner takes the indexes from the start."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE cooperation_request")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0008_request_country")]

    operations = [
        migrations.AlterField(
            model_name="request",
            name="country",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                help_text="The lead institution's, copied for the queue's country filter.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.country",
                verbose_name="country",
            ),
        ),
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                fields=["country", "-submitted_at", "-id"],
                include=["status"],
                name="request_country_submitted_idx",
            ),
        ),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {UPDATED_INDEX} "
            "ON cooperation_request (updated_at DESC, id DESC)",
            migrations.RunSQL.noop,
            elidable=False,
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=False),
    ]
