"""The review grid's data: a list model of recorded parts and a loader that reads their pictures off the UI thread.

The UI thread never opens a file here. The grid asks the model for a thumbnail only for the
items it paints; a miss is queued to the loader's threads (newest request first, so after a fast
scroll the parts now on screen come first) and the item shows a grey tile until it arrives.
Thumbnails are the archive's own (the picture the report prints, heatmap and boxes drawn by
``station.imaging``); a part without one is drawn from its frame and heatmap by the same code.
The large picture (frame and heatmap) is loaded the same way, for the selected part first and the
next few ahead of time, and kept for the last few dozen parts.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from shiboken6 import isValid

from station.core.types import Detection, Inspection, Verdict
from station.history.archive import ImageArchive
from station.imaging.geometry import fit_within
from station.ui.partview import bgr_to_qimage, thumbnail_bgr

log = logging.getLogger(__name__)

GRID_THUMB_PX = 112
THUMB_CACHE = 1500  # ~50 kB each: 75 MB at most
STATUS_COLOURS = {  # a frame around a decided part (none while undecided)
    "confirmed": QColor(200, 40, 40),
    "false_reject": QColor(40, 150, 60),
    "wrong_type": QColor(230, 150, 0),
}

Index = QModelIndex | QPersistentModelIndex


def inspection_from_row(row: dict[str, Any], heatmap: np.ndarray | None) -> Inspection:
    """The recorded part as an Inspection, so the review draws it exactly as the live view did."""
    detections = tuple(
        Detection(d["label"], int(d["class_id"]), float(d["confidence"]), tuple(d["box"]))
        for d in row.get("detections") or []
    )
    return Inspection(
        source_id=str(row["source"]),
        index=int(row["frame_id"]),
        timestamp=row["inspected_at"].timestamp(),
        verdict=Verdict(row["verdict"]),
        defect_score=row["score"],
        threshold=row["threshold"],
        heatmap=heatmap,
        detections=detections,
        model_hashes=row.get("model_hashes") or {},
        error=row["error"],
        part_id=row.get("part_id"),
    )


class PictureLoader(QObject):
    """Reads thumbnails and large pictures on its own threads; results come back as signals."""

    thumbReady = Signal(str, QImage)  # uid, thumbnail (a QImage: made off the UI thread, it owns its pixels)
    partReady = Signal(str, object)  # uid, (frame or None, heatmap or None)

    def __init__(self, archive: ImageArchive, thumb_px: int = GRID_THUMB_PX, threads: int = 2) -> None:
        super().__init__()
        self.archive, self.thumb_px = archive, thumb_px
        self._lock = threading.Condition()
        self._thumbs: OrderedDict[str, dict[str, Any]] = OrderedDict()  # newest request last
        self._parts: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._urgent: str | None = None
        self._closed = False
        for n in range(threads):
            threading.Thread(target=self._run, name=f"review-pictures-{n}", daemon=True).start()

    def want_thumb(self, row: dict[str, Any]) -> None:
        with self._lock:
            self._thumbs[row["uid"]] = row
            self._thumbs.move_to_end(row["uid"])
            while len(self._thumbs) > 400:  # scrolled far past: the oldest requests are no longer on screen
                self._thumbs.popitem(last=False)
            self._lock.notify()

    def want_part(self, row: dict[str, Any], urgent: bool = False) -> None:
        with self._lock:
            self._parts[row["uid"]] = row
            if urgent:
                self._urgent = row["uid"]
            self._lock.notify()

    def forget(self) -> None:
        """Drop the requests not started yet (the filters changed)."""
        with self._lock:
            self._thumbs.clear()
            self._parts.clear()
            self._urgent = None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _next(self) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            while not self._closed:
                if self._urgent is not None and self._urgent in self._parts:
                    uid, self._urgent = self._urgent, None
                    return "part", self._parts.pop(uid)
                if self._thumbs:
                    return "thumb", self._thumbs.popitem(last=True)[1]
                if self._parts:
                    return "part", self._parts.popitem(last=False)[1]
                self._lock.wait()
        return None

    def _run(self) -> None:
        while (job := self._next()) is not None:
            kind, row = job
            try:
                if kind == "thumb":
                    result: Any = self.thumbnail(row)
                else:
                    result = self.part(row)
            except Exception:  # a broken picture is shown as missing, never stops the review
                log.warning("cannot read the pictures of %s", row.get("uid"), exc_info=True)
                result = QImage() if kind == "thumb" else (None, None)
            if self._closed or not isValid(self):
                return
            (self.thumbReady if kind == "thumb" else self.partReady).emit(row["uid"], result)

    def part(self, row: dict[str, Any]) -> tuple[np.ndarray | None, np.ndarray | None]:
        path = self.archive.path(row.get("image_path"))
        image = cv2.imread(str(path), cv2.IMREAD_COLOR) if path is not None else None
        return image, self.archive.heatmap(row.get("image_path")) if image is not None else None

    def thumbnail(self, row: dict[str, Any]) -> QImage:
        """The archive's thumbnail at grid size; drawn from the frame when the archive has none."""
        path = self.archive.path(row.get("thumb_path"))
        small = cv2.imread(str(path), cv2.IMREAD_COLOR) if path is not None else None
        if small is not None:
            small, _ = fit_within(small, self.thumb_px)
        else:
            image, heatmap = self.part(row)
            if image is None:
                return QImage()
            small = thumbnail_bgr(image, inspection_from_row(row, heatmap), self.thumb_px)
        return bgr_to_qimage(np.ascontiguousarray(small))


