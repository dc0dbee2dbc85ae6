"""What an import did (or, in a dry run, would do), in words for whoever ran it."""

from collections import Counter
from dataclasses import dataclass, field

ACTIONS = ("imported", "updated", "unchanged", "left alone")


@dataclass
class Item:
    key: str  # vi/news/123
    title: str
    path: str = ""
    note: str = ""

    def named(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f'{self.key} "{self.title}"{where}'


@dataclass
class Report:
    dry_run: bool = False
    counts: dict[str, Counter] = field(
        default_factory=lambda: {"articles": Counter(), "documents": Counter()}
    )
    actions: list[str] = field(default_factory=list)  # "write content/..." lines
    skipped: dict[str, list[Item]] = field(
        default_factory=lambda: {"articles": [], "documents": []}
    )
    left_alone: list[Item] = field(default_factory=list)
    unfaithful: list[Item] = field(default_factory=list)
    unknown_kinds: dict[str, list[str]] = field(default_factory=dict)
    missing_files: list[Item] = field(default_factory=list)
    files_copied: int = 0
    files_kept: int = 0
    redirects: int = 0
    redirects_path: str = ""
    unmapped: list[str] = field(default_factory=list)  # addresses nginx cannot hold
    problems: list[str] = field(default_factory=list)  # the site's checks afterwards

    def count(self, what: str, action: str) -> None:
        self.counts[what][action] += 1

    def text(self) -> str:
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was written. The import would:")
            lines += [f"  {action}" for action in self.actions]
            lines.append("")
        for what in ("articles", "documents"):
            counts = self.counts[what]
            done = ", ".join(f"{counts[action]} {action}" for action in ACTIONS)
            lines.append(
                f"{what.capitalize()}: {done}, {len(self.skipped[what])} skipped"
            )
            reasons = Counter(item.note for item in self.skipped[what])
            for reason, number in sorted(reasons.items()):
                lines.append(f"  skipped, {reason}: {number}")
        lines.append(
            f"Files: {self.files_copied} copied, {self.files_kept} already there, "
            f"{len(self.missing_files)} missing from the uploads folder"
        )
        lines.append(
            f"Old addresses redirected: {self.redirects} (in {self.redirects_path})"
        )
        sections = [
            (
                "Left alone (an editor changed the file since the import, or an "
                "editor's file stands there):",
                [f"{item.named()}: {item.note}" for item in self.left_alone],
            ),
            (
                "Not carried over faithfully (check these pages):",
                [f"{item.named()}: {item.note}" for item in self.unfaithful],
            ),
            (
                "Files missing from the uploads folder:",
                [f"{item.named()}: {item.note}" for item in self.missing_files],
            ),
            (
                "Kinds of document not declared in data/document-kinds.yaml "
                "(declare them, then import again):",
                [
                    f"{kind}: {', '.join(keys)}"
                    for kind, keys in sorted(self.unknown_kinds.items())
                ],
            ),
            (
                "Old addresses left out of the map:",
                self.unmapped,
            ),
            (
                "Skipped:",
                [
                    f"{item.named()}: {item.note}"
                    for what in ("articles", "documents")
                    for item in self.skipped[what]
                ],
            ),
            (
                "Problems the site's checks find in the sources now:",
                self.problems,
            ),
        ]
        for heading, entries in sections:
            if entries:
                lines += ["", heading] + [f"  {entry}" for entry in entries]
        return "\n".join(lines) + "\n"
