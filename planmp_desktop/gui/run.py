"""Start Qt for PlanMP: the application object (style, locale, translations) and the main window."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from planmp_desktop.domain.i18n import set_language
from planmp_desktop.gui.main_window import MainWindow
from planmp_desktop.gui.theme import apply_theme
from planmp_desktop.services import AppServices
from planmp_desktop.settings import APP_AUTHOR, APP_NAME, Settings

log = logging.getLogger(__name__)

FUSION = "Fusion"

# The repository's resources/ in a checkout; planmp_desktop/resources/ in an installed package.
_TRANSLATION_DIRS = (
    Path(__file__).resolve().parents[2] / "resources" / "translations",
    Path(__file__).resolve().parents[1] / "resources" / "translations",
)


def create_application(argv: Sequence[str], settings: Settings | None = None) -> QApplication:
    """Create (or return the running) QApplication with the Fusion light theme and the pt-BR locale.

    With ``settings.language == "en"`` it loads the English translation of
    the screens and switches the domain messages to English too.
    """
    app = QApplication.instance()
    created = not isinstance(app, QApplication)
    if created:
        # Qt reads -style itself, so apply_theme need not set the style through Python.
        app = QApplication([*argv, "-style", FUSION])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
    apply_theme(app, fusion_set=created)

    language = settings.language if settings is not None else "pt_BR"
    if language == "en":
        _install_translator(app, "planmp_en", _TRANSLATION_DIRS)
        set_language("en")
    else:
        # Qt's own texts (standard buttons, context menus) in pt-BR.
        _install_translator(app, "qtbase_pt_BR", (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),))
    return app


def show_main_window(services: AppServices) -> MainWindow:
    """Build the main window, show it and start the periodic sync."""
    window = MainWindow(services)
    window.show()
    window.start_background_sync()
    return window


def _install_translator(app: QCoreApplication, name: str, folders: Sequence[Path]) -> bool:
    for folder in folders:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            log.info("Translation %s loaded from %s", name, folder)
            return True
    log.warning("Translation %s not found in %s", name, ", ".join(str(folder) for folder in folders))
    return False
