"""Data and helpers shared by several test modules."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

# The fields of one plain visit (raw input for models.new_visit).
VISIT = {
    "pangkat": "Serka",
    "babinsa": "Sugianto",
    "warga": "Harjanto",
    "topik": "memberikan motivasi",
    "desa": "Krajan",
    "kecamatan": "Gatak",
}

ALIASES = [
    ("add", "tambah"),
    ("list", "daftar"),
    ("show", "lihat"),
    ("edit", "ubah"),
    ("delete", "hapus"),
    ("backup", "cadangkan"),
    ("restore", "pulihkan"),
]


class Terminal:
    """`komsos ARGS` at a pseudo-terminal: read the screen, type answers like a person."""

    def __init__(self, args: list[str], env: dict[str, str], cwd=None) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "komsos_cli", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.screen = ""

    def expect(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} tidak muncul. Layar:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    assert text in self.screen, f"{text!r} tidak muncul. Layar:\n{self.screen}"
                self.screen += chunk.decode("utf-8", "replace")
        return self.screen

    def send(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def wait(self, timeout: float = 60.0) -> int:
        # Keep reading while waiting: a program that writes more than the terminal holds
        # would otherwise block on a full pseudo-terminal and never exit.
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"komsos tidak selesai. Layar:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.2))
            chunk = b""
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the program's side closed: nothing more to read
                    chunk = b""
                self.screen += chunk.decode("utf-8", "replace")
            if not chunk and self.proc.poll() is not None:
                break
        os.close(self.master)
        return self.proc.wait()
