"""Capturing a document or photo: file import, drag-and-drop or webcam; document type;
rotate, crop and black-box redaction; then the bytes go to the vault (never to a file)."""

from __future__ import annotations

from pathlib import Path

from homevisit import sanitize
from homevisit.errors import HomevisitError
from homevisit.gui.qt import (
    QBuffer,
    QByteArray,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QImage,
    QImageReader,
    QIODevice,
    QLabel,
    QPushButton,
    Qt,
    QWidget,
    Signal,
)
from homevisit.gui.uiload import child, load_ui, replace_placeholder
from homevisit.gui.visit.camera import Camera, camera_available
from homevisit.gui.visit.image_editor import ImageEditor, Tool
from homevisit.protocol.consent import required_for_doc_type
from homevisit.regular_file import read_regular
from homevisit.vault import DEFAULT_IMPORT_LIMIT
from homevisit.visits.capture_consent import consent_refusal

PDF_MAGIC = b"%PDF-"


def doc_types() -> list[tuple[str, str]]:
    """Document types a counselor can choose, as (code, label in the UI language)."""

    # Literal calls, so pyside6-lupdate files them under this context.
    return [
        ("id_card", QCoreApplication.translate("CaptureDialog", "Resident ID card")),
        ("hukou", QCoreApplication.translate("CaptureDialog", "Household register (hukou)")),
        ("certificate", QCoreApplication.translate(
            "CaptureDialog", "Certificate (e.g. minimum-living, disability)")),
        ("income_proof", QCoreApplication.translate("CaptureDialog", "Proof of income")),
        ("authorisation", QCoreApplication.translate(
            "CaptureDialog", "Signed authorisation for roster checks")),
        ("home_photo", QCoreApplication.translate("CaptureDialog", "Photo of the home")),
        ("other", QCoreApplication.translate("CaptureDialog", "Other document")),
    ]


