"""Tests for coo_todo.domain.people: finding a colleague by what the user types (pure)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain.people import APOSTROPHES, find_person, name_key
from coo_todo.domain.records import PersonRecord
from coo_todo.errors import InvalidInput, NotFound

PROPERTY = settings(max_examples=150, deadline=None)


def people(*names: str) -> list[PersonRecord]:
    return [PersonRecord(id=index, name=name) for index, name in enumerate(names, start=1)]


TEAM = people("Alice Martin", "Alan Smith", "Hélène Dupont", "Élodie Bernard", "Bob")


# --- name_key -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Hélène", "helene"),
        ("HÉLÈNE", "helene"),
        ("ÉLODIE", "elodie"),
        ("Zoë", "zoe"),
        ("François", "francois"),
        ("  Alice   Martin ", "alice martin"),
        ("Alice\tMartin", "alice martin"),
        ("Straße", "strasse"),
    ],
)
def test_name_key_ignores_case_accents_and_extra_spaces(typed: str, stored: str) -> None:
    assert name_key(typed) == stored
    assert name_key(typed) == name_key(stored)


def test_name_key_keeps_distinct_names_distinct() -> None:
    assert name_key("Alice Martin") != name_key("AliceMartin")
    assert name_key("Al") != name_key("Alan")


@pytest.mark.parametrize("blank", ["", " ", "   \t ", "\u0301"])
def test_name_key_of_blank_is_empty(blank: str) -> None:
    assert name_key(blank) == ""


# --- find_person, by example ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Alice Martin", "Alice Martin"),
        ("alice martin", "Alice Martin"),
        ("ali", "Alice Martin"),
        ("Alice M", "Alice Martin"),
        ("alice", "Alice Martin"),
        ("  ALICE   m ", "Alice Martin"),
        ("alan", "Alan Smith"),
        ("helene", "Hélène Dupont"),
        ("HÉL", "Hélène Dupont"),
        ("elodie b", "Élodie Bernard"),
        ("b", "Bob"),
    ],
)
def test_find_person_by_exact_name_or_unique_prefix(query: str, expected: str) -> None:
    assert find_person(query, TEAM).name == expected


def test_ambiguous_prefix_lists_the_candidates() -> None:
    with pytest.raises(InvalidInput) as caught:
        find_person("al", TEAM)
    message = str(caught.value)
    assert "Alice Martin" in message
    assert "Alan Smith" in message
    assert "Bob" not in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("query", ["Carol", "alicia", "Smith", "Alice Martinez"])
def test_unknown_name_says_how_to_add_them(query: str) -> None:
    with pytest.raises(NotFound) as caught:
        find_person(query, TEAM)
    message = str(caught.value)
    assert query in message
    assert "todo people add" in message
    assert "--create" in message
    assert caught.value.exit_code == 1


def test_nobody_yet_is_not_found() -> None:
    with pytest.raises(NotFound):
        find_person("alice", [])


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_blank_name_is_invalid(blank: str) -> None:
    with pytest.raises(InvalidInput):
        find_person(blank, TEAM)
    with pytest.raises(InvalidInput):
        find_person(blank, [])


@pytest.mark.parametrize("order", [("Al", "Alan"), ("Alan", "Al")])
def test_exact_name_wins_over_longer_name_with_that_prefix(order: tuple[str, str]) -> None:
    team = people(*order)
    assert find_person("Al", team).name == "Al"
    assert find_person("al", team).name == "Al"
    assert find_person("ala", team).name == "Alan"


def test_prefix_of_one_name_only_is_unique_even_if_another_is_exact_elsewhere() -> None:
    team = people("Al", "Alan", "Bob")
    assert find_person("bo", team).name == "Bob"
    with pytest.raises(InvalidInput):
        find_person("a", team)


# --- find_person, for any names ------------------------------------------------------------------

LATIN = (
    "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿñ" + "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÑ"
)
words = st.text(st.sampled_from(LATIN + "'-"), min_size=1, max_size=8).filter(
    lambda word: any(char.isalpha() for char in word)
)
full_names = st.lists(words, min_size=1, max_size=3).map(" ".join)


def bare(name: str) -> str:
    """Accents stripped and lower-cased, as a user without accents on their keyboard types it."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@PROPERTY
