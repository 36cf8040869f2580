"""The ``planmp`` command line for administrators and scripts.

It shares the desktop app's settings, token cache and local store. Messages
are in pt-BR; exit codes: 0 success, 1 failure, 2 usage error, 3 offline,
4 sign-in needed, 5 nothing to do (e.g. no signed-in user).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planmp_desktop.composition import Workspace
    from planmp_desktop.services import CurrentUser
    from planmp_desktop.store.local import LocalStore

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_OFFLINE = 3
EXIT_SIGN_IN = 4
EXIT_NO_USER = 5

log = logging.getLogger(__name__)


class _PortugueseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with its fixed English words in pt-BR."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "uso: ")


class _PortugueseParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are shown in pt-BR."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _PortugueseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opções"
        self.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        for english, portuguese in _ARGPARSE_MESSAGES:
            message = re.sub(english, portuguese, message)
        self.exit(2, f"{self.prog}: {message}. Veja {self.prog} --help.\n")


# argparse (Python 3.11) ships its messages in English only; these are the ones users meet.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"faltam argumentos obrigatórios: \1"),
    (r"argument (\S+): expected one argument", r"a opção \1 precisa de um valor"),
    (r"argument (\S+): invalid int value: (.*)", r"a opção \1 espera um número inteiro, não \2"),
    (r"unrecognized arguments: (.*)", r"argumentos desconhecidos: \1"),
    (r"argument (\S+): invalid choice: (\S+).*", r"\2 não é um comando do planmp"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = _PortugueseParser(
        prog="planmp",
        description="PlanMP Desktop: planejamento do Ministério Público, com trabalho offline.",
    )
    parser.add_argument("--demo", action="store_true", help="usa a pasta de dados da demonstração")
    parser.add_argument("--home", type=Path, metavar="PASTA", help="pasta de dados do PlanMP (padrão: a pasta do usuário)")
    parser.add_argument("-v", "--verbose", action="store_true", help="mostra o registro detalhado")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMANDO", parser_class=_PortugueseParser, title="comandos"
    )

    serve = commands.add_parser("serve", help="inicia o servidor central de referência")
    serve.add_argument("--demo", dest="serve_demo", action="store_true",
                       help="com dados de demonstração e o provedor de identidade de desenvolvimento")
    serve.add_argument("--host", default="127.0.0.1", help="endereço de escuta (padrão: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="porta TCP (padrão: 8765)")
    serve.add_argument("--data-dir", type=Path, help="pasta do banco e dos certificados do servidor")
    serve.add_argument("--items", type=int, default=20_000,
                       help="número de iniciativas e tarefas geradas na primeira execução da demonstração")

    demo = commands.add_parser("demo", help="inicia servidor e aplicativo de demonstração")
    demo.add_argument("--port", type=int, default=8765, help="porta do servidor de demonstração")
    demo.add_argument(
        "--user", help="entra direto com este usuário de demonstração (login, com ou sem @mpex.example)"
    )

    commands.add_parser("app", help="abre o aplicativo")

    commands.add_parser("sync", help="sincroniza com o servidor central")
    commands.add_parser("status", help="mostra alterações pendentes, conflitos e a última sincronização")

    importer = commands.add_parser("import", help="importa ações do SIGPLAN como iniciativas do plano")
    importer.add_argument("file", type=Path, metavar="ARQUIVO", help="arquivo de ações do SIGPLAN (texto separado por |)")
    importer.add_argument("--uo", metavar="UO", help="unidade orçamentária, por exemplo 1091 ou 01091")
    importer.add_argument("--year", type=int, metavar="ANO", help="ano do plano (padrão: o ano configurado)")
    importer.add_argument("--unit", metavar="SIGLA", help="sigla da unidade de destino (padrão: a unidade com essa UO)")
    importer.add_argument("--list-uos", action="store_true", help="lista as unidades orçamentárias do arquivo")

    exporter = commands.add_parser("export", help="exporta os itens do plano para .xlsx ou .csv")
    exporter.add_argument("file", type=Path, metavar="ARQUIVO", help="arquivo de destino (.xlsx ou .csv)")
    exporter.add_argument("--year", type=int, metavar="ANO", help="ano do plano (padrão: o ano configurado)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command in ("app", "demo"):
        return _run_window(args)

    from planmp_desktop.composition import configure_logging, open_workspace

    try:
        workspace = open_workspace(args.home, demo=args.demo)
        configure_logging(workspace.home, args.verbose)
    except OSError as exc:
        folder = args.home if args.home is not None else "padrão"
        print(f"Não foi possível usar a pasta de dados ({folder}): {os_error_text(exc)}.", file=sys.stderr)
        return EXIT_FAILURE
    for problem in workspace.settings_problems:
        print(f"Atenção: {problem}", file=sys.stderr)
    handlers = {"sync": _sync, "status": _status, "import": _import, "export": _export}
    try:
        return handlers[args.command](workspace, args)
    except BrokenPipeError:
        # The output's reader closed it (`planmp import ... --list-uos | head`), so stop quietly as Unix
        # tools do. Stdout now points at /dev/null, so flushing it at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except sqlite3.Error as exc:
        print(_store_failure_text(workspace, exc), file=sys.stderr)
        return EXIT_FAILURE


def _store_failure_text(workspace: Any, exc: sqlite3.Error) -> str:
    """Return the pt-BR message of a local store that could not be opened, read or written."""
    from planmp_desktop.store.errors import failure_message

    user = workspace.current_user()
    path = workspace.store_path(user.oid) if user is not None else workspace.home
    log.warning("Local store %s failed: %s", path, exc)
    return failure_message(exc, path)


def _run_window(args: argparse.Namespace) -> int:
    """Run the app or the demo with Python's automatic garbage collection off until the window closes.

    Once the window is shown, the GUI-thread collector (``gui.collector``)
    collects instead. Before that, the start-up's imports and widgets make few
    reference cycles, and the automatic passes over them took 5 to 8 ms of a
    launch.
    """
    gc.disable()
    try:
        if args.command == "demo":
            from planmp_desktop.app import run_demo

            return run_demo(port=args.port, username=args.user, verbose=args.verbose, home=args.home)
        from planmp_desktop.app import run_app

        return run_app(home=args.home, verbose=args.verbose, demo=args.demo)
    finally:
        gc.enable()


def _serve(args: argparse.Namespace) -> int:
    from planmp_server.demo import serve_demo, serve_from_environment

    if args.serve_demo:
        return serve_demo(host=args.host, port=args.port, data_dir=args.data_dir, item_count=args.items)
    return serve_from_environment(host=args.host, port=args.port, data_dir=args.data_dir)


def _open_store(workspace: Workspace) -> tuple[CurrentUser | None, LocalStore | None]:
    user = workspace.current_user()
    if user is None:
        print("Nenhum usuário entrou neste computador: abra o aplicativo e entre uma vez.", file=sys.stderr)
        return None, None
    return user, workspace.open_store(user)


def _sync(workspace: Workspace, args: argparse.Namespace) -> int:
    from planmp_desktop.sync.errors import FailureKind, SyncError

    user, store = _open_store(workspace)
    if store is None:
        return EXIT_NO_USER
    engine = workspace.sync_engine(store)
    try:
        report = engine.sync()
    except SyncError as exc:
        print(exc.message, file=sys.stderr)
        if exc.kind is FailureKind.OFFLINE:
            return EXIT_OFFLINE
        if exc.kind is FailureKind.SIGN_IN_NEEDED:
            return EXIT_SIGN_IN
        return EXIT_FAILURE
    finally:
        engine.transport.close()
        store.close()
    print(
        f"Sincronizado: {report.applied} alteração(ões) aceita(s), {report.conflicts} conflito(s), "
        f"{report.rejected} recusada(s), {report.pulled} registro(s) recebido(s)."
    )
    return EXIT_OK


def _status(workspace: Workspace, args: argparse.Namespace) -> int:
    user, store = _open_store(workspace)
    if store is None:
        return EXIT_NO_USER
    try:
        status = store.status()
    finally:
        store.close()
    last = status.last_sync_at.astimezone().strftime("%d/%m/%Y %H:%M") if status.last_sync_at else "nunca"
    print(f"Usuário: {user.name} ({user.username})")
    print(f"Servidor: {workspace.settings.server_url}")
    print(f"Alterações pendentes: {status.pending}")
    print(f"Conflitos a resolver: {status.conflicts}")
    print(f"Alterações recusadas: {status.rejected}")
    print(f"Última sincronização: {last}")
    if status.last_error:
        print(f"Último erro: {status.last_error}")
    return EXIT_OK


def _import(workspace: Workspace, args: argparse.Namespace) -> int:
    from planmp_desktop.domain.money import format_money
    from planmp_desktop.io.plan_import import ImportRefused, import_sigplan
    from planmp_desktop.io.sigplan import SigplanFormatError, list_sigplan_uos

    if not args.file.is_file():
        problem = "é uma pasta, não um arquivo" if args.file.is_dir() else "não foi encontrado"
        print(f"{args.file} {problem}: informe o arquivo de ações do SIGPLAN.", file=sys.stderr)
        return EXIT_FAILURE
    try:
        if args.list_uos:
            for code, name, count in list_sigplan_uos(args.file):
                actions = "ação" if count == 1 else "ações"
                print(f"{code}  {count:4d} {actions:5s}  {name}")
            return EXIT_OK
        if not args.uo:
            print("Informe a unidade orçamentária com --uo (por exemplo --uo 1091).", file=sys.stderr)
            return 2
        user, store = _open_store(workspace)
        if store is None:
            return EXIT_NO_USER
        try:
            unit_id = None
            if args.unit:
                units = store.fetch_rows("unit", "code = ?", (args.unit,))
                if not units:
                    print(f"Unidade '{args.unit}' não encontrada: confira a sigla.", file=sys.stderr)
                    return EXIT_FAILURE
                unit_id = units[0]["id"]
            year = args.year if args.year is not None else workspace.settings.plan_year
            summary = import_sigplan(store, args.file, args.uo, year, unit_id, user=user)
        finally:
            store.close()
    except ImportRefused as exc:
        print(exc.message, file=sys.stderr)
        for detail in exc.details:
            print("  " + detail, file=sys.stderr)
        return EXIT_FAILURE
    except SigplanFormatError as exc:
        print(f"Não foi possível ler {args.file}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        raise  # the output's reader went away (see main); the file was read
    except OSError as exc:
        print(f"Não foi possível ler {args.file}: {os_error_text(exc)}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{summary.imported} ação(ões) importada(s) como iniciativas do plano {year}.")
    if summary.already_present:
        print(f"{len(summary.already_present)} já estavam no plano e foram mantidas como estão.")
    if summary.skipped_deleted:
        print(f"{len(summary.skipped_deleted)} ação(ões) com exclusão lógica ignorada(s):")
        for line in summary.skipped_deleted:
            print("  " + line)
    for plan_year, total in sorted(summary.totals_by_year.items()):
        print(f"  Previsão orçamentária {plan_year}: {format_money(total, symbol=True)}")
    if summary.imported:
        print("As novas iniciativas serão enviadas ao servidor na próxima sincronização (planmp sync).")
    return EXIT_OK


def _export(workspace: Workspace, args: argparse.Namespace) -> int:
    from planmp_desktop.composition import current_plan_id
    from planmp_desktop.io.export import export_plan_items

    user, store = _open_store(workspace)
    if store is None:
        return EXIT_NO_USER
    try:
        year = args.year if args.year is not None else workspace.settings.plan_year
        plan_id = current_plan_id(store, year)
        if plan_id is None:
            print(f"Não há Plano de Ação Anual {year} neste computador: sincronize primeiro.", file=sys.stderr)
            return EXIT_FAILURE
        try:
            count = export_plan_items(store, plan_id, args.file)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_FAILURE
        except OSError as exc:
            print(f"Não foi possível gravar {args.file}: {os_error_text(exc)}", file=sys.stderr)
            return EXIT_FAILURE
    finally:
        store.close()
    print(f"{count} item(ns) exportado(s) para {args.file}.")
    return EXIT_OK


def os_error_text(exc: OSError) -> str:
    """Return a pt-BR description of a file error, with what to do."""
    from planmp_desktop.domain.errors import describe_os_error

    return describe_os_error(exc)


if __name__ == "__main__":
    sys.exit(main())
