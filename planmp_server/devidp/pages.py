"""pt-BR HTML pages of the development identity provider: login, device code and result pages.

Every value placed in a page goes through ``html.escape``. An error message sits
in the element with id ``erro``, which the demo's browserless sign-in reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from planmp_desktop.domain.codes import PROFILE_LABELS, Profile
from planmp_server.devidp.users import DevUser

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; color: #1d2733; }
h1 { font-size: 1.4rem; }
fieldset { border: 1px solid #c7d0da; border-radius: 6px; margin-bottom: 1rem; }
label { display: block; margin: .35rem 0; }
input[type=text], input[type=password] { width: 100%; padding: .4rem; box-sizing: border-box; }
.erro { color: #a4161a; font-weight: 600; }
.papeis { color: #5b6b7c; font-size: .9rem; }
button { padding: .5rem 1.2rem; margin-right: .5rem; }
"""


def login_page(
    action_url: str, request_id: str, users: Iterable[DevUser], selected: str | None = None, error: str | None = None
) -> str:
    """Render the sign-in page of the authorization code flow."""
    body = f"""
<h1>Entrar no PlanMP</h1>
<p>Provedor de identidade de desenvolvimento. Escolha um usuário e digite a senha.</p>
{_error_paragraph(error)}
<form method="post" action="{escape(action_url)}">
  <input type="hidden" name="request_id" value="{escape(request_id)}">
  {_user_fieldset(users, selected)}
  <label for="password">Senha</label>
  <input type="password" id="password" name="password" autocomplete="current-password" required>
  <p><button type="submit">Entrar</button></p>
</form>
"""
    return _document("Entrar no PlanMP", body)


def device_page(
    action_url: str, users: Iterable[DevUser], user_code: str = "", selected: str | None = None, error: str | None = None
) -> str:
    """Render the page where a user enters the device code shown by the desktop app and signs in."""
    body = f"""
<h1>Entrar no PlanMP Desktop</h1>
<p>Digite o código que o PlanMP Desktop mostrou, escolha um usuário e digite a senha.</p>
{_error_paragraph(error)}
<form method="post" action="{escape(action_url)}">
  <label for="user_code">Código</label>
  <input type="text" id="user_code" name="user_code" value="{escape(user_code)}" autocomplete="off" required>
  {_user_fieldset(users, selected)}
  <label for="password">Senha</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <p>
    <button type="submit" name="action" value="approve">Entrar</button>
    <button type="submit" name="action" value="deny" formnovalidate>Recusar</button>
  </p>
</form>
"""
    return _document("Entrar no PlanMP Desktop", body)


def form_post_page(redirect_uri: str, params: dict[str, str]) -> str:
    """Render the page that posts the authorization response to the client (OAuth 2.0 Form Post Response Mode)."""
    fields = "\n".join(
        f'  <input type="hidden" name="{escape(name)}" value="{escape(value)}">' for name, value in params.items()
    )
    body = f"""
<form method="post" action="{escape(redirect_uri)}" id="resposta">
{fields}
  <noscript><p>Clique para voltar ao aplicativo.</p><button type="submit">Continuar</button></noscript>
</form>
<script>document.getElementById("resposta").submit();</script>
"""
    return _document("Voltando ao PlanMP", body)


def message_page(title: str, message: str, error: bool = False) -> str:
    paragraph = _error_paragraph(message) if error else f"<p>{escape(message)}</p>"
    return _document(title, f"<h1>{escape(title)}</h1>\n{paragraph}")


def _user_fieldset(users: Iterable[DevUser], selected: str | None) -> str:
    options = []
    for index, user in enumerate(users):
        checked = " checked" if user.username == selected or (selected is None and index == 0) else ""
        roles = ", ".join(PROFILE_LABELS.get(Profile(role), role) for role in user.roles) or "sem papel"
        options.append(
            f'<label><input type="radio" name="username" value="{escape(user.username)}"{checked}> '
            f'{escape(user.name)} &lt;{escape(user.username)}&gt; <span class="papeis">({escape(roles)})</span></label>'
        )
    return "<fieldset><legend>Usuário</legend>\n" + "\n".join(options) + "\n</fieldset>"


def _error_paragraph(error: str | None) -> str:
    return f'<p class="erro" id="erro" role="alert">{escape(error)}</p>' if error else ""


def _document(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>{escape(title)}</title><style>{_STYLE}</style></head>
<body>{body}</body>
</html>
"""
