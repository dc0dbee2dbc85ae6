"""The members file of the briefers' area: the `name:hash` lines that nginx's
`auth_basic_user_file` reads.

Passwords are hashed with bcrypt ($2b$, cost 12), which the C library behind nginx
on Debian (libxcrypt) checks. The file lives outside the repository and outside
both site trees; it is replaced atomically, readable by its owner and group only.
"""

import contextlib
import fcntl
import getpass
import os
import re
import secrets
import string
import sys
import tempfile
from pathlib import Path

import bcrypt

from ..checks.trees import kind_of

ENVIRONMENT = "MEMBERS_FILE"
# A name shows on the member's pages (nginx writes it there): no markup, no colon.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 12
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
GENERATED_LENGTH = 20
GENERATED_ALPHABET = string.ascii_letters + string.digits
BCRYPT_COST = 12
MODE = 0o640
MIN_DISTINCT = 6  # "aaaaaaaaaaaa", "121212121212" are not passwords
# Words every password list starts with (Vietnamese ones too): a password made of
# one of them and digits or signs ("password1234", "matkhau@2024") is refused.
COMMON_WORDS = frozenset(
    [
        "password",
        "passw0rd",
        "pass",
        "matkhau",
        "mat",
        "khau",
        "admin",
        "administrator",
        "root",
        "user",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "asdfghjkl",
        "zxcvbn",
        "abc",
        "abcd",
        "abcdef",
        "iloveyou",
        "welcome",
        "letmein",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "sunshine",
        "princess",
        "master",
        "secret",
        "login",
        "changeme",
        "default",
        "test",
        "guest",
        "hello",
        "vietnam",
        "hanoi",
        "saigon",
        "kontum",
        "baocaovien",
        "tuyengiao",
        "bantuyengiao",
        "thongtin",
        "tinhuy",
    ]
)
KEYBOARD_RUNS = ("1234567890", "0987654321", "qwertyuiop", "asdfghjkl", "zxcvbnm")


class MembersFileError(ValueError):
    """The members file, a name or a password cannot be used; the message says why."""


def members_file_path(
    option: str | None, setting: str | None, repository: Path
) -> Path:
    """--file, else $MEMBERS_FILE, else the setting; never in the repository or a
    site tree, where it could be committed or served."""
    chosen = option or os.environ.get(ENVIRONMENT) or setting
    if not chosen:
        raise MembersFileError(
            f"no members file: give --file, set {ENVIRONMENT} or MEMBERS_FILE"
        )
    path = Path(chosen).expanduser().resolve()
    repository = repository.resolve()
    if path == repository or repository in path.parents:
        raise MembersFileError(
            f"{path} is inside the repository ({repository}), where it could be "
            "committed: keep the members file outside it, e.g. /etc/nginx/"
        )
    for folder in path.parents:
        if kind_of(folder):
            raise MembersFileError(
                f"{path} is inside a built site ({folder}), where it could be "
                "served: keep the members file outside it"
            )
    return path


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise MembersFileError(
            f"{name!r} is not a member name: letters, digits and . _ @ - only "
            "(up to 64, starting with a letter or digit)"
        )
    return name


def check_password(password: str, name: str = "") -> str:
    if not password.strip():
        raise MembersFileError("the password is blank")
    if len(password) < MIN_PASSWORD:
        raise MembersFileError(
            f"the password is too short: at least {MIN_PASSWORD} characters"
        )
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise MembersFileError(
            f"the password is too long: bcrypt reads {MAX_PASSWORD_BYTES} bytes"
        )
    if ":" in password or "\n" in password:
        raise MembersFileError("the password must not contain ':' or a line break")
    weakness = _weakness(password, name)
    if weakness:
        raise MembersFileError(f"the password is too easy to guess: {weakness}")
    return password


def _weakness(password: str, name: str) -> str | None:
    """Why `password` is among the first a guesser tries, or None."""
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT:
        return f"fewer than {MIN_DISTINCT} different characters"
    if name and name.lower() in lowered:
        return "it contains the member's name"
    letters = re.sub(r"[^a-z]", "", lowered)
    if letters in COMMON_WORDS or not letters:
        return "a common word (or none) with digits and signs"
    for run in KEYBOARD_RUNS:
        if any(lowered[i : i + 6] in run for i in range(len(lowered) - 5)):
            return "a run of keys (123456, qwerty)"
    return None


def hash_password(password: str, name: str = "") -> str:
    hashed = bcrypt.hashpw(
        check_password(password, name).encode("utf-8"),
        bcrypt.gensalt(rounds=BCRYPT_COST, prefix=b"2b"),
    )
    return hashed.decode("ascii")


def generate_password() -> str:
    return "".join(secrets.choice(GENERATED_ALPHABET) for _ in range(GENERATED_LENGTH))


def ask_password(from_stdin: bool = False, name: str = "") -> str:
    """One line of standard input, or typed twice at a prompt that does not echo."""
    if from_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"), name)
    first = getpass.getpass("Password (at least 12 characters): ")
    check_password(first, name)
    if getpass.getpass("The same password again: ") != first:
        raise MembersFileError("the two passwords differ: nothing was changed")
    return first


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


def _name_of(line: str) -> str | None:
    if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
        return None
    return line.split(":", 1)[0]


def member_names(path: Path) -> list[str]:
    """The names in the file, in its order (never the hashes)."""
    return [name for line in _lines(path) if (name := _name_of(line))]


@contextlib.contextmanager
def _locked(path: Path):
    """One change of the file at a time: two `add` at once would each write the
    file as they read it, and one account would be lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)  # the file itself is replaced
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)  # waits for the other change
        yield
    finally:
        os.close(folder)


def add_member(path: Path, name: str, password: str) -> bool:
    """Add `name`, or set its new password; True when it was already there."""
    entry = f"{check_name(name)}:{hash_password(password, name)}"
    with _locked(path):
        lines = _lines(path)
        found = False
        for number, line in enumerate(lines):
            if _name_of(line) == name:
                lines[number] = entry
                found = True
        if not found:
            lines.append(entry)
        _write(path, lines)
    return found


def remove_member(path: Path, name: str) -> None:
    with _locked(path):
        lines = _lines(path)
        kept = [line for line in lines if _name_of(line) != name]
        if len(kept) == len(lines):
            raise MembersFileError(f"{name!r} is not in {path}")
        _write(path, kept)


def _write(path: Path, lines: list[str]) -> None:
    """Replace the file in one rename: nginx never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, MODE)
        if path.exists():  # keep the group that lets nginx read it (www-data)
            with contextlib.suppress(PermissionError):
                os.fchown(handle, -1, path.stat().st_gid)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write("".join(f"{line}\n" for line in lines))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