class CaptureDialog(QDialog):
    """``captured(data, file_name, doc_type)`` is emitted when the user saves."""

    captured = Signal(bytes, str, str)

    def __init__(self, parent: QWidget | None = None, *, camera: Camera | None = None,
                 consented: frozenset[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a photo or document"))
        self.setAcceptDrops(True)
        root = load_ui("visit_capture", self)
        self.editor = ImageEditor(self)
        replace_placeholder(root, "editorPlaceholder", self.editor)
        self.doc_type = child(root, QComboBox, "docTypeCombo")
        # The guardian's consent choices (None: not checked here, e.g. outside a visit).
        self.consented = consented
        for code, label in doc_types():
            self.doc_type.addItem(label, code)
            refusal = self.refusal(code)
            if refusal:
                self.doc_type.setItemData(self.doc_type.count() - 1, refusal,
                                          Qt.ItemDataRole.ToolTipRole)
        self.status = child(root, QLabel, "statusLabel")
        self.consent_note = child(root, QLabel, "consentLabel")
        self.save_button = child(root, QPushButton, "saveButton")
        self.redact_button = child(root, QPushButton, "redactButton")
        self.crop_button = child(root, QPushButton, "cropButton")
        self.camera = camera or Camera(self)
        self.camera.frame.connect(self._show_frame)
        self._pdf: tuple[bytes, str] | None = None
        self._live = False
        child(root, QPushButton, "importButton").clicked.connect(self.choose_file)
        camera_button = child(root, QPushButton, "cameraButton")
        camera_button.setEnabled(camera is not None or camera_available())
        camera_button.clicked.connect(self.start_camera)
        child(root, QPushButton, "shootButton").clicked.connect(self.take_photo)
        rotate_left = child(root, QPushButton, "rotateLeftButton")
        rotate_left.clicked.connect(lambda: self.editor.rotate(-90))
        rotate_right = child(root, QPushButton, "rotateRightButton")
        rotate_right.clicked.connect(lambda: self.editor.rotate(90))
        child(root, QPushButton, "undoButton").clicked.connect(self.editor.undo)
        self.redact_button.clicked.connect(lambda: self.use_tool(Tool.REDACT))
        self.crop_button.clicked.connect(lambda: self.use_tool(Tool.CROP))
        child(root, QPushButton, "cancelButton").clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.editor.changed.connect(self._update_buttons)
        self.doc_type.currentIndexChanged.connect(self._update_buttons)
        self._update_buttons()
        self.resize(820, 620)

    def use_tool(self, tool: Tool) -> None:
        self.editor.tool = tool
        self.redact_button.setChecked(tool is Tool.REDACT)
        self.crop_button.setChecked(tool is Tool.CROP)

    def refusal(self, doc_type: str) -> str:
        """Why ``doc_type`` cannot be saved on this visit (its consent choice is not ticked),
        or "" when it can."""
        needed = required_for_doc_type(doc_type)
        if self.consented is None or needed is None or needed.value in self.consented:
            return ""
        return str(consent_refusal(needed))

    def _update_buttons(self) -> None:
        refusal = self.refusal(str(self.doc_type.currentData()))
        self.consent_note.setText(refusal)
        self.consent_note.setVisible(bool(refusal))
        self.save_button.setToolTip(refusal)
        self.save_button.setEnabled(
            not refusal and (self.editor.has_image() or self._pdf is not None))

    # --- sources -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a photo or PDF"), "",
            self.tr("Photos and PDF (*.jpg *.jpeg *.png *.pdf)"))
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        """Read a chosen or dropped file into memory (PDFs are stored as they are)."""
        try:
            # Regular files only: a FIFO would hang the window, a folder raise.
            data = read_regular(path, DEFAULT_IMPORT_LIMIT)
        except HomevisitError as error:
            self.status.setText(str(error))
            return False
        except OSError:
            self.status.setText(self.tr("The file could not be read."))
            return False
        self._live = False
        self.camera.stop()
        if data.startswith(PDF_MAGIC):
            self._pdf = (data, path.name)
            self.editor.set_image(QImage())
            self.status.setText(self.tr("PDF document ready to save."))
            self._update_buttons()
            return True
        image = decode_photo(data)
        if image.isNull():
            self.status.setText(self.tr("Only JPEG and PNG photos and PDF documents can be added."))
            return False
        self._pdf = None
        self.editor.set_image(image)
        self.status.setText(self.tr("Drag over details to black them out before saving."))
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and self.load_file(Path(url.toLocalFile())):
                event.acceptProposedAction()
                return

    def start_camera(self) -> None:
        self._live = True
        if not self.camera.start() and self.camera.latest.isNull():
            self.status.setText(self.tr("No camera found; import a file instead."))

    def _show_frame(self, image: QImage) -> None:
        if self._live:
            self.editor.set_image(image)

    def take_photo(self) -> None:
        """Freeze the current camera frame for editing."""
        snapshot = self.camera.snapshot()
        if snapshot.isNull():
            return
        self._live = False
        self.camera.stop()
        self._pdf = None
        self.editor.set_image(snapshot)

    # --- result ------------------------------------------------------------------------------

    def save(self) -> None:
        doc_type = str(self.doc_type.currentData())
        if self.refusal(doc_type):
            return  # the store refuses it too; the note says why
        if self._pdf is not None:
            data, name = self._pdf
        elif self.editor.has_image():
            data, name = self.editor.encoded()
        else:
            return
        self.camera.stop()
        self.captured.emit(data, name, doc_type)
        self.accept()


def decode_photo(data: bytes, long_edge: int = sanitize.DOCUMENT_LONG_EDGE) -> QImage:
    """``data`` decoded upright (the camera's EXIF orientation applied, as the vault does for
    the CLI) and no longer than ``long_edge`` on its long side; the JPEG reader then decodes
    at a reduced scale, so a 24-megapixel photo never sits in memory at full size. A null
    image if ``data`` is no readable picture."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()  # as stored, before orientation; a quarter turn keeps the long edge
    longest = max(size.width(), size.height())
    if size.isValid() and longest > long_edge:
        reader.setScaledSize(size.scaled(long_edge, long_edge,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image
