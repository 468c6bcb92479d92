"""User text made safe to show: control characters written as visible escapes. Pure.

Text is stored exactly as typed (``limits.py``), but a terminal obeys what it is sent: ESC
starts sequences that recolour, move the cursor, set the window title or write the clipboard
(OSC 52); BEL rings; CR and backspace overwrite what was printed; C1 controls (U+0080-U+009F)
act like ESC sequences on some terminals; bidirectional overrides and isolates reorder what
is shown (a "Trojan Source" title). ``visible`` replaces each with its escape, the way Python
writes it: ``\\x1b`` for ESC, ``\\x07`` for BEL, ``\\x9b`` for a C1 CSI, ``\\u202e`` for a
right-to-left override. Only the line feed stays, so notes keep their lines.

Every text coo-todo writes for people goes through it: the terminal (``cli.app.VisibleConsole``),
markdown (``formats.markdown.md``) and CSV (``formats.spreadsheet``). JSON keeps the exact
text, with these characters written as JSON escapes (``json_escapes``).
"""

from __future__ import annotations

BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Embeddings, overrides and their end (U+202A-U+202E), isolates and theirs (U+2066-U+2069)."""

CONTROL_CODES = (*(c for c in range(0x20) if c != 0x0A), *range(0x7F, 0xA0), *BIDI_CONTROLS)
"""The characters never written raw: C0 but the line feed, DEL, C1, bidirectional controls."""

APOSTROPHES = {
    "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{MODIFIER LETTER APOSTROPHE}": "'",
    "\N{LEFT SINGLE QUOTATION MARK}": "'",
}
"""The apostrophes a keyboard or a phone types besides ``'`` (in ``l'équipe``, ``aujourd'hui``),
each read as ``'`` where typed text is matched rather than shown: dates, search."""

_ESCAPES = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in CONTROL_CODES}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in CONTROL_CODES}


def visible(text: str) -> str:
    """``text`` with each control character written as its escape (``\\x1b``, ``\\u202e``)."""
    return text.translate(_ESCAPES)


def json_escapes(document: str) -> str:
    """A JSON document with every control character escaped (``\\u001b``, ``\\u202e``): the
    same values, read back exactly, and nothing raw for a terminal. Outside strings JSON holds
    none of them, so each is inside a string, where the escape means the character itself."""
    return document.translate(_JSON_ESCAPES)
