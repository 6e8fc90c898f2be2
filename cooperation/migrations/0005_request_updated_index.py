"""An index for the partner's "My requests", newest change first (docs/performance.md).

Kept out of ``Request.Meta.indexes`` on purpose: it is the partner list's concern, created with
plain SQL so that it needs no change to the model.
"""

from django.db import migrations

INDEX = "cooperation_request_updated_idx"


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0004_request_search_trigram")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cooperation_request (updated_at DESC, id DESC)",
            f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
