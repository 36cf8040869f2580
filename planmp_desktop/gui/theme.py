"""The light theme: the Fusion style, a light palette and a small style sheet.

Text colours are dark on light backgrounds, because eMAG requires enough
contrast. Every state is shown by text or a marker as well as by colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f4e79"
ACCENT_LIGHT = "#dbe7f3"

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #f6f7f9; }}
QListWidget#navigation {{
    background: #ffffff; border: none; border-right: 1px solid #d9dde3;
    font-size: 10.5pt; padding-top: 6px; outline: 0;
}}
QListWidget#navigation::item {{ padding: 10px 14px; color: #1f2937; border-left: 3px solid transparent; }}
QListWidget#navigation::item:selected {{
    background: {ACCENT_LIGHT}; color: #10263d; border-left: 3px solid {ACCENT}; font-weight: 600;
}}
QListWidget#navigation::item:hover:!selected {{ background: #eef1f5; }}
QLabel#appTitle {{ font-size: 13pt; font-weight: 700; color: {ACCENT}; padding: 12px 14px 2px 14px; }}
QLabel#appSubtitle {{ color: #4b5563; padding: 0 14px 10px 14px; }}
QLabel#userCard {{ color: #374151; padding: 10px 14px; border-top: 1px solid #d9dde3; }}
QLabel#hint, QLabel#legend {{ color: #4b5563; }}
QLabel#error {{
    color: #8a1c1c; background: #fdecec; border: 1px solid #f3b4b4; border-radius: 4px; padding: 6px 8px;
}}
QTableView {{
    background: #ffffff; alternate-background-color: #f8fafc; gridline-color: #e3e7ec;
    selection-background-color: #cfe0f1; selection-color: #0b1f33; border: 1px solid #d9dde3;
}}
QHeaderView::section {{
    background: #eef1f5; color: #1f2937; padding: 4px 6px; border: none;
    border-right: 1px solid #d9dde3; border-bottom: 1px solid #cfd5dc; font-weight: 600;
}}
QPushButton {{
    padding: 5px 14px; border: 1px solid #b9c1cb; border-radius: 4px; background: #ffffff; color: #1f2937;
}}
QPushButton:hover {{ background: #eef3f8; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #8a939e; background: #f1f3f5; border-color: #d9dde3; }}
QPushButton#primary {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; font-weight: 600; }}
QPushButton#primary:hover {{ background: #173d5f; }}
QPushButton#primary:disabled {{ background: #9fb3c8; border-color: #9fb3c8; color: #f4f6f8; }}
QLineEdit, QComboBox, QDateEdit, QPlainTextEdit {{
    padding: 3px 6px; border: 1px solid #b9c1cb; border-radius: 4px; background: #ffffff;
}}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {ACCENT}; }}
QTabWidget::pane {{ border: 1px solid #d9dde3; background: #ffffff; }}
QTabBar::tab {{ padding: 6px 14px; background: #eef1f5; border: 1px solid #d9dde3; border-bottom: none; }}
QTabBar::tab:selected {{ background: #ffffff; font-weight: 600; }}
QStatusBar {{ background: #eef1f5; border-top: 1px solid #d9dde3; }}
QStatusBar QLabel {{ padding: 0 8px; color: #1f2937; }}
QStatusBar QLabel#connectionState[state="ok"] {{ color: #166534; font-weight: 600; }}
QStatusBar QLabel#connectionState[state="offline"] {{ color: #8a4b00; font-weight: 600; }}
QStatusBar QLabel#connectionState[state="error"] {{ color: #8a1c1c; font-weight: 600; }}
QStatusBar QLabel#connectionState[state="busy"] {{ color: {ACCENT}; font-weight: 600; }}
QStatusBar QLabel#conflicts, QStatusBar QLabel#rejections {{ color: #8a1c1c; font-weight: 600; }}
"""


def apply_theme(app: QApplication, *, fusion_set: bool = False) -> None:
    """Set the Fusion style, a light palette and the style sheet on ``app``.

    Pass ``fusion_set`` when the application was created with ``-style Fusion``.
    Then ``setStyle`` is not called, because the QStyle it returns makes
    PySide6 create Python enums for all of QStyle's, about 8 ms of start-up.
    """
    if not fusion_set:
        app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f2937"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8fafc"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#111827"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1f2937"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe0f1"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#0b1f33"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#111827"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#6b7280"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7280"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6b7280"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
