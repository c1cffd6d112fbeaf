"""The part as the operator sees it: image, Grad-CAM heatmap (toggle, opacity) and defect boxes."""

from __future__ import annotations

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from station.core.types import Inspection

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

BOX_COLOUR = QColor(255, 215, 0)


def heatmap_rgba(heatmap: np.ndarray, width: int, height: int) -> np.ndarray:
    """The [0, 1] heatmap as a JET-coloured RGBA image at the part's resolution."""
    upscaled = cv2.resize(heatmap.astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC)
    jet = cv2.applyColorMap(np.clip(upscaled * 255, 0, 255).astype(np.uint8), cv2.COLORMAP_JET)
    rgba = np.empty((height, width, 4), np.uint8)
    rgba[..., :3] = jet[..., ::-1]
    rgba[..., 3] = 255
    return rgba


class PartView(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Zoom and pan with the mouse (most useful on a paused image); double-click to fit."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackground("#202124")
        self.view = self.addViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.image_item = pg.ImageItem()
        self.heat_item = pg.ImageItem()
        self.view.addItem(self.image_item)
        self.view.addItem(self.heat_item)
        self.heat_opacity = 0.45
        self.heat_visible = True
        self._boxes: list[QGraphicsRectItem | pg.TextItem] = []
        self._size: tuple[int, int] | None = None

    def show_part(self, image_bgr: np.ndarray | None, inspection: Inspection) -> None:
        for item in self._boxes:
            self.view.removeItem(item)
        self._boxes.clear()
        if image_bgr is None:
            self.image_item.clear()
            self.heat_item.clear()
            return
        height, width = image_bgr.shape[:2]
        self.image_item.setImage(image_bgr[..., ::-1], autoLevels=False, levels=(0, 255))
        if inspection.heatmap is not None:
            self.heat_item.setImage(heatmap_rgba(inspection.heatmap, width, height), autoLevels=False, levels=(0, 255))
        else:
            self.heat_item.clear()
        self._apply_heat()
        pen = QPen(BOX_COLOUR)
        pen.setWidthF(max(1.5, min(width, height) / 200))
        pen.setCosmetic(False)
        for det in inspection.detections:
            x1, y1, x2, y2 = det.box
            rect = QGraphicsRectItem(QRectF(x1, y1, x2 - x1, y2 - y1))
            rect.setPen(pen)
            label = pg.TextItem(f"{det.label} {det.confidence:.2f}", color=(0, 0, 0), fill=pg.mkBrush(BOX_COLOUR))
            label.setPos(x1, y1)
            label.setAnchor((0, 1))
            self.view.addItem(rect)
            self.view.addItem(label)
            self._boxes += [rect, label]
        if self._size != (width, height):
            self._size = (width, height)
            self.view.autoRange(padding=0.01)

    def set_heatmap(self, visible: bool, opacity: float | None = None) -> None:
        self.heat_visible = visible
        if opacity is not None:
            self.heat_opacity = opacity
        self._apply_heat()

    def _apply_heat(self) -> None:
        self.heat_item.setVisible(self.heat_visible)
        self.heat_item.setOpacity(self.heat_opacity)

    def mouseDoubleClickEvent(self, event: object) -> None:
        self.view.autoRange(padding=0.01)
