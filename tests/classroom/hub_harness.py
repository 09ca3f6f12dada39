"""A real JupyterHub on 127.0.0.1 for the tests: config, start, drive, stop (every process by its id).

Nothing here touches the machine outside one temporary folder: the hub's database, cookie secret, the
learners' homes (SimpleLocalProcessSpawner) and the submission database all live under it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from tests.paths import REPO

WHAT_TO_INSTALL = (
    "the JupyterHub test needs the [hub] extra (pip install -e '.[hub]') and configurable-http-proxy "
    "(make hub-deps, which runs scripts/install-hub-deps.sh with npm)"
)
POSTGRES_TO_INSTALL = "the PostgreSQL test needs PostgreSQL's server binaries: apt-get install -y postgresql"
REQUIRE_VAR = "COURSE_REQUIRE_HUB"


def hub_required() -> bool:
    return os.environ.get(REQUIRE_VAR) == "1"


def find_proxy() -> str | None:
    local = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def free_ports(n: int) -> list[int]:
    import socket

    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def http(method: str, url: str, token: str, body: Any = None, timeout: float = 30) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    try:
        with urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except HTTPError as exc:
        text = exc.read().decode()
        try:
            return exc.code, json.loads(text)
        except ValueError:
            return exc.code, text


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def stop_pid(pid: int, grace: float = 10) -> None:
    """SIGTERM one process by id, then SIGKILL it if it is still there after `grace` seconds."""
    if not pid_alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.1)
    if pid_alive(pid):
        os.kill(pid, signal.SIGKILL)


@dataclass
class Hub:
    root: Path
    url: str
    driver_token: str
    service_url: str
    process: subprocess.Popen | None = None
    pids: dict[str, int] = field(default_factory=dict)

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        return http(method, f"{self.url}/hub/api/{path}", token or self.driver_token, body)

    def log(self) -> str:
        path = self.root / "hub.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.process.returncode}:\n{self.log()}")
            try:
                status, _ = http("GET", f"{self.url}/hub/api", self.driver_token, timeout=2)
                health = http("GET", self.service_url + "api/health", "", timeout=2)
                if status == 200 and health[0] == 200:
                    self.pids["service"] = health[1]["pid"]
                    return
            except (URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"jupyterhub did not answer in {timeout} s:\n{self.log()}")

    def start_server(self, user: str, timeout: float = 180) -> None:
        status, body = self.api("POST", f"users/{user}/server")
        assert status in (201, 202), (status, body)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, model = self.api("GET", f"users/{user}")
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                pid = (server.get("state") or {}).get("pid")
                if pid:
                    self.pids[f"server-{user}"] = int(pid)
                return
            time.sleep(0.5)
        raise RuntimeError(f"{user}'s server did not start in {timeout} s:\n{self.log()}")

    def token_for(self, user: str, scopes: list[str]) -> str:
        status, body = self.api("POST", f"users/{user}/tokens", {"scopes": scopes, "note": "course test"})
        assert status == 201, (status, body)
        return body["token"]

    def stop(self) -> None:
        """Stop the learners' servers through the hub, then the hub; then each recorded pid that is left."""
        if self.process is not None and self.process.poll() is None:
            for name in [k.removeprefix("server-") for k in self.pids if k.startswith("server-")]:
                try:
                    self.api("DELETE", f"users/{name}/server")
                except (URLError, OSError):
                    pass
        proxy_pid_file = self.root / "jupyterhub-proxy.pid"
        if proxy_pid_file.exists():
            self.pids["proxy"] = int(proxy_pid_file.read_text().strip())
        if self.process is not None:
            stop_pid(self.process.pid, grace=20)
            self.process.wait(5)
        for pid in self.pids.values():
            stop_pid(pid)

    def leftovers(self) -> list[str]:
        return [name for name, pid in self.pids.items() if pid_alive(pid)]


def write_config(root: Path, venv_python: Path, proxy: str) -> Hub:
    """A jupyterhub_config.py: dummy authenticator, simple spawner, the course's service, groups and roles."""
    port, hub_port, proxy_api, service_port = free_ports(4)
    driver = uuid.uuid4().hex
    service_url = f"http://127.0.0.1:{service_port}/services/course-submissions/"
    course_cmd = str(venv_python.parent / "course-helpers")
    config = f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{root / 'cookie_secret'}"
