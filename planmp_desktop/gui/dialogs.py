"""Small shared dialogs: errors and a wait notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


class WaitDialog(QDialog):
    """A modeless notice with a busy bar, for waits whose length is unknown."""

    def __init__(self, title: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        label = QLabel(message, self)
        label.setWordWrap(True)
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        bar.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(bar)
