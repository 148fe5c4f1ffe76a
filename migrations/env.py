"""Alembic's environment: the models' metadata and the same ``DATABASE_URL`` as the bot."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storage.engines import WRITE, database_url, make_engine, normalise_url
from storage.tables import Base

config = context.config
url = config.attributes.get("database_url") or database_url()


def run_offline() -> None:
    context.configure(
        url=normalise_url(url),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=normalise_url(url).get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:  # migrations.runner holds the migration lock on it
        run_with(given)
        given.commit()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run_with(connection.execution_options(**{WRITE: True}))
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
