"""One editor-facing problem: where it is and what was expected."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a source file, printed as `path:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
