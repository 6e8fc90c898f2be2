"""Two SQL forms the ORM does not write, for queries that must use their indexes on PostgreSQL."""

from django.db.models import Lookup


class ILike(Lookup):
    """``lhs ILIKE rhs``: the form a trigram (``gin_trgm_ops``) index serves."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


class InSubqueryArray(Lookup):
    """``lhs = ANY(ARRAY(subquery))`` on PostgreSQL, ``lhs IN (subquery)`` elsewhere.

    The array is computed once, before the scan, so in an ``OR`` the condition can use the
    column's index (a BitmapOr with the other branch); ``IN (subquery)`` there forces a scan of
    the whole table.
    """

    lookup_name = "in_subquery_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]
