"""A real PostgreSQL server for the tests, and one empty database per test.

The server is the one ``COO_TODO_TEST_POSTGRES`` names (an admin URL: it must be allowed to
create databases and roles), else a throwaway cluster started for the run with Debian's
``pg_virtualenv`` (package postgresql-common; ``.ci/run`` installs it) and stopped at the end.
Durability is off in that cluster (``fsync=off``): it is thrown away, and the suite runs faster.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

START_TIMEOUT = 90
"""Seconds a cluster may take to start (about 4 on a laptop; more on a loaded CI machine)."""


class Unavailable(Exception):
    """No PostgreSQL server can be used: the message says why, in one line."""


class PostgresServer:
    """A server the tests may create databases on; ``stop`` ends it if the run started it."""

    def __init__(self, admin_url: str, cluster: subprocess.Popen[bytes] | None = None) -> None:
        self.admin_url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self.cluster = cluster
        self.sleeper: int | None = None
        self.names = (f"coo_test_{os.getpid()}_{n}" for n in itertools.count())
        libpq_url = self.admin_url.set(drivername="postgresql")
        self.admin = psycopg.connect(libpq_url.render_as_string(False), autocommit=True)

    @classmethod
    def start(cls, folder: Path) -> PostgresServer:
        """The server of ``COO_TODO_TEST_POSTGRES``, else a new cluster in ``folder``."""
        given = os.environ.get("COO_TODO_TEST_POSTGRES")
        if given:
            try:
                return cls(given)
            except psycopg.Error as exc:
                raise Unavailable(f"COO_TODO_TEST_POSTGRES cannot be reached: {exc}") from None
        if shutil.which("pg_virtualenv") is None:
            raise Unavailable(
                "PostgreSQL is not installed (no pg_virtualenv: apt-get install postgresql), "
                "and COO_TODO_TEST_POSTGRES is not set"
            )
        return cls._start_cluster(folder)

    @classmethod
    def _start_cluster(cls, folder: Path) -> PostgresServer:
        """A throwaway cluster: ``pg_virtualenv`` runs a shell that writes the connection's
        environment to a file and then waits; ending the shell ends the cluster."""
        ready = folder / "pg.env"
        with socket.socket() as probe:  # a free port, so parallel workers do not collide
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # The shell lives as long as the test run (pid $1), so a killed run leaves no cluster.
        script = (
            'env > "$0.tmp" && echo "SLEEPER=$$" >> "$0.tmp" && mv "$0.tmp" "$0" '
            '&& while kill -0 "$1" 2> /dev/null; do sleep 1; done'
        )
        options = ["-o", "fsync=off", "-o", "synchronous_commit=off", "-o", "full_page_writes=off"]
        cluster = subprocess.Popen(
            ["pg_virtualenv", "-t", *options, "sh", "-c", script, str(ready), str(os.getpid())],
            # UTF-8 whatever locale the first PostgreSQL test set: a cluster made without one
            # is SQL_ASCII, and psycopg then reads every text as bytes.
            env={**os.environ, "PGPORT": str(port), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
            stdout=(folder / "pg_virtualenv.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not ready.exists():
            if cluster.poll() is not None or time.monotonic() > deadline:
                cluster.kill()
                log = (folder / "pg_virtualenv.log").read_text(errors="replace").strip()
                last = log.splitlines()[-1] if log else "no output"
                raise Unavailable(f"pg_virtualenv could not start a cluster: {last}")
            time.sleep(0.05)
        environ = dict(line.split("=", 1) for line in ready.read_text().splitlines() if "=" in line)
        url = (
            f"postgresql+psycopg://{environ['PGUSER']}:{environ['PGPASSWORD']}"
            f"@{environ['PGHOST']}:{environ['PGPORT']}/postgres"
        )
        while True:  # the password may be set a moment after the shell starts
            try:
                server = cls(url, cluster)
                break
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise Unavailable(f"the new cluster refuses connections: {exc}") from None
                time.sleep(0.1)
        server.sleeper = int(environ["SLEEPER"])
        return server

    def new_database(self) -> str:
        """A new, empty database: its URL, as the owner of the server."""
        name = next(self.names)
        self.admin.execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def url_of(self, name: str, user: str | None = None, password: str | None = None) -> str:
        """The URL of database ``name`` (as ``user``, if given)."""
        url = self.admin_url.set(database=name)
        if user is not None:
            url = url.set(username=user, password=password)
        return url.render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        """Drop a database ``new_database`` made, closing whatever still connects to it."""
        name = make_url(url).database
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Close the admin connection; end the cluster if this run started it."""
        self.admin.close()
        if self.cluster is None:
            return
        if self.sleeper is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.sleeper, signal.SIGTERM)
        try:
            self.cluster.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.cluster.pid, signal.SIGKILL)
