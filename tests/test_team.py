"""Team mode on a real PostgreSQL server: members with their own roles, tasks delegated
between them, and privacy enforced by the database (row-level security), not only by us."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy.engine import make_url
from typer.testing import Result

from coo_todo.cli import app
from tests.conftest import Database, Todo
from tests.postgres import PostgresServer
from tests.test_hostile_input import HOSTILE

PASSWORD = "member-pw"


@dataclass
class Team:
    """A shared list: its admin's URL (the owner of the tables) and each member's."""

    admin: str
    urls: dict[str, str]
    todo: Todo

    def url(self, who: str) -> str:
        return self.admin if who == "admin" else self.urls[who]

    def as_(self, who: str, *args: str, code: int = 0) -> str:
        """Run ``todo`` as a member (or "admin"); its stdout (stderr if it fails)."""
        result = self.todo("--db", self.url(who), *args, code=code)
        return str(result.stdout if code == 0 else result.stderr)

    def raw(self, who: str, *args: str) -> Result:
        """Run ``todo`` as a member (or "admin"), whatever comes of it."""
        return self.todo.runner.invoke(app, ["--db", self.url(who), *args])


@pytest.fixture
def team(todo: Todo, database: Database, postgres_server: PostgresServer) -> Team:
    """Thibault (the COO), Karim (Sales) and Chloé (Support) are members, each with a role."""
    suffix = make_url(database.url).database
    urls = {}
    for name in ("thibault", "karim", "chloe"):
        role = f"{name}_{suffix}"
        postgres_server.admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{PASSWORD}'")
        urls[name] = postgres_server.url_of(str(suffix), role, PASSWORD)

    todo("db", "upgrade")
    team = Team(database.url, urls, todo)
    for name, full in (("thibault", "Thibault Roy"), ("karim", "Karim Haddad"), ("chloe", "Chloé")):
        login = make_url(urls[name]).username
        said = team.as_("admin", "team", "add", full, "--login", login)
        assert f"is a member, as {login}" in said
    return team


def added(output: str) -> str:
    match = re.match(r"Added #(\d+) ", output)
    assert match, output
    return match.group(1)


@pytest.mark.postgresql_only
def test_a_delegated_task_goes_to_the_members_triage_and_back(team: Team) -> None:
    private = added(team.as_("thibault", "add", "Salary review for Chloé impact:5"))
    task = added(team.as_("thibault", "add", "Renew Acme contract", "+Sales", "impact:4"))
    team.as_("thibault", "delegate", task, "--to", "karim", "--follow-up", "fri")

    triage = team.as_("karim", "triage")
    assert "Renew Acme contract" in triage and "from Thibault Roy, follow-up Fri" in triage
    assert "Salary review" not in triage
    assert "no task #" in team.as_("karim", "show", private, code=1)
    assert "Renew Acme" not in team.as_("chloe", "triage")

    team.as_("karim", "followup", task, "--note", "Legal has the draft")
    assert "follow-up Fri 27 Nov" in team.as_("karim", "triage"), "Thibault's day stands"
    team.as_("karim", "done", task)
    assert "Renew Acme" not in team.as_("karim", "triage")
    assert "Renew Acme" not in team.as_("thibault", "waiting")
    history = team.as_("thibault", "show", task)
    assert "done by Karim Haddad" in history and "followed-up by Karim" in history
    brief = team.as_("thibault", "brief", "karim")
    assert "done by Karim Haddad" in brief and "Legal has the draft" in brief


@pytest.mark.postgresql_only
def test_a_member_hands_a_task_back_and_only_undoes_their_own_changes(team: Team) -> None:
    task = added(team.as_("thibault", "add", "Pick the CRM vendor"))
    team.as_("thibault", "delegate", task, "--to", "karim")
    other = added(team.as_("thibault", "add", "Board deck"))
    assert "no task #" in team.as_("chloe", "handback", task, code=1)  # cannot even see it
    team.as_("admin", "team", "share", "Sales")
    team.as_("thibault", "edit", task, "--area", "Sales")
    assert "not delegated to you" in team.as_("chloe", "handback", task, code=2)
    assert "Handed back" in team.as_("karim", "handback", task, "--note", "Ops call, not mine")
    assert "Pick the CRM vendor" not in team.as_("karim", "triage")
    assert "Pick the CRM vendor" in team.as_("thibault", "triage")
    assert "handed-back by Karim Haddad" in team.as_("thibault", "show", task)

    # Karim's undo reaches Karim's hand-back, never Thibault's later "Board deck".
    assert "Undid handed-back" in team.as_("karim", "undo")
    assert "Board deck" in team.as_("thibault", "show", other)
    assert "nothing to undo" in team.as_("karim", "undo", code=2)


@pytest.mark.postgresql_only
def test_row_level_security_hides_a_private_task_from_another_members_role(
    team: Team, database: Database
) -> None:
    """Connected as Chloé with psycopg (not through coo-todo): Thibault's private task cannot
    be read, changed or deleted, and its history cannot be read."""
    private = int(added(team.as_("thibault", "add", "Private: restructure Support")))
    url = make_url(team.urls["chloe"]).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(False), autocommit=True) as chloe:
        assert chloe.execute("SELECT * FROM task").fetchall() == []
        assert chloe.execute("SELECT * FROM event WHERE task_id = %s", (private,)).fetchall() == []
        updated = chloe.execute("UPDATE task SET title = 'mine' WHERE id = %s", (private,))
        assert updated.rowcount == 0
        deleted = chloe.execute("DELETE FROM task WHERE id = %s", (private,))
        assert deleted.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            chloe.execute("UPDATE task SET owner = current_user")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            chloe.execute("UPDATE person SET login = current_user")
    assert database.rows("SELECT title FROM task WHERE id = :id", id=private) == [
        ("Private: restructure Support",)
    ]


@pytest.mark.postgresql_only
def test_a_shared_area_is_visible_to_every_member(team: Team) -> None:
    task = added(team.as_("thibault", "add", "Weekend support rota", "area:Support"))
    assert "Weekend support rota" not in team.as_("chloe", "list")
    assert "Shared Support" in team.as_("admin", "team", "share", "Support")
    assert "Weekend support rota" in team.as_("chloe", "list")
    team.as_("chloe", "edit", task, "--impact", "5")
    assert "Stopped sharing" in team.as_("admin", "team", "unshare", "support")
    assert "Weekend support rota" not in team.as_("chloe", "list")
    assert team.as_("thibault", "show", task, "--json").count('"impact": 5') == 1


@pytest.mark.postgresql_only
def test_only_the_admin_manages_the_team(team: Team) -> None:
    karim = make_url(team.urls["karim"]).username
    refused = team.as_("karim", "team", "add", "Eve", "--login", "x", code=2)
    assert "only the team's admin" in refused
    assert "no role 'nobody_here'" in team.as_(
        "admin", "team", "add", "Eve", "--login", "nobody_here", code=2
    )
    assert f"Karim Haddad ({karim})" in team.as_("karim", "whoami")
    assert "the team's admin" in team.as_("admin", "whoami")
    assert "Karim Haddad is no longer a member" in team.as_("admin", "team", "remove", "karim")
    assert "permission denied" in team.as_("karim", "whoami", code=3)
    assert "Undid person-edited Karim Haddad" in team.as_("admin", "undo")
    assert f"Karim Haddad ({karim})" in team.as_("admin", "team")
    assert f"Karim Haddad ({karim})" in team.as_("karim", "whoami")


@pytest.mark.sqlite_only
def test_team_mode_on_sqlite_says_it_needs_postgresql(todo: Todo) -> None:
    todo("add", "One")
    assert (
        "team mode needs a shared PostgreSQL database"
        in todo("team", "add", "Karim", "--login", "karim", code=2).stderr
    )
    assert "an SQLite file" in todo("whoami").stdout


@pytest.mark.postgresql_only
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=HOSTILE)
def test_hostile_team_input_is_one_line_and_a_refusal_changes_nothing(
    team: Team, database: Database, value: str
) -> None:
    """A login, a name or an area from an attacker (quotes, NUL, control characters, SQL):
    never a traceback; a refusal is one line and leaves the members as they were."""
    for args in (
        ("team", "add", "Eve", "--login", value),
        ("team", "add", value, "--login", "role_that_does_not_exist"),
        ("team", "share", value),
        ("team", "unshare", value),
        ("team", "remove", value),
    ):
        members = database.rows("SELECT name, login FROM person ORDER BY id")
        result = team.raw("admin", *args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.exit_code in (0, 1, 2, 3), args
        if result.exit_code == 0:
            if args[1] == "remove":  # a prefix of a member's name: put them back
                team.as_("admin", "undo")
            continue
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, args
        assert database.rows("SELECT name, login FROM person ORDER BY id") == members, args


@pytest.mark.postgresql_only
def test_a_backup_restored_into_a_new_database_keeps_the_team(
    team: Team, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """Owners, authors, members' logins (and their privileges) and shared areas survive
    `todo export --format json` and `todo import` into an empty database."""
    private = added(team.as_("thibault", "add", "Private: board pack"))
    task = added(team.as_("thibault", "add", "Renew Acme", "area:Sales"))
    team.as_("thibault", "delegate", task, "--to", "karim", "--follow-up", "fri")
    team.as_("admin", "team", "share", "Support")
    backup = tmp_path / "team.json"
    backup.write_text(team.as_("admin", "export", "--format", "json"), encoding="utf-8")

    restored = postgres_server.new_database()
    name = make_url(restored).database
    team.admin = restored
    team.urls = {
        who: make_url(url).set(database=name).render_as_string(False)
        for who, url in team.urls.items()
    }
    team.as_("admin", "import", str(backup))
    assert "Renew Acme" in team.as_("karim", "triage")
    assert "no task #" in team.as_("karim", "show", private, code=1)
    assert "Private: board pack" in team.as_("thibault", "show", private)
    assert "delegated by Thibault Roy" in team.as_("thibault", "show", task)
    assert "Shared areas: support" in team.as_("admin", "team")
    assert team.as_("thibault", "export", "--format", "json").count('"owner": null') == 0


@pytest.mark.postgresql_only
def test_an_initiative_is_seen_by_its_owner_and_members_and_changed_by_its_owner(
    team: Team,
) -> None:
    team.as_("thibault", "initiative", "add", "CRM migration", "--with", "Karim Haddad")
    team.as_("thibault", "initiative", "add", "Salary bands", "--key", "salary")
    assert [i["key"] for i in json_of(team, "karim", "initiative", "list")] == ["crm"]
    assert json_of(team, "chloe", "initiative", "list") == []
    assert "no initiative 'crm'" in team.as_("chloe", "initiative", "show", "crm", code=1)
    refused = team.as_("karim", "initiative", "review", "crm", "--note", "mine?", code=2)
    assert refused == "error: initiative crm is Thibault Roy's: only they change it\n"
    team.as_("karim", "initiative", "pause", "crm", code=2)
    team.as_("karim", "add", "Export accounts in:crm")  # a member puts their tasks in it
    team.as_("chloe", "initiative", "add", "Support pods", "--key", "pods")
    assert [i["key"] for i in json_of(team, "chloe", "initiative", "list")] == ["pods"]
    assert len(json_of(team, "admin", "initiative", "list")) == 3


def json_of(team: Team, who: str, *args: str) -> Any:
    import json

    return json.loads(team.as_(who, *args, "--json"))


@pytest.mark.postgresql_only
def test_a_members_short_triage_and_plan_are_those_of_their_whole_list(team: Team) -> None:
    """``triage --limit`` and ``plan`` read a slice at a time (``domain.slices``), through the
    member's scope and the database's row-level security: the same as ranking every task the
    member holds, a task delegated to them among their own, nobody else's."""
    for number, impact in enumerate((5, 3, 4, 2, 5), start=1):
        team.as_("thibault", "add", f"Thibault's {number}", f"impact:{impact}", "effort:2h")
        team.as_("karim", "add", f"Karim's {number}", f"impact:{impact}", "due:today")
    handed = added(team.as_("thibault", "add", "Renew Acme contract", "impact:5", "due:today"))
    team.as_("thibault", "delegate", handed, "--to", "karim", "--follow-up", "today")
    for member in ("thibault", "karim", "chloe"):
        first = team.todo.json("--db", team.url(member), "triage", "--limit", "3")
        assert first == team.todo.json("--db", team.url(member), "triage")[:3]
        every = team.as_(member, "plan", "--hours", "3", "--all")
        assert team.as_(member, "plan", "--hours", "3") == every  # fewer than ten left out
    karim = team.todo.json("--db", team.url("karim"), "triage", "--limit", "30")
    assert "Renew Acme contract" in [task["title"] for task in karim]
    assert not any(task["title"].startswith("Thibault's") for task in karim)
    assert "Karim's" not in team.as_("chloe", "plan")
