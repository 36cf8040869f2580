"""Edit permission for each field of a plan item, with the pt-BR reason for a denial."""

from __future__ import annotations

from planmp_desktop.domain.codes import GLOBAL_SCOPE_PROFILES, ApprovalState, Profile
from planmp_desktop.domain.i18n import _

# Execution figures imported from the state's financial system.
FINANCIAL_FIELDS = frozenset({"empenhado", "liquidado", "pago"})
_EDITING_PROFILES = frozenset({Profile.USUARIO, Profile.PAA, Profile.PLANEJAMENTO, Profile.ADMINISTRADOR})


def edit_denial(
    *,
    profile: str,
    in_scope: bool,
    approval_state: str | None,
    field_name: str,
    field_is_planning: bool,
    field_editable: bool,
    is_own_task: bool = True,
    field_label: str | None = None,
) -> str | None:
    """Return None when ``profile`` may edit the field, else the pt-BR reason why not.

    ``in_scope`` is whether the item's unit is in the user's scope
    (Planejamento and Administrador cover every unit). ``is_own_task`` is
    true when the item is a task of the user's own unit: a Usuário edits
    only those, while initiatives belong to the unit's PAA. Approved items and
    items awaiting approval keep their planning fields frozen for everyone;
    execution fields stay editable. ``field_label`` names the field in the
    message when given, else ``field_name`` does.
    """
    shown_name = field_label or field_name

    if profile == Profile.AUDITOR:
        return _("O perfil Auditor só consulta: não altera dados.")
    if profile not in _EDITING_PROFILES:
        return _(
            "Perfil '{value}' sem permissão de edição: peça ao Administrador para revisar seu acesso."
        ).format(value=profile)

    if not field_editable:
        return _read_only_reason(field_name, shown_name)

    if not in_scope and profile not in GLOBAL_SCOPE_PROFILES:
        return _("Item de unidade fora do seu escopo: peça ao Administrador acesso à unidade.")
    if profile == Profile.USUARIO and not is_own_task:
        return _(
            "O perfil Usuário edita só tarefas da própria unidade: peça ao PAA da unidade para alterar este item."
        )

    if field_is_planning and approval_state == ApprovalState.APROVADO:
        return _("Item aprovado: campos de planejamento só mudam em nova versão.")
    if field_is_planning and approval_state == ApprovalState.AGUARDANDO:
        return _("Item aguardando aprovação: campos de planejamento ficam bloqueados até a decisão.")
    return None


def can_edit(
    *,
    profile: str,
    in_scope: bool,
    approval_state: str | None,
    field_name: str,
    field_is_planning: bool,
    field_editable: bool,
    is_own_task: bool = True,
) -> bool:
    """Return whether ``edit_denial`` with the same arguments finds no reason to deny."""
    return (
        edit_denial(
            profile=profile,
            in_scope=in_scope,
            approval_state=approval_state,
            field_name=field_name,
            field_is_planning=field_is_planning,
            field_editable=field_editable,
            is_own_task=is_own_task,
        )
        is None
    )


def _read_only_reason(field_name: str, shown_name: str) -> str:
    if field_name in FINANCIAL_FIELDS:
        return _("Campo '{field}' é somente leitura: vem do sistema financeiro.").format(field=shown_name)
    if field_name == "approval_state":
        return _("Campo '{field}' é somente leitura: muda só por envio, aprovação ou devolução.").format(
            field=shown_name
        )
    return _("Campo '{field}' é somente leitura.").format(field=shown_name)
