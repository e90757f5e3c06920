"""Substring search over folded text columns, with LIKE's wildcards taken literally."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, true
from sqlalchemy.sql.schema import Column


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_all(column: Column[str], folded_terms: list[str]) -> ColumnElement[bool]:
    """True where the column contains every term (terms are already folded, as the column is)."""
    conditions = [column.like(f"%{_escape_like(term)}%", escape="\\") for term in folded_terms]
    return and_(true(), *conditions)
