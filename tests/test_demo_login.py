"""The demo's --user option takes a login with or without its domain."""

from __future__ import annotations

from planmp_desktop.app import full_demo_login

DEMO_LOGINS = ["ana.souza@mpex.example", "carla.mendes@mpex.example", "ana.souza.filho@mpex.example"]


def test_login_without_domain_completed() -> None:
    assert full_demo_login("carla.mendes", DEMO_LOGINS) == "carla.mendes@mpex.example"
    assert full_demo_login("ana.souza", DEMO_LOGINS) == "ana.souza@mpex.example"


def test_full_login_kept() -> None:
    assert full_demo_login("ana.souza@mpex.example", DEMO_LOGINS) == "ana.souza@mpex.example"


def test_unknown_login_kept() -> None:
    # The sign-in then fails with the provider's own pt-BR message naming the login.
    assert full_demo_login("joana", DEMO_LOGINS) == "joana"
