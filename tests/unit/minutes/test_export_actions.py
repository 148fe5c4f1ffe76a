"""The follow-up actions section of exported minutes reads an ``actions`` table when there is
one, whatever the column types, and nothing when there is none."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bot.minutes_export import ActionLine, actions_table_reader


def test_no_actions_table_means_no_actions(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with Session(engine) as session:
        assert actions_table_reader(session, "k", ["1"]) == []


def test_an_actions_table_is_read_for_the_decided_motions(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'actions.db'}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE actions (id INTEGER PRIMARY KEY, motion_id INTEGER, "
                "description TEXT, owner TEXT, due DATE, status TEXT)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO actions (motion_id, description, owner, due, status) VALUES "
                "(3, 'Sign the pooling agreement', 'operator', '2027-02-03', 'open'), "
                "(4, 'Not this one', 'operator', '2027-02-03', 'open')"
            )
        )
    with Session(engine) as session:
        found = actions_table_reader(session, "k", ["3"])
    assert found == [
        ActionLine("Sign the pooling agreement", "operator", "2027-02-03", "open", "3")
    ]
