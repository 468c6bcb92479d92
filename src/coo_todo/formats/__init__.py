"""Text formats, pure text in and text out: the JSON contract, markdown, CSV and backups
written, and the files read on import (backups, Taskwarrior, todo.txt). Never queries."""
