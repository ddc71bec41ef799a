"""The agent's demo tasks: a small collection (a price list in English, a community centre's
fees in Japanese) and questions that each need a lookup and a multiplication, with the right
totals. Used by ``scripts/agent_demo.py`` and the demo-model agent tests (docs/agents.md)."""

from __future__ import annotations

from pathlib import Path

CATALOG = """# Harbor Supply Co. — 2026 price list

Our warehouse in Kobe ships office and workshop goods to small businesses.
Orders over 50,000 yen ship free; smaller orders pay a flat 800 yen.

## Furniture
The Aoba standing desk costs 38,500 yen per unit. It comes in oak and walnut.
The Hinoki office chair costs 12,800 yen per unit and has a five-year warranty.

## Workshop
A box of M6 hex bolts (100 pieces) costs 640 yen per box.
The Kumo cordless drill costs 9,450 yen per unit, battery included.

## Returns
Unopened goods can be returned within 30 days for a full refund.
"""

FACILITIES = """# 港町コミュニティセンター 利用案内

センターは午前9時から午後10時まで開いています。毎月第2火曜日は休館日です。

## 会議室
会議室Aは20人まで使えます。料金は1時間あたり2,100円です。
会議室Bは40人まで使えます。料金は1時間あたり3,200円です。プロジェクターは無料で貸し出します。

## 体育館
体育館の料金は1時間あたり5,500円です。予約は2か月前から受け付けます。
"""

QUESTIONS = [  # (question, the right total as digits)
    ("How much do 7 Hinoki office chairs cost?", "89600"),
    ("What do 12 boxes of M6 hex bolts cost?", "7680"),
    ("会議室Bを5時間借りるといくらですか？", "16000"),
]


def write_demo_docs(folder: Path) -> Path:
    """The collection's two files in ``folder`` (created); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.md").write_text(CATALOG, encoding="utf-8")
    (folder / "facilities.md").write_text(FACILITIES, encoding="utf-8")
    return folder
