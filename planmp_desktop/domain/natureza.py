"""Natureza de despesa ``c.g.mm.ee[.dd]``: parsing, consistency rules and labels.

Digits, left to right: categoria econômica (1), grupo de natureza (1),
modalidade de aplicação (2), elemento (2) and an optional subelemento (2).
Users type ``3.3.90.39``, ``339039``, ``3.3.90.39.00`` or ``33903900``; all
mean the same, because subelemento 00 stands for "no subelemento".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import N_, _

CATEGORIA_LABELS = {
    "3": N_("Despesas correntes"),
    "4": N_("Despesas de capital"),
    "9": N_("Reserva de contingência"),
}

GRUPO_LABELS = {
    "1": N_("Pessoal e encargos sociais"),
    "2": N_("Juros e encargos da dívida"),
    "3": N_("Outras despesas correntes"),
    "4": N_("Investimentos"),
    "5": N_("Inversões financeiras"),
    "6": N_("Amortização da dívida"),
    "9": N_("Reserva de contingência"),
}

# Grupos each categoria accepts.
GRUPOS_BY_CATEGORIA = {
    "3": ("1", "2", "3"),
    "4": ("4", "5", "6"),
    "9": ("9",),
}

# Elementos that exist only as investments (grupo 4).
INVESTMENT_ELEMENTOS = frozenset({"51", "52"})

# Names of the elementos an MP's plan uses most; not the full federal table.
ELEMENTO_LABELS = {
    "04": N_("Contratação por tempo determinado"),
    "08": N_("Outros benefícios assistenciais do servidor"),
    "11": N_("Vencimentos e vantagens fixas – pessoal civil"),
    "13": N_("Obrigações patronais"),
    "14": N_("Diárias – civil"),
    "30": N_("Material de consumo"),
    "33": N_("Passagens e despesas com locomoção"),
    "35": N_("Serviços de consultoria"),
    "36": N_("Outros serviços de terceiros – pessoa física"),
    "37": N_("Locação de mão de obra"),
    "39": N_("Outros serviços de terceiros – pessoa jurídica"),
    "40": N_("Serviços de tecnologia da informação e comunicação – pessoa jurídica"),
    "46": N_("Auxílio-alimentação"),
    "47": N_("Obrigações tributárias e contributivas"),
    "51": N_("Obras e instalações"),
    "52": N_("Equipamentos e material permanente"),
    "92": N_("Despesas de exercícios anteriores"),
    "93": N_("Indenizações e restituições"),
}

_DOTTED = re.compile(r"(\d)\.(\d)\.(\d{2})\.(\d{2})(?:\.(\d{2}))?", re.ASCII)
_DIGITS = re.compile(r"(\d)(\d)(\d{2})(\d{2})(\d{2})?", re.ASCII)


@dataclass(frozen=True)
class NaturezaDespesa:
    """A natureza de despesa split into its parts, each kept as its digit text."""

    categoria: str
    grupo: str
    modalidade: str
    elemento: str
    subelemento: str | None = None

    def __str__(self) -> str:
        text = f"{self.categoria}.{self.grupo}.{self.modalidade}.{self.elemento}"
        if self.subelemento and self.subelemento != "00":
            text = f"{text}.{self.subelemento}"
        return text

    @property
    def digits(self) -> str:
        """The code without dots, as financial systems export it (``339039``)."""
        return str(self).replace(".", "")


def parse_natureza(text: str) -> NaturezaDespesa:
    """Parse and check a natureza de despesa typed in any of the accepted layouts.

    Raises DomainValueError when the text is malformed or the categoria,
    grupo and elemento do not fit together.
    """
    stripped = text.strip()
    match = _DOTTED.fullmatch(stripped) or _DIGITS.fullmatch(stripped)
    if match is None:
        raise DomainValueError(
            text, _("Natureza de despesa '{value}' inválida: use o formato 3.3.90.39.").format(value=text)
        )

    categoria, grupo, modalidade, elemento, subelemento = match.groups()
    if subelemento == "00":
        subelemento = None
    natureza = NaturezaDespesa(categoria, grupo, modalidade, elemento, subelemento)

    problem = natureza_inconsistency(natureza)
    if problem is not None:
        raise DomainValueError(
            text, _("Natureza de despesa '{value}': {problem}").format(value=text, problem=problem)
        )
    return natureza


def natureza_inconsistency(natureza: NaturezaDespesa) -> str | None:
    """Return a pt-BR reason why the parts do not fit together, or None when they do."""
    categoria, grupo, elemento = natureza.categoria, natureza.grupo, natureza.elemento

    allowed_grupos = GRUPOS_BY_CATEGORIA.get(categoria)
    if allowed_grupos is None:
        return _(
            "categoria econômica {categoria} desconhecida; use 3 (despesas correntes), "
            "4 (despesas de capital) ou 9 (reserva de contingência)."
        ).format(categoria=categoria)

    if grupo not in GRUPO_LABELS:
        return _("grupo de natureza {grupo} desconhecido; {allowed}").format(
            grupo=grupo, allowed=_allowed_grupos_phrase(categoria, allowed_grupos)
        )

    if grupo not in allowed_grupos:
        return _(
            "o grupo {grupo} ({grupo_label}) não pertence à categoria {categoria} ({categoria_label}); {allowed}"
        ).format(
            grupo=grupo,
            grupo_label=_(GRUPO_LABELS[grupo]),
            categoria=categoria,
            categoria_label=_(CATEGORIA_LABELS[categoria]),
            allowed=_allowed_grupos_phrase(categoria, allowed_grupos),
        )

    if elemento in INVESTMENT_ELEMENTOS and grupo != "4":
        return _(
            "o elemento {elemento} ({elemento_label}) só cabe no grupo 4 (Investimentos), não no grupo {grupo}."
        ).format(elemento=elemento, elemento_label=elemento_label(elemento), grupo=grupo)

    # NOTE: modalidade and subelemento are not checked against the official
    # tables, which each state extends; any two digits pass.
    return None


def elemento_label(code: str) -> str | None:
    """Return the pt-BR name of elemento ``code`` (``"39"`` or ``"9"``), or None when not in the table."""
    label = ELEMENTO_LABELS.get(str(code).strip().zfill(2))
    return _(label) if label is not None else None


def grupo_label(code: str) -> str | None:
    """Return the pt-BR name of grupo de natureza ``code``, or None when unknown."""
    label = GRUPO_LABELS.get(str(code).strip())
    return _(label) if label is not None else None


def categoria_label(code: str) -> str | None:
    """Return the pt-BR name of categoria econômica ``code``, or None when unknown."""
    label = CATEGORIA_LABELS.get(str(code).strip())
    return _(label) if label is not None else None


def _allowed_grupos_phrase(categoria: str, grupos: tuple[str, ...]) -> str:
    if len(grupos) == 1:
        return _("a categoria {categoria} aceita só o grupo {grupo}.").format(
            categoria=categoria, grupo=grupos[0]
        )
    return _("a categoria {categoria} aceita os grupos {first} ou {last}.").format(
        categoria=categoria, first=", ".join(grupos[:-1]), last=grupos[-1]
    )
