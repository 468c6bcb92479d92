"""The console user text is shown through, on the command line and on the screen: no control
character of the text written raw (``coo_todo.domain.text``), no markup read from it."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Span, Text

from coo_todo.domain.text import CONTROL_CODES, visible

CONTROL_CHARACTERS = frozenset(map(chr, CONTROL_CODES))
"""The characters ``visible`` writes as escapes."""


class UserTextConsole(Console):
    """A console that never writes a control character of the text it shows raw.

    A string (a table cell, a message) is made visible before Rich makes it a ``Text``, which
    would drop BEL, backspace and CR silently and pass ESC on; a ``Text`` built elsewhere is
    made visible before it is laid out, so it wraps at its shown width. Rich's own escape
    codes (colours, the progress bar) are not text and pass as they are. Made with
    ``markup=False``, it shows a title's ``[bold]`` or ``[/]`` as typed.
    """

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(visible(text), **options)

    def render(self, renderable: Any, options: Any = None) -> Any:
        if isinstance(renderable, Text):
            renderable = visible_text(renderable)
        return super().render(renderable, options)


def visible_text(text: Text) -> Text:
    """``text`` with its control characters made visible, in their styles (``text`` itself
    when it has none)."""
    if CONTROL_CHARACTERS.isdisjoint(text.plain):
        return text
    edges = {
        i + end for i, char in enumerate(text.plain) if char in CONTROL_CHARACTERS for end in (0, 1)
    }
    shown = text.blank_copy()
    for piece in text.divide(sorted(edges)):
        if piece.plain in CONTROL_CHARACTERS:
            escape = visible(piece.plain)
            styles = [Span(0, len(escape), span.style) for span in piece.spans]
            piece = Text(escape, style=piece.style, spans=styles)
        shown.append_text(piece)
    return shown
