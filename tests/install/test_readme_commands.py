"""The README's set-up, as a newcomer runs it: `make lab` on a fresh clone (as root and as an ordinary user),
and `course-helpers lab` on a machine with neither make nor bash (a Windows laptop's situation).

Each server is started in its own process group, waited for until it answers, checked (lesson 00 is served,
the course's kernel is registered) and stopped by its process id. `make test` itself is the README's other
command: CI runs it on a fresh clone (.ci/run), so it is not run again from inside itself here.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.install.profiles import ProfileEnv
from tests.paths import REPO

pytestmark = pytest.mark.install

URL = re.compile(r"http://(?:127\.0\.0\.1|localhost):(\d+)/lab\?token=(\w+)")
ORDINARY_USER = "nobody"


def _readme_commands() -> list[str]:
    """The commands in the README's first shell block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "the README starts with a sh block of commands"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    return [command for command in commands if command]


def _serve_until_ready(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 900,
                       user: str | None = None) -> tuple[subprocess.Popen[str], str, str, list[str]]:
    """Start `command` in its own process group; return it with the server's port and token once it answers."""
    if user:
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"  # the newcomer's PATH has no sbin
        # runuser gives the user its passwd home (nobody's does not exist): pass the environment through env
        command = [runuser, "-u", user, "--", "env", *(f"{k}={v}" for k, v in env.items()), *command]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True)
    lines: list[str] = []
    found: dict[str, str] = {}

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            match = URL.search(line)
            if match and "port" not in found:
                found.update(port=match.group(1), token=match.group(2))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while "port" not in found:
        if server.poll() is not None or time.monotonic() > deadline:
            _stop(server)
            pytest.fail(f"{' '.join(command)} did not start a server:\n" + "".join(lines)[-4000:])
        time.sleep(1)
    return server, found["port"], found["token"], lines


def _stop(server: subprocess.Popen[str]) -> None:
    """Stop the server's whole process group by its id."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def _get(port: str, token: str, path: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {token}"})
    deadline = time.monotonic() + 60
    while True:
        try:
            return json.loads(urllib.request.urlopen(request, timeout=10).read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def _check_the_course_is_open(port: str, token: str) -> None:
    lesson = _get(port, token, "/api/contents/00_start_here.ipynb?content=0")
    assert lesson["type"] == "notebook"
    specs = _get(port, token, "/api/kernelspecs")["kernelspecs"]
    assert "inpatient-coder" in specs, sorted(specs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_clone(where: Path) -> Path:
    clone = where / "inpatient-coder-course"
    done = subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return clone


def _newcomer_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
            "JUPYTER_PLATFORM_DIRS": "1"}


def test_the_readme_lists_make_lab_and_make_test() -> None:
    assert _readme_commands() == ["make lab", "make test"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("who", ["root", ORDINARY_USER])
def test_make_lab_on_a_fresh_clone_opens_lesson_00(tmp_path: Path, who: str, request: pytest.FixtureRequest) -> None:
    if os.geteuid() != 0 and who == "root":
        pytest.skip("not running as root here; CI runs as root and tries both")
    who_args = {"user": who} if os.geteuid() == 0 and who != "root" else {}
    if who_args:
        # pytest's own temporary folders are private to root; the user gets a folder it can reach.
        tmp_path = Path(tempfile.mkdtemp(prefix="make-lab-"))
        request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    home = tmp_path / "home"
    home.mkdir()
    clone = _fresh_clone(tmp_path)
    if who_args:
        entry = pwd.getpwnam(who)
        for path in (tmp_path, home, *home.rglob("*"), clone, *clone.rglob("*")):
            os.lchown(path, entry.pw_uid, entry.pw_gid)
    # A user's `make lab`: verbatim, from the clone, with nothing but the system's PATH.
    server, port, token, lines = _serve_until_ready(["make", "lab"], clone, _newcomer_env(home), **who_args)
    try:
        _check_the_course_is_open(port, token)
        text = "".join(lines)
        assert ".venv/bin/course-helpers" in text, "make lab says where the course's command is"
        assert "Traceback" not in text, text[-3000:]
    finally:
        _stop(server)
    assert server.poll() is not None


def test_course_helpers_lab_needs_neither_make_nor_bash(profile: Callable[[str], ProfileEnv]) -> None:
    env = profile("lab")
    # Only the venv's own scripts on PATH: no make, no bash, no sh, as on a Windows laptop.
    fresh_home = env.home.parent / "home-lab-no-make"
    fresh_home.mkdir(exist_ok=True)
    only_venv = env.env(PATH=str(env.bin), HOME=str(fresh_home))
    for tool in ("make", "bash", "sh"):
        assert shutil.which(tool, path=only_venv["PATH"]) is None, tool
    server, port, token, lines = _serve_until_ready(
        [str(env.bin / "course-helpers"), "lab", "--no-browser", "--port", str(_free_port())], fresh_home, only_venv,
        timeout=300,
    )
    try:
        _check_the_course_is_open(port, token)
        assert (fresh_home / "inpatient-coder-course" / "00_start_here.ipynb").is_file()
        assert any("Copied" in line for line in lines), "".join(lines)[-2000:]
    finally:
        _stop(server)
