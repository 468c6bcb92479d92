"""Reading a one-line task: title words, inline attributes, tags."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coo_todo.capture import ATTRIBUTE_KEYS, parse_words


def test_attributes_tags_and_title() -> None:
    capture = parse_words(["Renew Acme due:next_mon impact:5 +renewal", "area:Sales"])
    assert capture.title == "Renew Acme"
    assert capture.attributes == {"due": "next mon", "impact": "5", "area": "Sales"}
    assert capture.tags == ["renewal"]


def test_aliases_and_blockers() -> None:
    capture = parse_words(["Migrate", "project:Ops", "dep:3,4", "blocked-by:7", "imp:2"])
    assert capture.attributes == {"area": "Ops", "impact": "2"}
    assert capture.blocked_by == ["3", "4", "7"]


def test_unknown_keys_empty_values_and_lone_plus_stay_in_title() -> None:
    capture = parse_words(["Call re: pricing at 10:30 due: + x"])
    assert capture.title == "Call re: pricing at 10:30 due: + x"
    assert capture.attributes == {}


def test_literal() -> None:
    assert parse_words(["a due:fri  +b"], literal=True).title == "a due:fri  +b"


words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=":+"), min_size=1
).filter(lambda w: w.strip() == w and w and " " not in w and not any(c.isspace() for c in w))


@given(st.lists(words, min_size=1, max_size=8))
def test_plain_words_are_all_title(plain: list[str]) -> None:
    """Words with no colon and no leading + are never taken for attributes."""
    assert parse_words(plain).title == " ".join(plain)


@given(st.sampled_from(sorted(ATTRIBUTE_KEYS)), words)
def test_known_key_is_never_in_title(key: str, value: str) -> None:
    capture = parse_words(["Title", f"{key}:{value}"])
    assert capture.title == "Title"
