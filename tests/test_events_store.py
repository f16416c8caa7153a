"""Event queries over the store: by entity, type and date range."""
import pytest

from vezha.model import Article, Doc, Entity, Event, Mention, Place
from vezha.store import open_store
from vezha.store.events import event_rows, find_events

TEXT = "З Росії на білоруський аеродром перемістили літак. У липні тривали удари з Білорусі. Путін у Мінську."


def stored_doc() -> Doc:
    article = Article("e1", TEXT, "test", published="2022-12-18", language="uk")
    mentions = (Mention(2, 7, "Росії", "LOC", "Росія", "LOC-Russia"),
                Mention(75, 83, "Білорусі", "LOC", "Білорусь", "LOC-Belarus"))
    places = (Place("LOC-Belarus", "Білорусь", 53.7, 27.9, "BY", ""),
              Place("LOC-Russia", "Росія", 61.5, 105.3, "RU", ""),
              Place("LOC-Minsk", "Мінськ", 53.9, 27.57, "BY", "BY.04"))
    events = (Event("movement", 32, 43, "перемістили", None, "LOC-Belarus", ("LOC-Russia",), 0.9, 0),
              Event("strike", 67, 72, "удари", "2022-07", None, ("LOC-Belarus",), 0.7, 1),
              Event("meeting", 85, 90, "Путін", "2022-12-19", "LOC-Minsk", ("PER-Putin",), 0.7, 2))
    entities = (Entity("LOC-Belarus", "Білорусь", "LOC"), Entity("LOC-Russia", "Росія", "LOC"))
    return Doc(article, mentions=mentions, entities=entities, places=places, events=events)


@pytest.fixture
def store(store_url):
    """The stored doc on SQLite and on PostgreSQL (when a server answers)."""
    with open_store(store_url) as opened:
        opened.save_doc(stored_doc())
        yield opened


@pytest.mark.parametrize("filters,triggers", [
    ({}, ["Путін", "перемістили", "удари"]),                          # latest first
    ({"about": "Білорусь"}, ["Путін", "перемістили", "удари"]),        # place, participant, or in the country
    ({"about": "Росія"}, ["перемістили"]),
    ({"about": "LOC-Belarus", "type": "strike"}, ["удари"]),
    ({"about": "Білорусь", "date_from": "2022-12-01"}, ["Путін", "перемістили"]),  # no time: publication day
    ({"about": "Мінськ"}, ["Путін"]),
    ({"date_to": "2022-07-15"}, ["удари"]),                            # July overlaps
    ({"date_from": "2022-08", "date_to": "2022-11"}, []),
    ({"about": "Франція"}, []),
])
def test_find_events_filters(store, filters, triggers):
    assert [f.event.trigger for f in find_events(store, **filters)] == triggers


def test_event_rows_carry_the_place_and_article(store):
    (row,) = event_rows(find_events(store, type="movement"))
    assert (row["article_id"], row["place_name"], row["lat"], row["published"]) == ("e1", "Білорусь", 53.7, "2022-12-18")
    assert row["participants"] == ["LOC-Russia"]


def test_vezha_events_command_prints_json_lines(store, store_url):
    import json
    from click.testing import CliRunner
    from vezha.cli import cli
    result = CliRunner().invoke(cli, ["--db", store_url, "events", "--about", "Білорусь", "--from", "2022-12-01", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["type"], r["place_name"]) for r in rows] == [("meeting", "Мінськ"), ("movement", "Білорусь")]


def test_reference_article_events_are_stored_and_found(shared_dir, tmp_path, settings, run_resources, pipeline):
    """Ingest the reference article (with its date) and ask what happened about Belarus since December."""
    from vezha.runner import ingest_into
    with open_store(f"sqlite:///{tmp_path / 'seed.db'}") as db:
        ingest_into(db, [str(shared_dir / "eval" / "gold" / "seed.jsonl")], settings, run_resources, pipeline=pipeline)
        found = find_events(db, about="Білорусь", date_from="2022-12-01")
    kinds = {(f.event.type, f.event.trigger, f.place_name) for f in found}
    assert ("movement", "перемістили", "Білорусь") in kinds            # the A-50U to a Belarusian airfield
    assert ("meeting", "збирається", "Мінськ") in kinds                # Putin's planned visit to Minsk
    assert all(f.published == "2022-12-18" for f in found)


@pytest.mark.parametrize("args, expected", [
    (["--place", "Мінськ"], [("meeting", "Мінськ")]),
    (["--place", "Білорусь"], [("meeting", "Мінськ"), ("movement", "Білорусь")]),   # a country holds its cities
    (["--lang", "en"], []),
])
def test_vezha_events_command_filters_by_place_and_language(store, store_url, args, expected):
    import json
    from click.testing import CliRunner
    from vezha.cli import cli
    result = CliRunner().invoke(cli, ["--db", store_url, "events", *args, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(r["type"], r["place_name"]) for r in rows] == expected
