"""Pure: file trees as the tests and the benchmarks handle them, written from a
{relative name: bytes} dict and compared byte for byte."""

from pathlib import Path


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write a corpus (or part of one) under `root`."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def compare_trees(first: Path, second: Path) -> list[str]:
    """Relative paths that are in one tree only or differ in bytes, sorted (a
    folder, empty ones too, ends with "/")."""

    def files(folder):
        return {
            p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""): p
            for p in folder.rglob("*")
            if p.is_file() or p.is_dir()
        }

    left, right = files(first), files(second)
    differ = set(left).symmetric_difference(right)
    differ |= {
        name
        for name in set(left) & set(right)
        if not name.endswith("/")
        and left[name].read_bytes() != right[name].read_bytes()
    }
    return sorted(differ)
