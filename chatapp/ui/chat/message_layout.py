"""One message's content laid out for painting: rich text, code blocks, folds and sources.

A card's content is a column of blocks, each with its own ``SafeDocument``: the answer's
rich text, its top-level code blocks (a header bar with the language and a copy button, then
code that scrolls sideways instead of wrapping), folds that open (the model's reasoning, a
tool call's details) and the numbered sources. Laying out again after a change reuses the
documents of unchanged blocks, so a streamed reply only lays out the part that grew.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QTextDocument,
    QTextOption,
)

from chatapp.ui.chat import image_thumbs
from chatapp.ui.chat.render import Palette, Segment, document_css
from chatapp.ui.icons import icon

GAP = 8  # between blocks
CODE_PAD = 10
SCROLLBAR = 6
FOLD_INDENT = 14


class SafeDocument(QTextDocument):
    """Rich text from a model: every resource request is refused (and noted in ``refused``)."""

    def __init__(self, refused: list[str]) -> None:
        super().__init__()
        self._refused = refused
        self.setUndoRedoEnabled(False)
        self.setDocumentMargin(0)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        self._refused.append(url.toString() if isinstance(url, QUrl) else url)
        return None


@dataclass(frozen=True)
class Fold:
    """A section that opens: the model's reasoning, or one tool call's details."""

    key: str  # "reasoning" or "tool:<n>"
    icon: str
    label: str
    open: bool
    segments: tuple[Segment, ...] = ()
    live: bool = False  # being written now


@dataclass(frozen=True)
class CardParts:
    folds: tuple[Fold, ...] = ()
    segments: tuple[Segment, ...] = ()
    sources_html: str = ""  # the numbered sources, as our own (escaped) HTML
    muted: bool = False
    images: tuple[tuple[str, str, int, int], ...] = ()  # sha256, format, width, height


@dataclass
class Style:
    palette: Palette
    font: QFont
    code_font: QFont
    small_font: QFont

    @property
    def line(self) -> float:
        return QFontMetricsF(self.font).height()


@dataclass
class Block:
    kind: str  # "text", "code", "fold", "fold-text"
    rect: QRectF  # in content coordinates
    doc: QTextDocument | None = None
    key: str = ""  # what the document shows (reused while equal)
    segment: Segment | None = None
    fold: Fold | None = None
    view_width: float = 0.0  # code: the visible width of the code


@dataclass(frozen=True)
class Hit:
    kind: str  # "link", "fold", "copycode", "code-scroll", "code"
    value: str = ""  # the link, the fold key
    index: int = 0  # the code block
    block: Block | None = None


@dataclass
class MessageLayout:
    style: Style
    refused: list[str]
    blocks: list[Block] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    muted: bool = False
    scroll: dict[int, float] = field(default_factory=dict)  # code block -> sideways offset

    # --- building ------------------------------------------------------------------------

    def build(self, parts: CardParts, width: float) -> None:
        old = {(b.kind, b.key): b.doc for b in self.blocks if b.doc is not None}
        reuse_width = width == self.width
        self.width = width
        self.muted = parts.muted
        self.blocks = []
        y = self._add_images(parts.images, width)
        for fold in parts.folds:
            y = self._add_fold(fold, y, width, old, reuse_width)
        for segment in parts.segments:
            if segment.kind == "code":
                y = self._add_code(segment, y, width, old)
            elif segment.html.strip():
                doc = self._doc(old, "text", segment.html, width, reuse_width)
                self.blocks.append(Block("text", self._rect(y, width, doc), doc, segment.html))
                y += doc.size().height() + GAP
        if parts.sources_html:
            doc = self._doc(old, "text", parts.sources_html, width, reuse_width)
            self.blocks.append(Block("text", self._rect(y, width, doc), doc, parts.sources_html))
            y += doc.size().height() + GAP
        self.height = max(0.0, y - GAP)

    def _add_images(self, images: tuple[tuple[str, str, int, int], ...], width: float) -> float:
        """A row of pictures at the top of the card, each at most ``HEIGHT`` high."""
        x = y = row = 0.0
        for sha, fmt, w, h in images:
            scale = min(1.0, image_thumbs.HEIGHT / max(1, h))
            size_w, size_h = max(8.0, w * scale), max(8.0, h * scale)
            if x and x + size_w > width:
                x, y, row = 0.0, y + row + GAP / 2, 0.0
            rect = QRectF(x, y, min(size_w, width), size_h)
            self.blocks.append(Block("image", rect, key=f"{sha}.{fmt}"))
            x += size_w + GAP / 2
            row = max(row, size_h)
        return y + row + GAP if images else 0.0

    def _rect(self, y: float, width: float, doc: QTextDocument, x: float = 0.0) -> QRectF:
        return QRectF(x, y, width - x, doc.size().height())

    def _doc(
        self,
        old: dict[tuple[str, str], QTextDocument],
        kind: str,
        html: str,
        width: float,
        same_width: bool,
        code: bool = False,
    ) -> QTextDocument:
        doc = old.pop((kind, html), None)
        if doc is not None and (same_width or code):
            return doc
        if doc is None:
            doc = SafeDocument(self.refused)
            doc.setDefaultStyleSheet(document_css(self.style.palette))
            if code:
                doc.setDefaultFont(self.style.code_font)
                option = QTextOption()
                option.setWrapMode(QTextOption.WrapMode.NoWrap)
                doc.setDefaultTextOption(option)
                doc.setHtml(f'<pre style="margin: 0px;">{html}</pre>')
            else:
                doc.setDefaultFont(self.style.font)
                doc.setHtml(html)
        if not code:
            doc.setTextWidth(width)
        return doc

    def _add_fold(
        self,
        fold: Fold,
        y: float,
        width: float,
        old: dict[tuple[str, str], QTextDocument],
        same_width: bool,
    ) -> float:
        line = self.style.line + 6
        self.blocks.append(Block("fold", QRectF(0, y, width, line), key=fold.key, fold=fold))
        y += line + (GAP / 2 if fold.open else GAP)
        if fold.open:
            inner = width - FOLD_INDENT
            for segment in fold.segments:
                html = segment.html if segment.kind == "text" else f"<pre>{segment.html}</pre>"
                if not html.strip():
                    continue
                doc = self._doc(old, "fold-text", html, inner, same_width)
                rect = QRectF(FOLD_INDENT, y, inner, doc.size().height())
                self.blocks.append(Block("fold-text", rect, doc, html, fold=fold))
                y += doc.size().height() + GAP
        return y

    def _add_code(
        self, segment: Segment, y: float, width: float, old: dict[tuple[str, str], QTextDocument]
    ) -> float:
        doc = self._doc(old, "code", segment.html, width, True, code=True)
        header = QFontMetricsF(self.style.small_font).height() + 10
        view = width - 2 * CODE_PAD
        overflow = doc.idealWidth() > view + 1
        height = header + doc.size().height() + 2 * CODE_PAD + (SCROLLBAR if overflow else 0)
        rect = QRectF(0, y, width, height)
        self.blocks.append(Block("code", rect, doc, segment.html, segment, view_width=view))
        return y + height + GAP

    # --- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, origin: QPointF, text_color: QColor) -> None:
        p = self.style.palette
        color = QColor(p.muted) if self.muted else text_color
        for block in self.blocks:
            rect = block.rect.translated(origin)
            if block.kind == "image":
                sha, _, fmt = block.key.partition(".")
                pixmap = image_thumbs.THUMBNAILS.pixmap(sha, fmt)
                if pixmap.isNull():
                    painter.fillRect(rect, QColor(p.border))
                else:
                    painter.drawPixmap(rect.toRect(), pixmap)
            elif block.kind == "fold" and block.fold is not None:
                self._paint_fold(painter, rect, block.fold)
            elif block.kind == "code" and block.doc is not None and block.segment is not None:
                self._paint_code(painter, rect, block)
            elif block.doc is not None:
                if block.kind == "fold-text":
                    painter.fillRect(
                        QRectF(rect.left() - FOLD_INDENT + 4, rect.top(), 2, rect.height()),
                        QColor(p.border),
                    )
                muted = block.kind == "fold-text"
                self._draw_doc(
                    painter, block.doc, rect.topLeft(), QColor(p.muted) if muted else color
                )

    def _draw_doc(
        self,
        painter: QPainter,
        doc: QTextDocument,
        at: QPointF,
        color: QColor,
        clip: QRectF | None = None,
    ) -> None:
        painter.save()
        painter.translate(at)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Text, color)
        context.palette = palette
        if clip is not None:
            painter.setClipRect(clip.translated(-at.x(), -at.y()))
            context.clip = clip.translated(-at.x(), -at.y())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_fold(self, painter: QPainter, rect: QRectF, fold: Fold) -> None:
        p = self.style.palette
        size = int(self.style.line * 0.9)
        y = rect.top() + (rect.height() - size) / 2
        chevron = "chevron-down" if fold.open else "chevron-right"
        icon(chevron, p.muted).paint(painter, int(rect.left()), int(y), size, size)
        icon(fold.icon, p.muted).paint(painter, int(rect.left() + size + 4), int(y), size, size)
        painter.save()
        painter.setPen(QColor(p.muted))
        painter.setFont(self.style.font)
        text_rect = QRectF(rect.left() + 2 * size + 10, rect.top(), rect.width(), rect.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), fold.label)
        painter.restore()

    def _code_header(self, rect: QRectF) -> QRectF:
        return QRectF(
            rect.left(),
            rect.top(),
            rect.width(),
            QFontMetricsF(self.style.small_font).height() + 10,
        )

    def copy_button_rect(self, rect: QRectF) -> QRectF:
        header = self._code_header(rect)
        size = header.height() - 10
        label = QFontMetricsF(self.style.small_font).horizontalAdvance(self._copy_label) + 8
        return QRectF(
            header.right() - CODE_PAD - size - label, header.top() + 5, size + label, size
        )

    _copy_label = "Copy"

    def set_copy_label(self, label: str) -> None:
        self._copy_label = label

    def _paint_code(self, painter: QPainter, rect: QRectF, block: Block) -> None:
        p = self.style.palette
        assert block.doc is not None and block.segment is not None
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        painter.fillPath(path, QColor(p.code_background))
        painter.setClipPath(path)
        header = self._code_header(rect)
        painter.fillRect(header, QColor(p.code_header))
        painter.setFont(self.style.small_font)
        painter.setPen(QColor(p.muted))
        painter.drawText(
            header.adjusted(CODE_PAD, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignVCenter),
            block.segment.language or "text",
        )
        button = self.copy_button_rect(rect)
        size = button.height()
        icon("copy", p.muted).paint(
            painter, int(button.left()), int(button.top()), int(size), int(size)
        )
        painter.drawText(
            button.adjusted(size + 4, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), self._copy_label
        )
        painter.restore()
        view = self.code_view_rect(rect)
        offset = self.scroll.get(block.segment.index, 0.0)
        self._draw_doc(
            painter, block.doc, QPointF(view.left() - offset, view.top()), QColor(p.text), clip=view
        )
        extent = block.doc.idealWidth()
        if extent > view.width() + 1:
            track = QRectF(view.left(), rect.bottom() - SCROLLBAR - 2, view.width(), SCROLLBAR - 2)
            thumb_w = max(24.0, track.width() * view.width() / extent)
            thumb_x = track.left() + (track.width() - thumb_w) * offset / (extent - view.width())
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.border))
            painter.drawRoundedRect(QRectF(thumb_x, track.top(), thumb_w, track.height()), 2, 2)
            painter.restore()

    def code_view_rect(self, rect: QRectF) -> QRectF:
        header = self._code_header(rect)
        top = header.bottom() + CODE_PAD
        return QRectF(rect.left() + CODE_PAD, top, rect.width() - 2 * CODE_PAD, rect.bottom() - top)

    # --- hit testing and sideways scrolling ------------------------------------------------

    def hit(self, pos: QPointF) -> Hit | None:
        for block in self.blocks:
            if not block.rect.contains(pos):
                continue
            if block.kind == "image":
                return Hit("image", block.key, block=block)
            if block.kind == "fold" and block.fold is not None:
                return Hit("fold", block.fold.key, block=block)
            if block.kind == "code" and block.segment is not None:
                if self.copy_button_rect(block.rect).contains(pos):
                    return Hit("copycode", index=block.segment.index, block=block)
                view = self.code_view_rect(block.rect)
                if pos.y() > view.bottom() - SCROLLBAR - 2 and self.code_overflow(block) > 0:
                    return Hit("code-scroll", index=block.segment.index, block=block)
                return Hit("code", index=block.segment.index, block=block)
            if block.doc is not None:
                local = pos - block.rect.topLeft()
                anchor = block.doc.documentLayout().anchorAt(local)
                if anchor:
                    return Hit("link", anchor, block=block)
            return None
        return None

    def code_overflow(self, block: Block) -> float:
        if block.doc is None:
            return 0.0
        return max(0.0, block.doc.idealWidth() - block.view_width)

    def scroll_code(self, block: Block, delta: float) -> bool:
        """Move a code block sideways; False when it cannot move that way."""
        if block.segment is None:
            return False
        index = block.segment.index
        limit = self.code_overflow(block)
        old = self.scroll.get(index, 0.0)
        new = min(limit, max(0.0, old + delta))
        self.scroll[index] = new
        return new != old

    def plain_text(self) -> str:
        parts = []
        for block in self.blocks:
            if block.kind == "fold" and block.fold is not None:
                parts.append(block.fold.label)
            elif block.doc is not None:
                parts.append(block.doc.toPlainText())
        return "\n".join(parts)

    def html(self) -> str:
        return "".join(b.doc.toHtml() for b in self.blocks if b.doc is not None)

    def size(self) -> QSize:
        return QSize(int(self.width), int(self.height + 0.999))
