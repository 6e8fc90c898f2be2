# Matching: the staff's selection on a shortlist and, on PostgreSQL only, the match profile that
# lets the database filter and score the roster (see experts/matching.py and docs/matching.md).
#
# experts_match_profile holds one narrow row per expert, kept by triggers on the tables it reads:
# - matchable: approved, consent given, not anonymised (experts.selectors.experts_matchable);
# - tags: 't:<theme id>', 'c:<country>', 'l:<language>' (any level), 'w:<language>' (B2 or better),
#   under a GIN index restricted to matchable experts: candidate tiers are bitmap index scans;
# - theme_ids/theme_years and language_codes/language_levels: parallel arrays for the scores;
# - unavailable: the expert's unavailable periods as one datemultirange;
# - document: summary, keywords and position as a tsvector in the "simple" configuration.
# A side table rather than columns of experts_expert, so that later changes to those columns
# migrate freely; SQLite has none of it (matching scores in Python there).

from django.db import migrations, models

POSTGRESQL_FORWARD = """
CREATE TABLE experts_match_profile (
    expert_id bigint PRIMARY KEY,
    matchable boolean NOT NULL,
    employer_type varchar(32) NOT NULL,
    tags text[] NOT NULL,
    theme_ids bigint[] NOT NULL,
    theme_years integer[] NOT NULL,
    language_codes text[] NOT NULL,
    language_levels integer[] NOT NULL,
    unavailable datemultirange NOT NULL,
    document tsvector NOT NULL
);
CREATE INDEX experts_match_profile_tags ON experts_match_profile USING gin (tags) WHERE matchable;

CREATE FUNCTION experts_match_profile_refresh(expert_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM experts_match_profile WHERE expert_id = ANY(expert_ids);
    INSERT INTO experts_match_profile
    SELECT e.id,
           e.roster_status = 'approved' AND e.consent_given_at IS NOT NULL
               AND e.anonymised_at IS NULL,
           e.employer_type,
           ARRAY(SELECT 't:' || x FROM unnest(t.ids) x)
               || ARRAY(SELECT 'l:' || x FROM unnest(l.codes) x)
               || ARRAY(
                   SELECT 'w:' || x FROM unnest(l.codes, l.levels) y(x, level) WHERE level >= 4
               )
               || ARRAY(SELECT 'c:' || x FROM unnest(c.codes) x),
           t.ids, t.years, l.codes, l.levels, u.periods,
           to_tsvector('simple', concat_ws(' ', e.summary, e.keywords, e.position))
    FROM experts_expert e
    CROSS JOIN LATERAL (
        SELECT COALESCE(array_agg(theme_id ORDER BY theme_id), '{}') AS ids,
               COALESCE(array_agg(years::integer ORDER BY theme_id), '{}') AS years
        FROM experts_experttheme WHERE expert_id = e.id
    ) t
    CROSS JOIN LATERAL (
        SELECT COALESCE(array_agg(language_id::text ORDER BY language_id), '{}') AS codes,
               COALESCE(array_agg(level::integer ORDER BY language_id), '{}') AS levels
        FROM experts_expertlanguage WHERE expert_id = e.id
    ) l
    CROSS JOIN LATERAL (
        SELECT COALESCE(array_agg(country_id::text ORDER BY country_id), '{}') AS codes
        FROM experts_expert_countries_of_experience WHERE expert_id = e.id
    ) c
    CROSS JOIN LATERAL (
        SELECT COALESCE(range_agg(daterange(start, "end", '[]')), '{}') AS periods
        FROM experts_unavailableperiod WHERE expert_id = e.id
    ) u
    WHERE e.id = ANY(expert_ids);
END
$$;

CREATE FUNCTION experts_match_profile_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'experts_expert' THEN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM experts_match_profile WHERE expert_id = OLD.id;
        ELSE
            PERFORM experts_match_profile_refresh(ARRAY[NEW.id]);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM experts_match_profile_refresh(ARRAY[NEW.expert_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM experts_match_profile_refresh(ARRAY[OLD.expert_id]);
    ELSE
        PERFORM experts_match_profile_refresh(ARRAY[OLD.expert_id, NEW.expert_id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER experts_match_profile_sync
    AFTER INSERT OR DELETE OR UPDATE OF roster_status, consent_given_at, anonymised_at,
        employer_type, summary, keywords, position
    ON experts_expert FOR EACH ROW EXECUTE FUNCTION experts_match_profile_sync();
CREATE TRIGGER experts_match_profile_sync
    AFTER INSERT OR DELETE OR UPDATE ON experts_experttheme
    FOR EACH ROW EXECUTE FUNCTION experts_match_profile_sync();
CREATE TRIGGER experts_match_profile_sync
    AFTER INSERT OR DELETE OR UPDATE ON experts_expertlanguage
    FOR EACH ROW EXECUTE FUNCTION experts_match_profile_sync();
CREATE TRIGGER experts_match_profile_sync
    AFTER INSERT OR DELETE OR UPDATE ON experts_expert_countries_of_experience
    FOR EACH ROW EXECUTE FUNCTION experts_match_profile_sync();
CREATE TRIGGER experts_match_profile_sync
    AFTER INSERT OR DELETE OR UPDATE ON experts_unavailableperiod
    FOR EACH ROW EXECUTE FUNCTION experts_match_profile_sync();

CREATE FUNCTION experts_match_profile_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE experts_match_profile;
    RETURN NULL;
END
$$;
CREATE TRIGGER experts_match_profile_truncate
    AFTER TRUNCATE ON experts_expert
    FOR EACH STATEMENT EXECUTE FUNCTION experts_match_profile_truncate();

SELECT experts_match_profile_refresh(ARRAY(SELECT id FROM experts_expert));
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER experts_match_profile_truncate ON experts_expert;
DROP FUNCTION experts_match_profile_truncate();
DROP TRIGGER experts_match_profile_sync ON experts_unavailableperiod;
DROP TRIGGER experts_match_profile_sync ON experts_expert_countries_of_experience;
DROP TRIGGER experts_match_profile_sync ON experts_expertlanguage;
DROP TRIGGER experts_match_profile_sync ON experts_experttheme;
DROP TRIGGER experts_match_profile_sync ON experts_expert;
DROP FUNCTION experts_match_profile_sync();
DROP FUNCTION experts_match_profile_refresh(bigint[]);
DROP TABLE experts_match_profile;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0002_roster_status_anonymised"),
    ]

    operations = [
        migrations.AddField(
            model_name="shortlistentry",
            name="selected",
            field=models.BooleanField(
                default=False,
                help_text="Chosen by staff to be invited (or carried over).",
                verbose_name="selected",
            ),
        ),
        migrations.RunPython(
            _on_postgresql(POSTGRESQL_FORWARD), _on_postgresql(POSTGRESQL_BACKWARD)
        ),
    ]
