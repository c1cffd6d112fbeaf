"""The part as the operator sees it: image, Grad-CAM heatmap (toggle, opacity) and defect boxes.

Cheap enough to run at screen rate while inspection takes every core:
- the heatmap is blended into the picture once per shown part (OpenCV, the same
  blend saved overlays use), so Qt paints one opaque image instead of
  compositing two layers on every repaint;
- a picture larger than the view is shrunk to the view's size first, so a
  5-megapixel camera costs what a small one does; once the operator zooms in,
  the part is drawn again at full resolution;
- the pixels go straight into a QImage that owns its memory (in Qt's native
  32-bit layout, which the raster engine paints fastest), never a QImage that
  wraps a NumPy buffer.
Boxes and labels are vector items in source-image pixels, so they stay sharp at
any zoom.
"""

from __future__ import annotations

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QGraphicsRectItem

from station.core.types import Inspection
from station.imaging import heat_strength, heatmap_overlay, thumbnail

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

BOX_COLOUR = QColor(255, 215, 0)
LABEL_HEIGHT_PX = 22  # a box label on screen: one line of the default font and its margin
LABEL_HEIGHT_SHARE = 0.06  # the same before the view has a size, as a share of the picture's height


def bgr_to_qimage(image_bgr: np.ndarray) -> QImage:
    """A QImage holding its own copy of the pixels, written by OpenCV straight into Qt's memory."""
    height, width = image_bgr.shape[:2]
    qimage = QImage(width, height, QImage.Format.Format_RGB32)  # bytes B, G, R, 0xff: OpenCV's BGRA
    target = np.frombuffer(qimage.bits(), np.uint8).reshape(height, qimage.bytesPerLine())[:, : 4 * width]
    cv2.cvtColor(image_bgr, cv2.COLOR_BGR2BGRA, dst=target.reshape(height, width, 4))
    return qimage


def thumbnail_bgr(image_bgr: np.ndarray, inspection: Inspection, size: int, heat_opacity: float = 0.45) -> np.ndarray:
    """A small picture of a part with its heatmap and boxes: the archive's own thumbnail, without its banner."""
    return thumbnail(image_bgr, inspection, size, heat_opacity, banner=False)


class PartView(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Zoom (wheel) and pan (drag) with the mouse, most useful on a paused view; double-click to fit."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackground("#202124")
        self.view = self.addViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.image_item = QGraphicsPixmapItem()
        self.image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image_item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.view.addItem(self.image_item)
        self.heat_opacity = 0.45
        self.heat_visible = True
        self.boxes_visible = True
        self.zoomed = False  # the operator zoomed in: draw at full resolution until the next fit
        self.drawn_scale = 1.0  # the scale the current picture was drawn at (1.0: full resolution)
        self.image: np.ndarray | None = None
        self.inspection: Inspection | None = None
        self._boxes: list[QGraphicsItem] = []
        self._size: tuple[int, int] | None = None
        self.view.sigRangeChangedManually.connect(self._zoomed_by_hand)

    def show_part(self, image_bgr: np.ndarray | None, inspection: Inspection) -> None:
        self.image, self.inspection = image_bgr, inspection
        self._draw_picture()
        self._draw_boxes()
        if image_bgr is not None and self._size != (image_bgr.shape[1], image_bgr.shape[0]):
            self._size = (image_bgr.shape[1], image_bgr.shape[0])
            self.fit()

    def set_heatmap(self, visible: bool, opacity: float | None = None) -> None:
        self.heat_visible = visible
        if opacity is not None:
            self.heat_opacity = opacity
        self._draw_picture()

    def set_boxes(self, visible: bool) -> None:
        self.boxes_visible = visible
        for item in self._boxes:
            item.setVisible(visible)

    def fit(self) -> None:
        """Show the whole part again (and go back to drawing it at the view's size)."""
        if self.zoomed:
            self.zoomed = False
            self._draw_picture()
        if self._size is not None:
            self.view.setRange(QRectF(0, 0, *self._size), padding=0.01)

    def mouseDoubleClickEvent(self, event: object) -> None:
        self.fit()

    def _zoomed_by_hand(self, _mask: object) -> None:
        if not self.zoomed:
            self.zoomed = True
            if self.drawn_scale < 1.0:
                self._draw_picture()

    def _display_scale(self, width: int, height: int) -> float:
        """Shrink a picture larger than the view to the view's pixels (full size once zoomed in)."""
        if self.zoomed:
            return 1.0
        view_px = max(self.view.width(), self.view.height()) * self.devicePixelRatioF()
        return min(1.0, view_px / max(width, height)) if view_px >= 64 else 1.0

    def _draw_picture(self) -> None:
        image, inspection = self.image, self.inspection
        if image is None or inspection is None:
            self.image_item.setPixmap(QPixmap())
            return
        height, width = image.shape[:2]
        scale = self._display_scale(width, height)
        if scale < 1.0:
            image = cv2.resize(
                image, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=cv2.INTER_AREA
            )
        opacity = self.heat_opacity * heat_strength(inspection)
        if self.heat_visible and opacity > 0 and inspection.heatmap is not None:
            image = heatmap_overlay(image, inspection.heatmap, opacity)
        self.drawn_scale = image.shape[1] / width
        self.image_item.setPixmap(QPixmap.fromImage(bgr_to_qimage(image)))
        self.image_item.setTransform(QTransform.fromScale(width / image.shape[1], height / image.shape[0]))

    def _label_height(self, image_height: int) -> float:
        """A box label's height in picture pixels (it is drawn at a fixed screen size)."""
        _, pixel = self.view.viewPixelSize()
        return LABEL_HEIGHT_PX * pixel if pixel > 0 else LABEL_HEIGHT_SHARE * image_height

    def _draw_boxes(self) -> None:
        for item in self._boxes:
            self.view.removeItem(item)
        self._boxes.clear()
        if self.image is None or self.inspection is None or not self.inspection.detections:
            return
        height, width = self.image.shape[:2]
        pen = QPen(BOX_COLOUR)
        pen.setWidthF(max(1.5, min(width, height) / 200))
        pen.setCosmetic(False)
        label_room = self._label_height(height)
        for det in self.inspection.detections:
            x1, y1, x2, y2 = det.box
            rect = QGraphicsRectItem(QRectF(x1, y1, x2 - x1, y2 - y1))
            rect.setPen(pen)
            label = pg.TextItem(f"{det.label} {det.confidence:.2f}", color=(0, 0, 0), fill=pg.mkBrush(BOX_COLOUR))
            label.setPos(x1, y1)
            # above the box, unless that is off the picture (a defect at the top edge): then inside it
            label.setAnchor((0, 1) if y1 >= label_room else (0, 0))
            for item in (rect, label):
                item.setVisible(self.boxes_visible)
                self.view.addItem(item)
                self._boxes.append(item)
