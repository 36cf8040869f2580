"""Errors raised by the domain layer for values a user typed or imported."""

from __future__ import annotations

import errno

from planmp_desktop.domain.i18n import N_, _


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


# pt-BR descriptions of the file errors users meet, each with what to do.
_OS_ERROR_TEXTS = {
    errno.ENOENT: N_("a pasta ou o arquivo não existe; confira o caminho"),
    errno.EISDIR: N_("o caminho é uma pasta; informe um arquivo"),
    errno.EACCES: N_("sem permissão de acesso; escolha outra pasta ou peça acesso à pasta"),
    errno.EPERM: N_("sem permissão de acesso; escolha outra pasta ou peça acesso à pasta"),
    errno.EROFS: N_("a pasta é somente leitura; escolha outra pasta"),
    errno.ENOSPC: N_("disco cheio; libere espaço e tente de novo"),
    errno.ENOTDIR: N_("uma parte do caminho é um arquivo, não uma pasta; confira o caminho"),
    errno.EEXIST: N_("já existe um arquivo com o nome da pasta; renomeie-o ou escolha outra pasta"),
}


def describe_os_error(error: OSError) -> str:
    """Return a pt-BR description of a file error, with what to do; other errors give their number."""
    text = _OS_ERROR_TEXTS.get(error.errno or 0)
    if text is not None:
        return _(text)
    return _("erro do sistema {number}").format(number=error.errno)
