"""The window's style sheet: rounded composer, accent buttons, prompt cards, floating actions.

Rules select widgets by object name only, so everything else keeps the platform style (and the
theme's palette); colours come from the palette, so light and dark both follow.
"""

from __future__ import annotations


def window_style(dark: bool) -> str:
    hover = "rgba(255, 255, 255, 0.06)" if dark else "rgba(0, 0, 0, 0.04)"
    border = "#3c4043" if dark else "#d0d7de"
    return f"""
QWidget#chatArea {{ background: palette(base); }}
QFrame#composerFrame {{
    background: palette(base);
    border: 1px solid {border};
    border-radius: 14px;
}}
QPlainTextEdit#composerEdit {{ background: transparent; border: none; }}
QPushButton#primary {{
    background: palette(highlight);
    color: palette(highlighted-text);
    border: none;
    border-radius: 8px;
    padding: 5px 14px;
}}
QPushButton#primary:disabled {{ background: {border}; color: palette(placeholder-text); }}
QPushButton#promptCard {{
    text-align: left;
    background: palette(base);
    border: 1px solid {border};
    border-radius: 10px;
}}
QPushButton#promptCard:hover, QPushButton#promptCard:focus {{
    background: {hover};
    border-color: palette(highlight);
}}
QPushButton#welcomeCard, QPushButton#welcomeCardDashed {{
    text-align: left;
    background: palette(base);
    border: 1px solid {border};
    border-radius: 12px;
}}
QPushButton#welcomeCard[accent="true"] {{ border: 2px solid palette(highlight); }}
QPushButton#welcomeCardDashed {{ border: 2px dashed {border}; }}
QPushButton#welcomeCard:hover, QPushButton#welcomeCard:focus,
QPushButton#welcomeCardDashed:hover, QPushButton#welcomeCardDashed:focus {{
    background: {hover};
    border-color: palette(highlight);
}}
QFrame#messageActions {{
    background: palette(base);
    border: 1px solid {border};
    border-radius: 8px;
}}
QFrame#messageActions QToolButton {{ border: none; border-radius: 6px; padding: 3px; }}
QFrame#messageActions QToolButton:hover, QFrame#messageActions QToolButton:focus {{
    background: {hover};
    border: 1px solid palette(highlight);
}}
QFrame#messageActions QToolButton::menu-indicator {{ image: none; width: 0px; }}
QLabel#muted {{ color: palette(placeholder-text); }}
"""
