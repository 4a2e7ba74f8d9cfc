"""Diagnostics: one `FILE:LINE:COL: severity: message` line per problem, or JSON for tools,
or GitHub Actions workflow commands (annotations on the lines of a pull request)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem at a place in a file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"

    @property
    def sort_key(self) -> tuple[int, str, int, int]:
        """Errors before warnings, then in reading order: what a curator fixes first."""
        return (self.severity is not Severity.ERROR, self.file, self.line, self.column)


def error(file: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, message)


def warning(file: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, message)


def to_json(diagnostics: list[Diagnostic], summary: dict[str, int]) -> str:
    return json.dumps(
        {"diagnostics": [asdict(d) for d in diagnostics], "summary": summary},
        ensure_ascii=False,
        indent=2,
    )


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions toolkit does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (`escapeProperty`): ':' and ',' end one."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diag: Diagnostic, *, strict: bool = False) -> str:
    """`::error file=F,line=L,col=C,title=csto-tui::message` (`::warning` for a warning,
    `::error` too when `strict`); line and col are left out when unknown (0)."""
    level = "error" if strict or diag.severity is Severity.ERROR else "warning"
    props = [f"file={_github_property(diag.file)}"]
    if diag.line:
        props.append(f"line={diag.line}")
        if diag.column:
            props.append(f"col={diag.column}")
    props.append("title=csto-tui")
    return f"::{level} {','.join(props)}::{_github_data(diag.message)}"
