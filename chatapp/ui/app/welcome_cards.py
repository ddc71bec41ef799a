"""A card of the welcome page: a title, a line or two of text and small badges, all clickable.

Like the empty chat's prompt cards it paints its own text (wrapped to its width, so its height
follows its width), on the panel the style sheet gives ``QPushButton#welcomeCard``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class WelcomeCard(QPushButton):
    MARGIN_X, MARGIN_Y, GAP = 14, 12, 6
    BADGE_PAD_X, BADGE_PAD_Y, BADGE_GAP = 8, 2, 6

    def __init__(
        self,
        title: str,
        body: str,
        badges: Sequence[str] = (),
        accent: bool = False,
        dashed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeCardDashed" if dashed else "welcomeCard")
        self.setProperty("accent", accent)
        self.title = title
        self.badges = list(badges)
        # The body as a label that is never shown: tests and screen readers read its text.
        self.body = QLabel(body, self)
        self.body.hide()
        self.setText(title)  # the accessible text; painted by paintEvent, not by the style
        self.setToolTip(body)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # --- size ---------------------------------------------------------------------------

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _inner(self, width: int) -> int:
        return max(40, width - 2 * self.MARGIN_X)

    def _layout(self, width: int) -> tuple[QRect, QRect, list[QRect]]:
        """Where the title, the body and each badge go for a card ``width`` wide."""
        inner = self._inner(width)
        top = self.MARGIN_Y
        title = QFontMetrics(self._title_font()).boundingRect(
            QRect(self.MARGIN_X, top, inner, 10_000), WRAP, self.title
        )
        top = title.bottom() + self.GAP
        body = self.fontMetrics().boundingRect(
            QRect(self.MARGIN_X, top, inner, 10_000), WRAP, self.body.text()
        )
        top = body.bottom() + self.GAP
        metrics = QFontMetrics(self._badge_font())
        x, badges = self.MARGIN_X, []
        height = metrics.height() + 2 * self.BADGE_PAD_Y
        for text in self.badges:
            w = metrics.horizontalAdvance(text) + 2 * self.BADGE_PAD_X
            if x > self.MARGIN_X and x + w > self.MARGIN_X + inner:
                x, top = self.MARGIN_X, top + height + self.BADGE_GAP
            badges.append(QRect(x, top, w, height))
            x += w + self.BADGE_GAP
        return title, body, badges

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        _title, body, badges = self._layout(width)
        bottom = badges[-1].bottom() if badges else body.bottom()
        return bottom + self.MARGIN_Y

    def sizeHint(self) -> QSize:
        return QSize(320, self.heightForWidth(320))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.heightForWidth(160))

    def resizeEvent(self, event: object) -> None:  # the text wraps; the card grows
        super().resizeEvent(event)  # type: ignore[arg-type]
        needed = self.heightForWidth(self.width())
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    # --- paint --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.ButtonText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        title, body, badges = self._layout(self.width())
        painter.setFont(self._title_font())
        painter.setPen(text)
        painter.drawText(title, WRAP, self.title)
        painter.setFont(self.font())
        painter.setPen(muted)
        painter.drawText(body, WRAP, self.body.text())
        painter.setFont(self._badge_font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = palette.color(QPalette.ColorRole.Highlight)
        fill = QColor(accent)
        fill.setAlpha(40)
        for rect, label in zip(badges, self.badges, strict=True):
            painter.setPen(QPen(accent, 1))
            painter.setBrush(fill)
            radius = rect.height() / 2
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
