"""Start, stop and ask after the resident command server (``coo_todo.server``), for
``todo server``: the commands wait until the server answers, or has gone."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from coo_todo import channel
from coo_todo.errors import CooTodoError, NotFound
from coo_todo.i18n import _

START_TIMEOUT = 60.0
"""Seconds a start may take: imports and the warm-up, about a second on a quiet machine."""
STOP_TIMEOUT = 10.0


def place(environ: Mapping[str, str]) -> channel.Place:
    """Where the server of this installation lives; CooTodoError if it cannot run here."""
    try:
        if not channel.switched_on(environ):
            raise CooTodoError(
                _("the server is off ({variable}=off)").format(variable=channel.SWITCH_VARIABLE)
            )
    except ValueError as exc:
        raise CooTodoError(str(exc)) from None
    if not channel.supported():
        raise CooTodoError(_("this platform cannot pass descriptors over Unix sockets"))
    try:
        return channel.place(environ)
    except channel.Unavailable as exc:
        raise CooTodoError(_("the server cannot run: {exc}").format(exc=exc)) from None


def status(where: channel.Place) -> dict[str, Any]:
    """What the running server reports about itself; NotFound if none answers."""
    try:
        answer = channel.ask(where, b"status")
    except channel.Unavailable:
        raise NotFound(
            _("no server is running (its socket would be {socket})").format(socket=where.socket)
        ) from None
    if answer[0] != b"status" or len(answer) != 2:
        raise CooTodoError(
            _("the server at {socket} answered something else").format(socket=where.socket)
        )
    details: dict[str, Any] = json.loads(answer[1])
    return details


def start(where: channel.Place, environ: Mapping[str, str]) -> dict[str, Any]:
    """Start a server unless one runs, and wait until it answers; its status."""
    try:
        return status(where)
    except NotFound:
        pass
    channel.start(where, environ)  # or another process is starting one: wait for it too
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            return status(where)
        except NotFound:
            continue
    raise CooTodoError(
        _("the server did not answer within {seconds:g} s").format(seconds=START_TIMEOUT)
    )


def stop(where: channel.Place) -> int:
    """Tell the running server to stop, and wait until it no longer answers; its pid.

    It stops taking commands at once and leaves when the running ones have ended."""
    try:
        answer = channel.ask(where, b"stop")
    except channel.Unavailable:
        raise NotFound(_("no server is running")) from None
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            channel.connect(where).close()
        except channel.Unavailable:
            return int(answer[1])
        time.sleep(0.02)
    raise CooTodoError(_("the server (pid {pid}) still answers").format(pid=int(answer[1])))