class PartModel(QAbstractListModel):
    """The parts of the grid; a thumbnail is asked for only when the grid paints its item."""

    UidRole = Qt.ItemDataRole.UserRole + 1
    StatusRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, loader: PictureLoader, status_text: Callable[[dict[str, Any]], str]) -> None:
        super().__init__()
        self.loader, self.status_text = loader, status_text
        self.rows: list[dict[str, Any]] = []
        self._row_of: dict[str, int] = {}
        self._thumbs: OrderedDict[str, QPixmap] = OrderedDict()
        self._asked: set[str] = set()
        self._placeholder = QPixmap(loader.thumb_px, loader.thumb_px)
        self._placeholder.fill(QColor(70, 70, 74))
        loader.thumbReady.connect(self._thumb_ready)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.status_text(row)
        if role == Qt.ItemDataRole.DecorationRole:
            thumb = self.thumb(row["uid"])
            if thumb is None:
                if row["uid"] not in self._asked:
                    self._asked.add(row["uid"])
                    self.loader.want_thumb(row)
                return self._placeholder
            return thumb
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("part_name") or row.get("source")
        if role == self.UidRole:
            return row["uid"]
        if role == self.StatusRole:
            return row.get("review")
        return None

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {row["uid"]: n for n, row in enumerate(rows)}
        self._asked = {uid for uid in self._asked if uid in self._thumbs}
        self.endResetModel()

    def update_row(self, number: int, **changes: Any) -> None:
        self.rows[number].update(changes)
        index = self.index(number)
        self.dataChanged.emit(index, index)

    def thumb(self, uid: str) -> QPixmap | None:
        pixmap = self._thumbs.get(uid)
        if pixmap is not None:
            self._thumbs.move_to_end(uid)
        return pixmap

    def _thumb_ready(self, uid: str, image: QImage) -> None:
        self._thumbs[uid] = QPixmap.fromImage(image) if not image.isNull() else self._missing()
        while len(self._thumbs) > THUMB_CACHE:
            gone, _ = self._thumbs.popitem(last=False)
            self._asked.discard(gone)
        number = self._row_of.get(uid)
        if number is not None:
            index = self.index(number)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _missing(self) -> QPixmap:
        pixmap = QPixmap(self._placeholder)
        painter = QPainter(pixmap)
        painter.setPen(QColor(200, 200, 200))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("no picture"))
        painter.end()
        return pixmap


class StatusDelegate(QStyledItemDelegate):
    """Qt's own icon-and-text item, framed in the decision's colour once decided."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        colour = STATUS_COLOURS.get(index.data(PartModel.StatusRole) or "")
        if colour is None:
            return
        rect: QRect = option.rect
        pen = QPen(colour)
        pen.setWidth(3)
        painter.save()
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()
