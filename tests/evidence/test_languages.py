"""Other languages, safely: guillemets and German quotes, ASCII actor ids, accent-blind FTS5 search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from realpolitik.errors import EvidenceError
from realpolitik.evidence.article import Article
from realpolitik.evidence.extract import extract
from realpolitik.evidence.parties import snake_id
from realpolitik.evidence.store import EvidenceStore, fts_query
from realpolitik.evidence.text import ascii_fold
from tests.evidence.test_cli import run
from tests.evidence.test_quotes import quotes_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« Nous ne céderons pas », said Jean-Luc Morel.", [("Nous ne céderons pas", "Jean-Luc Morel")]),
        ("„Wir geben nicht auf“, said Olaf Berg.", [("Wir geben nicht auf", "Olaf Berg")]),
        ("Olaf Berg called the offer ‹ a trap › in Bonn.", [("a trap", "Olaf Berg")]),
        (
            "Anna Vogt said: „Die Waffenruhe hält nicht.“ She did not elaborate.",
            [("Die Waffenruhe hält nicht", "Anna Vogt")],
        ),
    ],
)
def test_guillemets_and_german_marks_are_quotes(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("Érythrée", "erythree"),
        ("le Front de Libération", "le_front_de_liberation"),
        ("Łódź Militia", "lodz_militia"),
        ("the Kurdistan Workers’ Party", "kurdistan_workers_party"),
        ("São Tomé", "sao_tome"),
    ],
)
def test_non_ascii_names_give_readable_ids(name: str, ident: str) -> None:
    assert snake_id(name) == ident
    assert ascii_fold(ident) == ident


@pytest.fixture
def filled(tmp_path: Path) -> EvidenceStore:
    text = (
        "“L’Érythrée refuse toute négociation sur le port,” said Isaias Afwerki.\n\n"
        "“Negotiations with Ethiopia are over,” he added.\n\n"
        "Abiy Ahmed said the port talks were “not dead”."
    )
    store = EvidenceStore(tmp_path / "e.sqlite3")
    store.add(extract(Article(text=text), statistical=False))
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("erythree", {"L’Érythrée refuse toute négociation sur le port"}),
        ("ÉRYTHRÉE NEGOCIATION", {"L’Érythrée refuse toute négociation sur le port"}),
        ("negotiat*", {"Negotiations with Ethiopia are over"}),
        ('"not dead"', {"not dead"}),
        ("erythree OR ethiopia", {"L’Érythrée refuse toute négociation sur le port",
                                  "Negotiations with Ethiopia are over"}),
        ("port NOT dead", {"L’Érythrée refuse toute négociation sur le port"}),
        ("(over OR dead) NOT port", {"Negotiations with Ethiopia are over", "not dead"}),
    ],
)  # fmt: skip
def test_search_is_accent_and_case_blind_with_fts5_syntax(
    filled: EvidenceStore, query: str, expected: set[str]
) -> None:
    with filled:
        assert {h.text for h in filled.search(query, kind="quote")} == expected


@pytest.mark.parametrize("query", ["ceasefire AND", "NOT port", '"open phrase', "(port OR"])
def test_malformed_query_names_itself(filled: EvidenceStore, query: str) -> None:
    with filled, pytest.raises(EvidenceError, match="malformed") as info:
        filled.search(query)
    assert repr(query) in str(info.value)


def test_words_with_punctuation_are_words_not_syntax() -> None:
    assert fts_query("al-Burhan speaker: Russia's") == '"al-Burhan" "speaker:" "Russia\'s"'


def test_cli_search_phrases_operators_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    src = tmp_path / "a.txt"
    src.write_text(
        "Talks on the port\n\n“L’Érythrée refuse toute négociation,” said Isaias Afwerki. "
        "Abiy Ahmed said the talks were “not dead”. Diplomats from both countries met in Jeddah on Monday "
        "under Saudi mediation, the third round this year, and agreed to meet again after the rainy season "
        "without setting a date or an agenda for the next round.\n",
        encoding="utf-8",
    )
    assert run("ingest", str(src), "--db", db, "--rules-only")[0] == 0
    code, stdout, _ = run("evidence", "search", "not dead", "--kind", "quote", "--db", db, "--json")
    assert code == 0
    assert [h["text"] for h in json.loads(stdout)] == ["not dead"]
    code, stdout, _ = run("evidence", "search", "ERYTHREE", "OR", "dead", "--kind", "quote", "--db", db, "--json")
    assert code == 0
    assert len(json.loads(stdout)) == 2
    code, _, stderr = run("evidence", "search", "dead", "AND", "--db", db)
    assert code == 2
    assert "'dead AND'" in stderr
    assert "malformed" in stderr
