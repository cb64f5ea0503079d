"""Where komsos keeps its files: the database, its backups and user templates."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "komsos"
DB_ENV = "KOMSOS_DB"
CONFIG_ENV = "KOMSOS_CONFIG_DIR"
CACHE_ENV = "KOMSOS_CACHE_DIR"
DB_FILENAME = "komsos.json"


def default_db_path() -> Path:
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    return default_db_path()


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Where derived files live (the place-list index, the help page): safe to delete."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def user_templates_dir() -> Path:
    return config_dir() / "templates"


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database so that copying the folder copies both."""
    return db_path.with_name(db_path.name + ".backup")


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")