@given(names=st.lists(full_names, min_size=1, max_size=8, unique_by=name_key), data=st.data())
def test_each_name_finds_its_person(names: list[str], data: st.DataObject) -> None:
    team = data.draw(st.permutations(people(*names)))
    for person in team:
        assert find_person(person.name, team) == person
        assert find_person(bare(person.name), team) == person
        assert find_person(person.name.upper(), team) == person
        assert find_person(f"  {person.name}  ", team) == person


@PROPERTY
@given(names=st.lists(full_names, min_size=1, max_size=8, unique_by=name_key), data=st.data())
def test_a_prefix_finds_its_person_or_lists_all_candidates(
    names: list[str], data: st.DataObject
) -> None:
    team = people(*names)
    person = data.draw(st.sampled_from(team))
    key = name_key(person.name)
    prefix = key[: data.draw(st.integers(1, len(key)))]
    if not prefix.strip():
        return
    matching = [p for p in team if name_key(p.name).startswith(name_key(prefix))]
    exact = [p for p in team if name_key(p.name) == name_key(prefix)]
    if exact or len(matching) == 1:
        found = find_person(prefix, team)
        assert found == (exact[0] if exact else matching[0])
    else:
        with pytest.raises(InvalidInput) as caught:
            find_person(prefix, team)
        assert all(p.name in str(caught.value) for p in matching)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(max_size=40))
def test_name_key_strips_every_combining_mark_and_folds_case(text: str) -> None:
    """Whatever the text (ASCII, or not: ASCII skips the decomposition), its key holds no
    combining mark, no capital a casefold would change, no double space, and folding it
    again changes nothing."""
    key = name_key(text)
    assert not any(unicodedata.combining(char) for char in key)
    assert key == key.casefold() or not key.isascii()
    assert "  " not in key and key == key.strip()
    assert name_key(key) == key
    if text.isascii():
        assert key == " ".join(text.lower().split())


# --- apostrophes ---------------------------------------------------------------------------------

APOSTROPHE_FORMS = ("'", *APOSTROPHES)


@PROPERTY
@given(
    names=st.lists(full_names, min_size=1, max_size=8, unique_by=name_key),
    data=st.data(),
)
def test_any_apostrophe_finds_a_name_typed_with_another(
    names: list[str], data: st.DataObject
) -> None:
    """``O\u2019Brien`` stored, ``O'Brien`` typed (and every other pair of apostrophes): found."""
    stored = [
        "".join(data.draw(st.sampled_from(APOSTROPHE_FORMS)) if c == "'" else c for c in name)
        for name in names
    ]
    team = people(*stored)
    for person, name in zip(team, names, strict=True):
        typed = "".join(
            data.draw(st.sampled_from(APOSTROPHE_FORMS)) if c == "'" else c for c in name
        )
        assert find_person(typed, team) == person


def test_two_names_alike_but_for_the_apostrophe_are_never_taken_silently() -> None:
    """Two people added before apostrophes were folded: the one typed exactly is found; any
    other spelling names both, and finds neither."""
    team = people("Sean O\u2019Brien", "Sean O'Brien")
    assert find_person("Sean O\u2019Brien", team) == team[0]
    assert find_person("Sean O'Brien", team) == team[1]
    for typed in ("sean o'brien", "Sean O\u02bcBrien", "sean"):
        with pytest.raises(InvalidInput) as caught:
            find_person(typed, team)
        assert "Sean O\u2019Brien" in str(caught.value) and "Sean O'Brien" in str(caught.value)
