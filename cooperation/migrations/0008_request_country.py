"""The request's country, a copy of its lead institution's (docs/performance.md, "Country and
theme"): added empty, then filled by one ``UPDATE … FROM`` (a join, not a query per request).

Made required in 0009: on PostgreSQL the backfill leaves deferred foreign-key checks pending,
and a table with pending checks cannot be altered in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE cooperation_request
SET country_id = partners_institution.country_id
FROM partners_institution
WHERE partners_institution.id = cooperation_request.lead_institution_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0007_alter_actiondocument_original_name"),
        ("partners", "0001_initial"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="country",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                help_text="The lead institution's, copied for the queue's country filter.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.country",
                verbose_name="country",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
    ]
