"""Load and fault runs against the real portal: gunicorn, PostgreSQL, Redis and Celery on
loopback, all started by the run itself (``python -m reliability --help``; docs/reliability.md)."""
