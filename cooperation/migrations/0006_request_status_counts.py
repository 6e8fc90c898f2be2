"""The number of requests in each status, kept by triggers (PostgreSQL only), so that the queue's
unfiltered counts per status cost the same at any size (docs/performance.md).

Insert-only: each status change adds a (status, +1) and a (status, -1) row, so concurrent
transitions never wait on a shared counter row; ``cooperation_request_status_compact()`` (run by
the reader when the rows pile up) folds them into one row per status. A bulk load that skips
triggers (``session_replication_role = replica``) calls ``cooperation_request_status_recount()``.
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS cooperation_request_status_delta (
    id bigserial PRIMARY KEY,
    status varchar(16) NOT NULL,
    n bigint NOT NULL
);

CREATE OR REPLACE FUNCTION cooperation_request_status_track() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM cooperation_request_status_delta;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO cooperation_request_status_delta (status, n) VALUES (OLD.status, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO cooperation_request_status_delta (status, n) VALUES (NEW.status, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cooperation_request_status_compact() RETURNS void
LANGUAGE sql AS $$
    WITH folded AS (DELETE FROM cooperation_request_status_delta RETURNING status, n)
    INSERT INTO cooperation_request_status_delta (status, n)
    SELECT status, sum(n) FROM folded GROUP BY status HAVING sum(n) <> 0;
$$;

CREATE OR REPLACE FUNCTION cooperation_request_status_recount() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM cooperation_request_status_delta;
    INSERT INTO cooperation_request_status_delta (status, n)
    SELECT status, count(*) FROM cooperation_request GROUP BY status;
$$;

DROP TRIGGER IF EXISTS cooperation_request_status_rows ON cooperation_request;
CREATE TRIGGER cooperation_request_status_rows
    AFTER INSERT OR DELETE ON cooperation_request
    FOR EACH ROW EXECUTE FUNCTION cooperation_request_status_track();
DROP TRIGGER IF EXISTS cooperation_request_status_change ON cooperation_request;
CREATE TRIGGER cooperation_request_status_change
    AFTER UPDATE OF status ON cooperation_request
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION cooperation_request_status_track();
DROP TRIGGER IF EXISTS cooperation_request_status_truncate ON cooperation_request;
CREATE TRIGGER cooperation_request_status_truncate
    AFTER TRUNCATE ON cooperation_request
    FOR EACH STATEMENT EXECUTE FUNCTION cooperation_request_status_track();

SELECT cooperation_request_status_recount();
"""

DROP = """
DROP TRIGGER IF EXISTS cooperation_request_status_rows ON cooperation_request;
DROP TRIGGER IF EXISTS cooperation_request_status_change ON cooperation_request;
DROP TRIGGER IF EXISTS cooperation_request_status_truncate ON cooperation_request;
DROP FUNCTION IF EXISTS cooperation_request_status_track();
DROP FUNCTION IF EXISTS cooperation_request_status_compact();
DROP FUNCTION IF EXISTS cooperation_request_status_recount();
DROP TABLE IF EXISTS cooperation_request_status_delta;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0005_request_updated_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
