from chatapp.runtime.stop_strings import StopScanner


def feed_all(scanner: StopScanner, pieces: list[str]) -> str:
    return "".join(scanner.feed(p) for p in pieces) + scanner.flush()


def test_no_stops_passes_everything() -> None:
    assert feed_all(StopScanner([]), ["a", "b"]) == "ab"


def test_stop_split_across_pieces_is_never_shown() -> None:
    s = StopScanner(["<end>"])
    shown = [s.feed(p) for p in ["Hello <e", "n", "d> more"]]
    assert "".join(shown) == "Hello "
    assert s.hit == "<end>"
    assert s.flush() == ""


def test_false_alarm_is_released() -> None:
    s = StopScanner(["<end>"])
    assert s.feed("a <e") == "a "
    assert s.feed("x") == "<ex"
    s2 = StopScanner(["<end>"])
    assert s2.feed("tail <en") == "tail "
    assert s2.flush() == "<en"


def test_earliest_stop_wins() -> None:
    s = StopScanner(["B", "A"])
    assert s.feed("xxAyyB") == "xx"
    assert s.hit == "A"
