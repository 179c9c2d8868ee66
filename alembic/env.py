"""Alembic runs against DATABASE_URL from the app's settings (or a connection given by tests)."""

from logging.config import fileConfig

from alembic import context

from tma_app.core.db import make_engine
from tma_app.core.settings import get_settings
from tma_app.tables import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(get_settings().DATABASE_URL)
    with engine.connect() as conn:
        run_migrations(conn)
        conn.commit()
    engine.dispose()
