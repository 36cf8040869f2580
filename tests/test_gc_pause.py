"""The cyclic collector pause around bulk edits."""

from __future__ import annotations

import gc

import pytest

from planmp_desktop.gc_pause import collection_paused


def test_collector_is_off_inside_and_back_on_after() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_comes_back_after_an_exception() -> None:
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("falha no meio da colagem")
    assert gc.isenabled()


def test_nested_pause_keeps_collector_off_until_outer_ends() -> None:
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_works_as_a_decorator() -> None:
    @collection_paused()
    def paste() -> bool:
        return gc.isenabled()

    assert paste() is False
    assert gc.isenabled()
