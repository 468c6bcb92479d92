"""Reading a one-line task: title words, inline attributes, tags."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coo_todo.domain.capture import ATTRIBUTE_KEYS, parse_words


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


def test_plus_before_a_digit_or_symbol_is_not_a_tag() -> None:
    """Phone numbers and percentages keep their words; a tag starts with a letter (#10, 26)."""
    assert parse_words(["Appeler Jérôme au +33 6 12 34 56 78"]).title == (
        "Appeler Jérôme au +33 6 12 34 56 78"
    )
    capture = parse_words(["Augmenter les prix de +20%", "+équipe"])
    assert capture.title == "Augmenter les prix de +20%"
    assert capture.tags == ["équipe"]


non_letters = st.characters(blacklist_categories=("Cs", "Lu", "Ll", "Lt", "Lm", "Lo"))
word_tails = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), max_size=6
)


@given(
    st.lists(words, max_size=3),
    st.builds("+{}{}".format, non_letters, word_tails).filter(lambda w: w == w.split()[0]),
)
def test_plus_then_a_non_letter_stays_in_the_title(before: list[str], word: str) -> None:
    capture = parse_words([*before, word])
    assert capture.tags == []
    assert capture.title == " ".join([*before, word])


@given(st.builds("+{}{}".format, st.characters(categories=("L",)), word_tails))
def test_plus_then_a_letter_is_a_tag(word: str) -> None:
    word = word.split()[0]
    assert parse_words(["Title", word]).tags == [word[1:]]


def test_an_argument_starting_with_a_key_is_one_value() -> None:
    """``due:"fri 9am"`` is one shell word: the whole word is the date (#10, 27)."""
    capture = parse_words(["Call Acme", "due:fri 9am", "to:Alice M", "follow:next mon"])
    assert capture.title == "Call Acme"
    assert capture.attributes == {"due": "fri 9am", "to": "Alice M", "follow_up": "next mon"}
    assert parse_words(["x", "due:15 déc"]).attributes == {"due": "15 déc"}
    assert parse_words(["x", "due:2026-12-04 09:00"]).attributes == {"due": "2026-12-04 09:00"}
