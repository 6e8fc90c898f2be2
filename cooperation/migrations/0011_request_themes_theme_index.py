"""The requests of a thematic area, read from the index alone.

The queue filtered by theme (and country) counts its requests per status: PostgreSQL hashes the
(request, theme) rows of the area and joins them to the country's requests. With only the
foreign key's index on the theme it read those rows from the table; with (theme, request) it reads
the index alone (15.9 → 11.4 ms at 100,000 requests, an area of 27,700 rows). The many-to-many
table is Django's own, so the index is written in SQL (the same on SQLite).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0010_request_queue_index"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX request_themes_theme_request_idx"
            " ON cooperation_request_themes (thematicarea_id, request_id)",
            "DROP INDEX request_themes_theme_request_idx",
        ),
    ]
