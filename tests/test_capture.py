"""Reading a one-line task: title words, inline attributes, tags."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coo_todo.domain.capture import ATTRIBUTE_KEYS, parse_words

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
"""A Thursday."""


def test_attributes_tags_and_title() -> None:
    capture = parse_words(["Renew Acme due:next_mon impact:5 +renewal", "area:Sales"], now=NOW)
    assert capture.title == "Renew Acme"
    assert capture.attributes == {"due": "next mon", "impact": "5", "area": "Sales"}
    assert capture.tags == ["renewal"]


def test_aliases_and_blockers() -> None:
    capture = parse_words(["Migrate", "project:Ops", "dep:3,4", "blocked-by:7", "imp:2"], now=NOW)
    assert capture.attributes == {"area": "Ops", "impact": "2"}
    assert capture.blocked_by == ["3", "4", "7"]


def test_unknown_keys_empty_values_and_lone_plus_stay_in_title() -> None:
    capture = parse_words(["Call re: pricing at 10:30 due: + x"], now=NOW)
    assert capture.title == "Call re: pricing at 10:30 due: + x"
    assert capture.attributes == {}


def test_literal() -> None:
    assert parse_words(["a due:fri  +b"], literal=True, now=NOW).title == "a due:fri  +b"


words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=":+"), min_size=1
).filter(lambda w: w.strip() == w and w and " " not in w and not any(c.isspace() for c in w))


@given(st.lists(words, min_size=1, max_size=8))
def test_plain_words_are_all_title(plain: list[str]) -> None:
    """Words with no colon and no leading + are never taken for attributes."""
    assert parse_words(plain, now=NOW).title == " ".join(plain)


@given(st.sampled_from(sorted(ATTRIBUTE_KEYS)), words)
def test_known_key_is_never_in_title(key: str, value: str) -> None:
    capture = parse_words(["Title", f"{key}:{value}"], now=NOW)
    assert capture.title == "Title"


def test_plus_before_a_digit_or_symbol_is_not_a_tag() -> None:
    """Phone numbers and percentages keep their words; a tag starts with a letter (#10, 26)."""
    assert parse_words(["Appeler Jérôme au +33 6 12 34 56 78"], now=NOW).title == (
        "Appeler Jérôme au +33 6 12 34 56 78"
    )
    capture = parse_words(["Augmenter les prix de +20%", "+équipe"], now=NOW)
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
    capture = parse_words([*before, word], now=NOW)
    assert capture.tags == []
    assert capture.title == " ".join([*before, word])


@given(st.builds("+{}{}".format, st.characters(categories=("L",)), word_tails))
def test_plus_then_a_letter_is_a_tag(word: str) -> None:
    word = word.split()[0]
    assert parse_words(["Title", word], now=NOW).tags == [word[1:]]


def test_an_argument_starting_with_a_key_is_one_value() -> None:
    """``due:"fri 9am"`` is one shell word: the whole word is the date (#10, 27)."""
    capture = parse_words(["Call Acme", "due:fri 9am", "to:Alice M", "follow:next mon"], now=NOW)
    assert capture.title == "Call Acme"
    assert capture.attributes == {"due": "fri 9am", "to": "Alice M", "follow_up": "next mon"}
    assert parse_words(["x", "due:15 déc"], now=NOW).attributes == {"due": "15 déc"}
    capture = parse_words(["x", "due:2026-12-04 09:00"], now=NOW)
    assert capture.attributes == {"due": "2026-12-04 09:00"}


@pytest.mark.parametrize(
    ("line", "key", "phrase"),
    [
        ("Renew Acme due:lundi prochain impact:4", "due", "lundi prochain"),
        ("Renew Acme due:dans 2 semaines", "due", "dans 2 semaines"),
        ("Renew Acme due:fin de mois", "due", "fin de mois"),
        ("Renew Acme due:vendredi en huit", "due", "vendredi en huit"),
        ("Renew Acme wait:dans 3 jours ouvrés", "snooze", "dans 3 jours ouvrés"),
        ("Renew Acme due:next monday", "due", "next monday"),
        ("Renew Acme due:in 3 working days", "due", "in 3 working days"),
        ("Renew Acme due:15 déc", "due", "15 déc"),
        ("Renew Acme due:demain 14h", "due", "demain 14h"),
        ("Renew Acme due:fri 9am", "due", "fri 9am"),
        ("Renew Acme due:fri 9 am", "due", "fri 9 am"),
        ("Renew Acme due:1 December 2026 at 2pm", "due", "1 December 2026 at 2pm"),
        ("Renew Acme follow:lundi prochain to:Alice", "follow_up", "lundi prochain"),
    ],
)
def test_a_date_takes_the_words_that_continue_it(line: str, key: str, phrase: str) -> None:
    """``due:lundi prochain`` unquoted: the date takes the longest run that reads (#17)."""
    for words in ([line], line.split()):
        capture = parse_words(words, now=NOW)
        assert capture.title == "Renew Acme"
        assert capture.attributes[key] == phrase


def test_words_that_do_not_continue_a_date_stay_in_the_title() -> None:
    """The run ends at the longest phrase that reads, and never takes an attribute or a tag."""
    capture = parse_words(["Board pack due:fri 9am Report to board"], now=NOW)
    assert (capture.title, capture.attributes) == ("Board pack Report to board", {"due": "fri 9am"})
    words = ["Renew", "due:lundi", "prochain", "impact:4", "+renewal", "area:Sales", "mardi"]
    capture = parse_words(words, now=NOW)
    assert capture.title == "Renew mardi"
    assert capture.attributes == {"due": "lundi prochain", "impact": "4", "area": "Sales"}
    assert capture.tags == ["renewal"]
    capture = parse_words(["Renew due:dans 2 +semaines"], now=NOW)
    assert (capture.title, capture.attributes, capture.tags) == (
        "Renew 2",
        {"due": "dans"},
        ["semaines"],
    )


def test_a_quoted_date_takes_no_more_words() -> None:
    """``due:"15 déc" 2026`` is the date the user delimited: 2026 is a title word."""
    capture = parse_words(["Budget", "due:15 déc", "2026"], now=NOW)
    assert (capture.title, capture.attributes) == ("Budget 2026", {"due": "15 déc"})
    capture = parse_words(["Budget", "due:15", "déc", "2026"], now=NOW)
    assert (capture.title, capture.attributes) == ("Budget", {"due": "15 déc 2026"})


def test_a_day_number_after_a_date_that_reads_is_a_title_word() -> None:
    """On 10 Jan 2027 ``fri 15`` reads (the 15th is a Friday), yet ``due:fri 15 people``
    keeps "15 people": what the line means must not depend on the day it is typed."""
    now = datetime(2027, 1, 10, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    for words in (["Lunch due:fri 15 people"], ["Lunch due:vendredi 15 personnes"]):
        capture = parse_words(words, now=now)
        assert capture.attributes == {"due": words[0].split()[1][4:]}
        assert capture.title.split()[1] == "15"
    capture = parse_words(["Lunch due:fri 15 jan people"], now=now)
    assert (capture.title, capture.attributes) == ("Lunch people", {"due": "fri 15 jan"})


DATE_PHRASES = (
    "lundi prochain",
    "dans 2 semaines",
    "fin de mois",
    "vendredi en huit",
    "dans 3 jours ouvrés",
    "next monday",
    "in 3 working days",
    "15 déc",
    "demain 14h",
    "fri 9am",
    "vendredi à 9h",
    "d'ici vendredi",
    "1 December 2026 at 2pm",
    "fri",
    "15/12",
)
TITLE_WORDS = ("Renew", "Acme", "contract", "Report", "board", "budget", "Jérôme", "équipe", "Q4")
"""Title words that no date phrase takes."""


@given(
    st.lists(st.sampled_from(TITLE_WORDS), max_size=3),
    st.sampled_from(DATE_PHRASES),
    st.lists(st.sampled_from(TITLE_WORDS), max_size=3),
    st.sampled_from(("due", "wait", "follow")),
    st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1), timezones=st.timezones()),
)
def test_an_unquoted_date_phrase_reads_as_the_quoted_one(
    before: list[str], phrase: str, after: list[str], key: str, now: datetime
) -> None:
    """``due:lundi prochain Q4`` says what ``due:"lundi prochain" Q4`` says, whatever now."""
    first, *rest = phrase.split()
    unquoted = parse_words([*before, f"{key}:{first}", *rest, *after], now=now)
    quoted = parse_words([*before, f"{key}:{phrase}", *after], now=now)
    assert unquoted == quoted
    assert unquoted.title == " ".join([*before, *after])
