"""Alembic environment. The app passes its own connection (see planning/migrations/__init__.py); the
``alembic`` command line opens ``-x url=...`` or ``WORKBOOK_DATABASE_URL`` (default: the app's SQLite file)."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from planning import migrations
from planning.storage import default_url, make_engine, metadata, normalise_url

config = context.config
if config.config_file_name is not None:  # the command line: show which migrations run
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _record(ctx, step, heads, run_args) -> None:  # on_version_apply hook: which revisions ran
    if step.is_upgrade and not step.is_stamp:
        config.attributes.setdefault("applied", []).append(step.up_revision_id)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True,
                      on_version_apply=_record)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return normalise_url(context.get_x_argument(as_dictionary=True).get("url") or default_url())


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif config.attributes.get("connection") is not None:
    _run(config.attributes["connection"])
else:
    engine = make_engine(_url())  # SQLite: BEGIN IMMEDIATE, as the app migrates
    try:
        with engine.begin() as conn:
            migrations.lock(conn)
            _run(conn)
    finally:
        engine.dispose()
