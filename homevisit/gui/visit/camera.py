"""Webcam frames through QtMultimedia when it is installed and a camera is present.

QtMultimedia ships in the optional ``pyside6-addons`` wheel, so it is imported here behind a
guard rather than in the shared shim; without it (or without a camera) the capture dialog
offers file import and drag-and-drop only. Tests feed frames with :meth:`Camera.inject`.
"""

from __future__ import annotations

from typing import Any

from homevisit.gui.qt import QImage, QObject, Signal

try:  # optional: pyside6-addons
    from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink
except ImportError:  # pragma: no cover - depends on the installed wheels
    QCamera = QMediaCaptureSession = QMediaDevices = QVideoSink = None  # type: ignore[assignment,misc]  # absent module: no camera


def camera_available() -> bool:
    return QMediaDevices is not None and bool(QMediaDevices.videoInputs())


class Camera(QObject):
    """Live frames as QImages (``frame``); :meth:`snapshot` is the latest one, in memory."""

    frame = Signal(QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest = QImage()
        self._camera: Any = None
        self._session: Any = None
        self._sink: Any = None

    def start(self) -> bool:
        """Start the default camera; ``False`` when there is none."""
        if not camera_available():
            return False
        self._camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(lambda f: self.inject(f.toImage()))
        self._camera.start()
        return True

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera = None

    def inject(self, image: QImage) -> None:
        """A new frame (from the camera, or from a test)."""
        self.latest = image
        self.frame.emit(image)

    def snapshot(self) -> QImage:
        return self.latest.copy()
