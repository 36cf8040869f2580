"""The app's log file: written from the start, rotating once the window has painted."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from planmp_desktop.composition import configure_logging, start_log_rotation


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """Start without the app's handlers, which an earlier test may have left, and restore them after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers[:] = [handler for handler in handlers if not getattr(handler, "_planmp", False)]
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def _file_handlers() -> list[logging.Handler]:
    """Return the app's file handlers (pytest adds handlers of its own)."""
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.FileHandler) and getattr(handler, "_planmp", False)
    ]


def test_log_rotates_after_start(tmp_path: Path, root_handlers: None) -> None:
    configure_logging(tmp_path, rotate_later=True)
    logging.getLogger("planmp.test").info("before the first paint")
    assert [type(handler) for handler in _file_handlers()] == [logging.FileHandler]

    start_log_rotation()
    logging.getLogger("planmp.test").info("after the first paint")

    [handler] = _file_handlers()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    text = (tmp_path / "planmp.log").read_text(encoding="utf-8")
    assert "before the first paint" in text
    assert "after the first paint" in text


def test_log_rotates_from_start_by_default(tmp_path: Path, root_handlers: None) -> None:
    configure_logging(tmp_path)

    [handler] = _file_handlers()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
