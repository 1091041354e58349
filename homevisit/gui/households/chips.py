"""The visit status in the households list as a small coloured chip (a word on a rounded
background), readable at a glance; the colour follows the status code, the word is the
model's translated label."""

from __future__ import annotations

from homevisit.gui.households.model import STATUS_ROLE
from homevisit.gui.qt import (
    QColor,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRectF,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

# (background, text): calm for done, warm for work still to do, red for returned.
CHIP_COLOURS = {
    "none": ("#eceff1", "#37474f"),
    "draft": ("#fff3cd", "#7a5500"),
    "finalized": ("#e3f2fd", "#0d47a1"),
    "submitted": ("#e3f2fd", "#0d47a1"),
    "revised": ("#e3f2fd", "#0d47a1"),
    "approved": ("#e6f4ea", "#1e6b1e"),
    "returned": ("#fdecea", "#b3261e"),
}


class StatusChipDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        background, foreground = CHIP_COLOURS.get(str(index.data(STATUS_ROLE)),
                                                  CHIP_COLOURS["none"])
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(str(text)) + 16, option.rect.width() - 4)
        height = min(metrics.height() + 4, option.rect.height() - 2)
        chip = QRectF(option.rect.x() + 4, option.rect.center().y() - height / 2 + 1,
                      width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, str(text))
        painter.restore()
