"""Errors raised by the domain layer for values a user typed or imported."""

from __future__ import annotations


class DomainValueError(ValueError):
    """A value that breaks a domain rule.

    ``message`` is the pt-BR text shown to the user (also ``str(exc)``) and
    names the value and what to do; ``value`` is the rejected input.
    """

    def __init__(self, value: object, message: str) -> None:
        super().__init__(message)
        self.value = value
        self.message = message

    def __str__(self) -> str:
        return self.message