c.JupyterHub.log_level = "INFO"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"ann", "ben", "ivy"}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{root / 'homes'}/{{username}}"
c.Spawner.cmd = [{str(venv_python)!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--allow-root", "--ServerApp.open_browser=False"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {{"COURSE_SUBMIT_URL": {service_url!r}}}
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server",
    "access:services!service=course-submissions", "custom:course:submit", "custom:course:review",
]
c.JupyterHub.custom_scopes = {{
    "custom:course:submit": {{"description": "hand in to the course's collection service"}},
    "custom:course:review": {{"description": "list and download every learner's hand-ins"}},
}}
c.JupyterHub.load_groups = {{"learners": {{"users": ["ann", "ben"]}}, "instructors": {{"users": ["ivy"]}}}}
c.JupyterHub.load_roles = [
    {{"name": "course-learner", "groups": ["learners"],
      "scopes": ["access:services!service=course-submissions", "custom:course:submit"]}},
    {{"name": "course-instructor", "groups": ["instructors"],
      "scopes": ["access:services!service=course-submissions", "custom:course:review"]}},
    {{"name": "test-driver", "services": ["test-driver"],
      "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers", "tokens", "list:users",
                 "read:users", "admin:groups"]}},
]
c.JupyterHub.services = [
    {{"name": "course-submissions", "url": "http://127.0.0.1:{service_port}",
      "command": [{course_cmd!r}, "serve", "--db-url", "sqlite:///{root / 'submissions.sqlite'}",
                  "--max-bytes", "2000000"]}},
    {{"name": "test-driver", "api_token": {driver!r}}},
]
"""
    (root / "jupyterhub_config.py").write_text(config, encoding="utf-8")
    return Hub(root=root, url=f"http://127.0.0.1:{port}", driver_token=driver, service_url=service_url)


def start_hub(hub: Hub) -> None:
    log = (hub.root / "hub.log").open("w")
    # no PYTHONPATH either: the spawner keeps it (env_keep), and a checkout on it would replace the installed wheel
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "COURSE_")) and k != "PYTHONPATH"}
    hub.process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(hub.root / "jupyterhub_config.py")],
        cwd=hub.root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    hub.pids["hub"] = hub.process.pid


def run_in_kernel(hub: Hub, user: str, code: str, timeout: float = 120) -> str:
    """Run `code` in a new kernel on `user`'s server (through the proxy); return its stdout, or raise on error."""
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, kernel = http("POST", f"{hub.url}/user/{user}/api/kernels", hub.driver_token, {"name": "python3"})
    assert status == 201, (status, kernel)

    async def go() -> str:
        ws_url = hub.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel['id']}/channels"
        conn = await websocket_connect(
            HTTPRequest(ws_url, headers={"Authorization": f"token {hub.driver_token}"}, connect_timeout=30)
        )
        msg_id, session = uuid.uuid4().hex, uuid.uuid4().hex
        conn.write_message(
            json.dumps(
                {
                    "header": {"msg_id": msg_id, "username": "test", "session": session,
                               "msg_type": "execute_request", "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                                "allow_stdin": False, "stop_on_error": True},
                }
            )
        )
        out: list[str] = []
        error = None
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout)
            if raw is None:
                raise RuntimeError("the kernel connection closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = "\n".join(msg["content"]["traceback"])
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        conn.close()
        if error:
            raise RuntimeError(f"kernel error on {user}'s server:\n{error}")
        return "".join(out)

    try:
        return asyncio.run(go())
    finally:
        http("DELETE", f"{hub.url}/user/{user}/api/kernels/{kernel['id']}", hub.driver_token)


@contextmanager
def running(hub: Hub) -> Iterator[Hub]:
    """Start the hub, wait until it answers, and stop it afterwards, checking that no process is left behind."""
    start_hub(hub)
    try:
        hub.wait_until_up()
        yield hub
    finally:
        hub.stop()
        assert hub.leftovers() == [], f"processes still running: {hub.leftovers()}"
