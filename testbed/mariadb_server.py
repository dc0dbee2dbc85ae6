"""A throwaway MariaDB server (Debian's mariadb-server) for the NukeViet import's
tests and benchmark: its own data folder, a free port on 127.0.0.1, a socket, no
system service; stopped by its pid when done.
"""

import getpass
import os
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pymysql

MARIADB_SERVER = "/usr/sbin/mariadbd"


@dataclass(frozen=True)
class MariaDB:
    """A throwaway MariaDB server: root over its socket, `user` over TCP."""

    port: int
    socket: Path
    user: str
    password: str

    def url(self, database: str) -> str:
        secret = quote(self.password, safe="")
        return f"mysql://{self.user}:{secret}@127.0.0.1:{self.port}/{database}"

    def root(self, database: str | None = None):
        return pymysql.connect(
            unix_socket=str(self.socket),
            user="root",
            database=database,
            charset="utf8mb4",
            autocommit=True,
        )


@contextmanager
def mariadb_server(work: Path):
    """Debian's MariaDB run from a data folder in `work`, on a free port, in a
    process group of its own; stopped (by its pid) when the block ends."""
    data, socket_path = work / "data", work / "mysqld.sock"
    as_user = "root" if os.geteuid() == 0 else getpass.getuser()
    installed = subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            f"--user={as_user}",
            "--skip-test-db",
            "--auth-root-authentication-method=normal",
            # a machine whose own name does not resolve (a fresh container)
            # installs all the same, with grants by address, as the server runs
            "--force",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = _free_port()
    server = subprocess.Popen(
        [
            MARIADB_SERVER,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={socket_path}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--user={as_user}",
            f"--pid-file={work / 'mysqld.pid'}",
            f"--log-error={work / 'error.log'}",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--skip-name-resolve",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        server_db = MariaDB(port, socket_path, "nukeviet", "mật khẩu cũ")
        for _ in range(300):
            try:
                connection = server_db.root()
                break
            except pymysql.MySQLError:
                if server.poll() is not None:
                    raise RuntimeError(
                        (work / "error.log").read_text(errors="replace")
                    ) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("MariaDB did not start")
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE USER %s@'127.0.0.1' IDENTIFIED BY %s",
                (server_db.user, server_db.password),
            )
            cursor.execute(f"GRANT ALL ON *.* TO '{server_db.user}'@'127.0.0.1'")
        connection.close()
        yield server_db
    finally:
        server.terminate()
        server.wait(timeout=60)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
