"""The signature pad, the image editor and the capture dialog on their own."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtTest import QTest

from homevisit.gui.qt import (
    QColor,
    QCoreApplication,
    QDropEvent,
    QEvent,
    QImage,
    QInputDevice,
    QLineEdit,
    QMimeData,
    QPoint,
    QPointF,
    QPointingDevice,
    Qt,
    QTabletEvent,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from homevisit.gui.visit.camera import Camera
from homevisit.gui.visit.capture_dialog import CaptureDialog
from homevisit.gui.visit.image_editor import ImageEditor, Tool
from homevisit.gui.visit.signature_pad import SignaturePad


def _ink_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.histogram()[:128])  # dark pixels


def test_mouse_drag_on_the_pad_draws_a_signature_png(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 160)
    pad.show()
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 80))
        for x in range(40, 300, 20):
            qtbot.mouseMove(pad, QPoint(x, 60 + (x % 40)))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 90))
    assert not pad.is_empty()
    png = pad.to_png()
    assert png.startswith(b"\x89PNG") and _ink_pixels(png) > 100
    pad.clear()
    assert pad.is_empty()


def _tablet(kind: QEvent.Type, x: float, y: float) -> QTabletEvent:
    device = QPointingDevice.primaryPointingDevice()
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease \
        else Qt.MouseButton.LeftButton
    return QTabletEvent(kind, device, QPointF(x, y), QPointF(x, y), 0.8, 0.0, 0.0, 0.0,
                        0.0, 0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                        buttons)


def test_pen_draws_through_tablet_events(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 160)
    pad.show()
    QCoreApplication.sendEvent(pad, _tablet(QEvent.Type.TabletPress, 20, 40))
    for x in range(30, 200, 10):
        QCoreApplication.sendEvent(pad, _tablet(QEvent.Type.TabletMove, x, 40 + x / 4))
    with qtbot.waitSignal(pad.changed):
        QCoreApplication.sendEvent(pad, _tablet(QEvent.Type.TabletRelease, 200, 90))
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) > 10
    assert _ink_pixels(pad.to_png()) > 50


def test_finger_draws_through_touch_events(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 160)
    pad.show()
    screen = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    QTest.touchEvent(pad, screen).press(0, QPoint(20, 100), pad).commit()
    for x in range(40, 260, 20):
        QTest.touchEvent(pad, screen).move(0, QPoint(x, 100 - x // 5), pad).commit()
    with qtbot.waitSignal(pad.changed):
        QTest.touchEvent(pad, screen).release(0, QPoint(260, 50), pad).commit()
    assert not pad.is_empty()
    assert _ink_pixels(pad.to_png()) > 50


def _photo(width: int = 300, height: int = 200) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    return image


def test_editor_rotates_crops_and_burns_in_redaction(qtbot):
    editor = ImageEditor()
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    editor.set_image(_photo())
    editor.rotate(90)
    assert (editor.image.width(), editor.image.height()) == (200, 300)
    editor.undo()
    assert (editor.image.width(), editor.image.height()) == (300, 200)
    # A drag in redaction mode (the default) paints black into the pixels.
    target = editor._target()
    a = target.topLeft().toPoint() + QPoint(2, 2)
    b = target.center().toPoint()
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(editor, b)
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=b)
    assert QColor(editor.image.pixel(10, 10)).lightness() == 0
    assert QColor(editor.image.pixel(290, 190)).lightness() == 255
    editor.tool = Tool.CROP
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=b)
    assert editor.image.width() < 300 and editor.image.height() < 200
    data, name = editor.encoded()
    assert data.startswith(b"\xff\xd8") and name.endswith(".jpg")


def test_capture_takes_an_injected_camera_frame(qtbot):
    camera = Camera()
    dialog = CaptureDialog(camera=camera)
    qtbot.addWidget(dialog)
    dialog.show()
    captured = []
    dialog.captured.connect(lambda data, name, kind: captured.append((data, name, kind)))
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "cameraButton"),
                     Qt.MouseButton.LeftButton)
    frame = _photo(320, 240)
    frame.fill(QColor("#3366cc"))
    camera.inject(frame)  # no webcam here: a frame as the video sink would deliver it
    assert dialog.editor.image.size() == frame.size()
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "shootButton"),
                     Qt.MouseButton.LeftButton)
    camera.inject(_photo(10, 10))  # later frames no longer replace the photo taken
    assert dialog.editor.image.width() == 320
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(captured) == 1 and captured[0][0].startswith(b"\xff\xd8")


def test_capture_accepts_a_dropped_file_and_refuses_other_types(qtbot, tmp_path):
    dialog = CaptureDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    assert not dialog.load_file(text)
    assert not dialog.save_button.isEnabled()
    photo = tmp_path / "scan.png"
    Image.new("RGB", (64, 48), (200, 10, 10)).save(photo)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert dialog.editor.image.size().width() == 64
    assert dialog.save_button.isEnabled()


def test_sensitive_field_never_reveals_the_stored_number(qtbot):
    from homevisit.gui.visit.fields import SensitiveField
    from homevisit.visits.forms import latest_definition
    from tests.gui.visit.conftest import FATHER_ID, STUDENT_ID

    definition = latest_definition("home-visit").field("consent.student_id_number")
    holder = QWidget()
    qtbot.addWidget(holder)
    field = SensitiveField(definition, holder)
    other = QLineEdit(holder)  # somewhere for the focus to go
    QVBoxLayout(holder).addWidget(field)
    holder.layout().addWidget(other)
    holder.show()
    field.set_value(STUDENT_ID)
    assert field.line.text() == "3208**********" + STUDENT_ID[-4:]
    field.line.setFocus()
    qtbot.waitUntil(field.line.hasFocus)
    assert field.line.text() == ""  # focusing shows nothing of the number
    other.setFocus()  # left untouched: the number stays
    qtbot.waitUntil(other.hasFocus)
    assert field.value() == STUDENT_ID and "*" in field.line.text()
    field.line.setFocus()
    qtbot.waitUntil(field.line.hasFocus)
    with qtbot.waitSignal(field.edited):
        qtbot.keyClicks(field.line, FATHER_ID)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert field.value() == FATHER_ID and FATHER_ID not in field.line.text()
