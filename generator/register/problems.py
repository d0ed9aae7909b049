"""Problems found in the input, and the exceptions the command line turns into messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error in the input, located by file and line, with a hint at the fix."""

    path: str
    """File the problem is in, relative to the project (as the editor opens it)."""
    line: int
    """1-based line; 1 when the problem concerns the file as a whole."""
    message: str
    """What is wrong."""
    hint: str = ""
    """How to fix it, or what the valid form looks like."""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.hint:
            hint = self.hint.replace("\n", "\n        ")
            text += f"\n  hint: {hint}"
        return text


class BriefingError(Exception):
    """Base of the errors a user can cause; the command line prints them without a traceback."""


class InvalidInput(BriefingError):
    """Validation found problems; nothing has been written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} error(s) in the input")

    def report(self) -> str:
        """Every problem, then a count, as `briefing check` prints them."""
        lines = [str(problem) for problem in self.problems]
        count = len(self.problems)
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        return "\n".join(lines)


class BuildFailed(BriefingError):
    """MkDocs reported an error while building the site."""
