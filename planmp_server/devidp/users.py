"""Accounts that the development identity provider signs in."""

from __future__ import annotations

from dataclasses import dataclass

from planmp_desktop.domain.codes import Profile


@dataclass(frozen=True)
class DevUser:
    """A user of the development provider, with the Azure AD app roles it carries.

    ``roles`` contains ``Profile`` values, which become the tokens' ``roles`` claim.
    ``home_unit_code`` is not a token claim: the API server reads it through
    ``DevIdentityProvider.users`` when it provisions the user.
    """

    oid: str
    username: str
    name: str
    roles: tuple[str, ...]
    home_unit_code: str | None = None
    password: str = "demo"

    def __post_init__(self) -> None:
        known = {profile.value for profile in Profile}
        for role in self.roles:
            if role not in known:
                raise ValueError(f"Unknown role {role!r} for user {self.username!r}: use one of {sorted(known)}")
