"""Alembic environment and revisions: the only way poolgov's schema is made or changed.

Run them with ``poolgov db upgrade`` (or :func:`migrations.runner.upgrade`); Alembic is configured
in code, so this works from an installed package with no ``alembic.ini``.
"""
