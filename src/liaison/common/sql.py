"""Plain SQL for the few small queries (nearly) every request runs: the session, the user's
memberships, the unread notification count. Building such a SELECT through the ORM costs
several times the CPU of running it (compiling the query is most of a signed-in request's
fixed cost); everything else uses the ORM."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Model

M = TypeVar("M", bound=Model)


def table(model: type[Model]) -> str:
    """The model's table, quoted for its database."""
    return str(connections[router.db_for_read(model)].ops.quote_name(model._meta.db_table))


def rows(model: type[Model], sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """The rows of `sql` (parameters as `%s`), run on `model`'s database."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def now_param(model: type[Model], value: dt.datetime) -> Any:
    """`value` as a parameter compared with a datetime column of `model`'s database."""
    return connections[router.db_for_read(model)].ops.adapt_datetimefield_value(value)


@functools.cache
def _reader(model: type[Model], alias: str) -> tuple[str, list[str], list[tuple[int, Any, list[Any]]]]:
    """The column list of `model`'s concrete fields, their attribute names, and the converters
    the ORM applies to each column's values on this database (e.g. SQLite's datetimes)."""
    connection = connections[alias]
    fields = model._meta.concrete_fields
    cols = [field.get_col(model._meta.db_table) for field in fields]
    converters = [(i, col, found) for i, col in enumerate(cols)
                  if (found := connection.ops.get_db_converters(col) + col.get_db_converters(connection))]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return columns, [field.attname for field in fields], converters


def instance(model: type[M], where: str, params: list[Any]) -> M | None:
    """The first row of `model` matching `where` (plain SQL, parameters as `%s`) as a model
    instance, its values converted as the ORM converts them; None if there is none."""
    alias = router.db_for_read(model)
    columns, attnames, converters = _reader(model, alias)
    found = rows(model, f"SELECT {columns} FROM {table(model)} WHERE {where} LIMIT 1", params)  # noqa: S608 (our columns)
    if not found:
        return None
    values = list(found[0])
    connection = connections[alias]
    for i, col, functions in converters:
        for convert in functions:
            values[i] = convert(values[i], col, connection)
    return model.from_db(alias, attnames, values)
