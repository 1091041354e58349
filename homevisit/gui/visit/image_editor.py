"""Rotate, crop and black out parts of a photo before it is stored.

Redaction paints opaque black into the pixels of the image itself (not an overlay), so what
the vault receives no longer contains the hidden details. Everything stays in memory.
"""

from __future__ import annotations

from enum import Enum

from homevisit.gui.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QImage,
    QIODevice,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTransform,
    QWidget,
    Signal,
)

MAX_UNDO = 10


class Tool(Enum):
    REDACT = "redact"
    CROP = "crop"


class ImageEditor(QWidget):
    """Shows the image scaled to fit; a mouse drag marks a rectangle for the current tool."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.tool = Tool.REDACT
        self._undo: list[QImage] = []
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None
        self.setMinimumSize(QSize(420, 300))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Photo being edited"))

    # --- image operations (image coordinates) ---------------------------------------------

    def set_image(self, image: QImage) -> None:
        self.image = image.convertToFormat(QImage.Format.Format_RGB32)
        self._undo.clear()
        self.update()
        self.changed.emit()

    def has_image(self) -> bool:
        return not self.image.isNull()

    def _push(self) -> None:
        self._undo.append(self.image.copy())
        del self._undo[:-MAX_UNDO]

    def undo(self) -> None:
        if self._undo:
            self.image = self._undo.pop()
            self.update()
            self.changed.emit()

    def rotate(self, degrees: int) -> None:
        if self.has_image():
            self._push()
            self.image = self.image.transformed(QTransform().rotate(degrees))
            self.update()
            self.changed.emit()

    def redact(self, rect: QRect) -> None:
        """Burn an opaque black box into the pixels."""
        rect = rect.intersected(self.image.rect())
        if self.has_image() and not rect.isEmpty():
            self._push()
            painter = QPainter(self.image)
            painter.fillRect(rect, QColor("black"))
            painter.end()
            self.update()
            self.changed.emit()

    def crop(self, rect: QRect) -> None:
        rect = rect.intersected(self.image.rect())
        if self.has_image() and rect.width() > 4 and rect.height() > 4:
            self._push()
            self.image = self.image.copy(rect)
            self.update()
            self.changed.emit()

    # --- view <-> image ---------------------------------------------------------------------

    def _target(self) -> QRectF:
        """Where the image is drawn in the widget (scaled to fit, centred)."""
        if not self.has_image():
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_image_rect(self, a: QPointF, b: QPointF) -> QRect:
        target = self._target()
        if target.isEmpty():
            return QRect()
        scale = self.image.width() / target.width()
        view = QRectF(a, b).normalized().translated(-target.topLeft())
        return QRect(round(view.x() * scale), round(view.y() * scale),
                     round(view.width() * scale), round(view.height() * scale))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.has_image():
            self._drag_from = self._drag_to = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_to = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        rect = self.to_image_rect(self._drag_from, event.position())
        self._drag_from = self._drag_to = None
        if self.tool is Tool.REDACT:
            self.redact(rect)
        else:
            self.crop(rect)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#2b2b2b"))
        if self.has_image():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self._target(), self.image)
        if self._drag_from is not None and self._drag_to is not None:
            box = QRectF(self._drag_from, self._drag_to).normalized()
            if self.tool is Tool.REDACT:
                painter.fillRect(box, QColor(0, 0, 0, 200))
            painter.setPen(QPen(QColor("#ffcc00"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(box)
        painter.end()

    # --- output -------------------------------------------------------------------------------

    def encoded(self) -> tuple[bytes, str]:
        """The edited image as (JPEG bytes, file name) in memory; the vault re-encodes it."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image.save(buffer, "JPEG", 90)  # type: ignore[call-overload]  # the stubs omit QIODevice targets
        buffer.close()
        return bytes(data.data()), "photo.jpg"
