"""The hub configuration shown in docs/deployment.md loads in JupyterHub's own config loader."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.paths import REPO

pytest.importorskip("jupyterhub", reason="needs the [hub] extra: pip install -e '.[hub]'")


def test_the_documented_hub_config_loads_in_jupyterhub(tmp_path: Path) -> None:
    from jupyterhub.app import JupyterHub
    from traitlets.config.loader import PyFileConfigLoader

    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    config_blocks = [b for b in blocks if "c.JupyterHub.services" in b]
    assert len(config_blocks) == 1, "docs/deployment.md should show one jupyterhub_config.py for the service"
    (tmp_path / "jupyterhub_config.py").write_text(config_blocks[0], encoding="utf-8")
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(tmp_path)).load_config()
    hub = JupyterHub(config=config)
    (service,) = hub.services
    assert service["command"][:2] == ["course-helpers", "serve"]
    assert set(hub.custom_scopes) == {"custom:course:submit", "custom:course:review"}
    scopes = {role["name"]: set(role["scopes"]) for role in hub.load_roles}
    assert "custom:course:submit" in scopes["course-learner"] and "custom:course:review" in scopes["course-instructor"]
    assert "custom:course:review" not in scopes["course-learner"]
    from course_helpers.classroom.service import REVIEW_SCOPE, SERVICE_NAME, SUBMIT_SCOPE

    assert service["name"] == SERVICE_NAME and {SUBMIT_SCOPE, REVIEW_SCOPE} == set(hub.custom_scopes)


# --- The shipped deployment files: deploy/tljh/, deploy/z2jh-values.yaml, deploy/Dockerfile ---------------------

DEPLOY = REPO / "deploy"
SERVICE_URL_PATH = "/services/course-submissions/"


def _check_course_hub(hub, where: str) -> None:
    """What every deployment must give the hub, checked with JupyterHub's own scope and role validators."""
    from jupyterhub.roles import _validate_role_name
    from jupyterhub.scopes import _check_scopes_exist, define_custom_scopes

    from course_helpers.classroom.live_handlers import TEACH_SCOPE
    from course_helpers.classroom.service import REVIEW_SCOPE, SERVICE_NAME, SUBMIT_SCOPE
    from course_helpers.cli import build_parser

    services = {s["name"]: s for s in hub.services}
    assert SERVICE_NAME in services, f"{where}: no {SERVICE_NAME} service"
    service = services[SERVICE_NAME]
    command = service["command"]
    assert Path(command[0]).name == "course-helpers" and command[1] == "serve", f"{where}: {command}"
    args = build_parser(only="serve").parse_args(command[1:])  # the flags are the command's real flags
    assert args.db_url and args.db_url.startswith(("sqlite:////", "postgresql")), f"{where}: {args.db_url}"
    assert service["url"].startswith("http://"), where
    define_custom_scopes(hub.custom_scopes)
    assert set(hub.custom_scopes) == {SUBMIT_SCOPE, REVIEW_SCOPE, TEACH_SCOPE}, where
    roles = {role["name"]: role for role in hub.load_roles}
    for role in roles.values():
        _validate_role_name(role["name"])
        _check_scopes_exist(role["scopes"], who_for=f"role {role['name']} in {where}")
    learner, instructor = roles["course-learner"], roles["course-instructor"]
    assert learner["groups"] == ["learners"] and instructor["groups"] == ["instructors"], where
    assert SUBMIT_SCOPE in learner["scopes"] and REVIEW_SCOPE not in learner["scopes"], where
    assert REVIEW_SCOPE in instructor["scopes"] and SUBMIT_SCOPE not in instructor["scopes"], where
    for role in (learner, instructor):
        assert f"access:services!service={SERVICE_NAME}" in role["scopes"], where
    assert set(hub.load_groups) >= {"learners", "instructors"}, where
    # live sessions (docs/live-sessions.md): instructors teach the learners' group, and only that group;
    # learners teach nothing; the class view's OAuth token may carry the teach scope
    teach = [s for s in instructor["scopes"] if s.split("!")[0] == TEACH_SCOPE]
    assert teach == [f"{TEACH_SCOPE}!group=learners"], (where, teach)
    assert not any(s.startswith(TEACH_SCOPE) for s in learner["scopes"]), where
    assert service.get("oauth_no_confirm") is True, where
    assert TEACH_SCOPE in service.get("oauth_client_allowed_scopes", []), where
    _check_scopes_exist(service["oauth_client_allowed_scopes"], who_for=f"the service's OAuth client in {where}")


def _load(config_dir: Path):
    from jupyterhub.app import JupyterHub
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyterhub_config.py", path=str(config_dir)).load_config()
    return JupyterHub(config=config), config


def test_the_tljh_snippet_loads_after_tljhs_own_config(tmp_path: Path) -> None:
    from jupyterhub.scopes import _check_scopes_exist

    snippet = DEPLOY / "tljh" / "course_submissions.py"
    (tmp_path / "jupyterhub_config.d").mkdir()
    shutil.copy(snippet, tmp_path / "jupyterhub_config.d" / snippet.name)
    # as TLJH does: its own settings first (here: a service and spawner environment of its own), then every
    # snippet in jupyterhub_config.d, each through load_subconfig
    (tmp_path / "jupyterhub_config.py").write_text(
        "c.JupyterHub.services = [{'name': 'cull-idle', 'command': ['python3', '-m', 'jupyterhub_idle_culler']}]\n"
        "c.Spawner.environment = {'TLJH_OWN': '1'}\n"
        "import glob, os\n"
        "for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), 'jupyterhub_config.d', '*.py'))):\n"
        "    load_subconfig(path)\n",
        encoding="utf-8",
    )
    hub, config = _load(tmp_path)
    _check_course_hub(hub, "deploy/tljh")
    assert [s["name"] for s in hub.services] == ["cull-idle", "course-submissions"]  # appended, not replaced
    service = hub.services[1]
    assert service["command"][0] == "/opt/tljh/user/bin/course-helpers"
    db_url = service["command"][service["command"].index("--db-url") + 1]
    assert db_url.startswith("sqlite:////var/lib/course-submissions/")
    assert service["user"] == "course-submissions"  # issue 21: never as root (the hub runs as root on TLJH)
    env = config.Spawner.environment
    assert env["TLJH_OWN"] == "1" and env["COURSE_SUBMIT_URL"] == f"{service['url']}{SERVICE_URL_PATH}"
    _check_scopes_exist(config.Spawner.server_token_scopes)


def _z2jh_config(values: dict, secret: str) -> str:
    """The parts of z2jh's own jupyterhub_config.py that turn these values into hub config (chart 3.x/4.x:
    hub.services and hub.loadRoles are dicts keyed by name; the chart makes each service's API token;
    hub.extraConfig snippets run in key order; singleuser.extraEnv becomes the spawner's environment)."""
    return (
        "import json\n"
        f"values = json.loads({json.dumps(json.dumps(values))})\n"
        "hub = values.get('hub', {})\n"
        "for key, service in hub.get('services', {}).items():\n"
        "    service.setdefault('name', key)\n"
        "    service.pop('apiToken', None)\n"
        f"    service['api_token'] = {secret!r}\n"
        "    c.JupyterHub.services.append(service)\n"
        "for key, role in hub.get('loadRoles', {}).items():\n"
        "    role.setdefault('name', key)\n"
        "    c.JupyterHub.load_roles.append(role)\n"
        "c.KubeSpawner.environment = values.get('singleuser', {}).get('extraEnv', {})\n"
        "for key, config_py in sorted(hub.get('extraConfig', {}).items()):\n"
        "    exec(config_py)\n"
    )


def test_the_z2jh_values_load_as_the_chart_feeds_them_to_jupyterhub(tmp_path: Path) -> None:
    from urllib.parse import urlparse

    import yaml
    from jupyterhub.scopes import _check_scopes_exist

    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    (tmp_path / "jupyterhub_config.py").write_text(_z2jh_config(values, "chart-made-token"), encoding="utf-8")
    hub, config = _load(tmp_path)
    _check_course_hub(hub, "deploy/z2jh-values.yaml")
    (service,) = hub.services
    assert service["api_token"] == "chart-made-token"
    args = (
        __import__("course_helpers.cli", fromlist=["build_parser"])
        .build_parser(only="serve")
        .parse_args(service["command"][1:])
    )
    port = urlparse(service["url"]).port
    assert args.ip == "0.0.0.0" and args.port == port  # listens where the hub and the learners look for it
    assert args.db_url.startswith("sqlite:////srv/jupyterhub/")  # on the hub pod's persistent volume
    _check_scopes_exist(config.Spawner.server_token_scopes)
    submit_url = urlparse(config.KubeSpawner.environment["COURSE_SUBMIT_URL"])
    assert (submit_url.hostname, submit_url.port, submit_url.path) == ("hub", port, SERVICE_URL_PATH)
    assert {p["port"] for p in values["hub"]["service"]["extraPorts"]} == {port}  # the hub Service exposes it
    assert [p["port"] for rule in values["hub"]["networkPolicy"]["ingress"] for p in rule["ports"]] == [port]
    assert values["singleuser"]["image"]["name"].endswith("-user") and values["hub"]["image"]["name"].endswith("-hub")


def _stages(dockerfile: str) -> dict[str, list[str]]:
    """Each build stage's instructions (continuation lines joined), keyed by the stage name."""
    text = re.sub(r"\\\n\s*", " ", dockerfile)
    stages: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)$", line, flags=re.I)
        if match:
            current = match.group(2)
            stages[current] = [line]
        elif current is not None:
            stages[current].append(line)
    return stages


def _pip_extras(instructions: list[str], source: str = "/tmp/course-src") -> set[str]:
    pip = [line for line in instructions if "pip install" in line]
    assert len(pip) == 1, pip
    match = re.search(rf'"{re.escape(source)}\[([a-z,]+)\]"', pip[0])
    assert match, f"the pip line should install {source} with extras: {pip[0]}"
    return set(match.group(1).split(","))


LEARNERS_WHEEL = "$(echo /tmp/learner/course_helpers-*+learners-py3-none-any.whl)"


def test_the_dockerfile_installs_the_course_with_the_right_extras_and_kernel() -> None:
    import tomllib

    extras = set(
        tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    )
    stages = _stages((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    assert list(stages)[-1] == "user", "the learners' image is the default (last) target"
    user, hub, learners = stages["user"], stages["hub"], stages["learners"]
    assert user[0].split()[1].startswith("quay.io/jupyter/scipy-notebook:")
    assert hub[0].split()[1].startswith("quay.io/jupyterhub/k8s-hub:")
    # The learners' build: release and drop the key in one RUN (one layer that never holds it), in a stage that
    # is never shipped; the user image copies only the learner/ folder and never the course's source
    runs = [line for line in learners if line.startswith("RUN ")]
    assert len(runs) == 1 and "course-helpers release --out /tmp/release" in runs[0]
    assert "rm -rf /tmp/release/instructor" in runs[0]
    copies = [line for line in user if line.startswith("COPY ")]
    assert copies and all("--from=learners" in c and c.split()[-2] == "/tmp/release/learner/" for c in copies), copies
    # The lessons' packages and the hand-in client from the learners' wheel; never the hub stack in a learner's image
    assert _pip_extras(user, LEARNERS_WHEEL) == {"kernel"} and "kernel" in extras
    assert any("nbgitpuller" in line for line in user if "pip install" in line), "the course link needs nbgitpuller"
    assert _pip_extras(hub) == {"hub"}  # the service's storage and jupyterhub
    kernel = json.loads((REPO / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))["metadata"][
        "kernelspec"
    ]["name"]
    from course_helpers.commands.lab import KERNEL_NAME

    assert KERNEL_NAME == kernel and any("course-helpers lab --kernel-only" in line for line in user), "the kernel"
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "node_modules"} <= set(ignored)
    # what an instructor keeps beside the course never reaches the build context
    assert {"release-*/", "**/key.json", "feedback/", "exports/", "*.zip"} <= set(ignored)


def test_the_tljh_install_line_in_the_docs_names_real_extras() -> None:
    import tomllib

    extras = set(
        tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    )
    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    lines = re.findall(r'sudo -E /opt/tljh/user/bin/pip install "course-helpers\[([a-z,]+)\] @ [^"]+"', text)
    assert lines, "docs/deployment.md should show the TLJH install line"
    for named in lines:
        assert {"lab", "hub"} <= set(named.split(",")) <= extras
    # learners on TLJH share /opt/tljh/user: it gets the learners' wheel `release` wrote, never the repository
    urls = re.findall(r'sudo -E /opt/tljh/user/bin/pip install "course-helpers\[[a-z,]+\] @ ([^"]+)"', text)
    snippet = (DEPLOY / "tljh" / "course_submissions.py").read_text(encoding="utf-8")
    urls += re.findall(r'pip install "course-helpers\[[a-z,]+\] @ ([^"]+)"', snippet)
    assert len(urls) >= 2 and all(u.startswith("file://") and u.endswith("+learners-py3-none-any.whl") for u in urls)
    assert "deploy/tljh/course_submissions.py" in text and "deploy/z2jh-values.yaml" in text
    assert "deploy/Dockerfile" in text


def test_the_z2jh_values_open_the_service_port_through_the_charts_default_network_policies() -> None:
    """Issue 21: the chart's singleuser egress allows the hub pod on 8081 only (privateIPs egress is off by
    default since chart 2), and the proxy's egress likewise; both need the service port (the chart's own
    managed-service example, docs/source/administrator/services.md, adds the proxy rule)."""
    import yaml

    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    hub_pod = {"app": "jupyterhub", "component": "hub"}  # legacy labels, on the hub pod in every chart version

    def opens_service_port(rules: list[dict]) -> bool:
        return any(
            {p.get("port") for p in rule.get("ports", [])} == {10101}
            and any(t.get("podSelector", {}).get("matchLabels") == hub_pod for t in rule.get("to", []))
            for rule in rules
        )

    assert opens_service_port(values["singleuser"]["networkPolicy"]["egress"])
    assert opens_service_port(values["proxy"]["chp"]["networkPolicy"]["egress"])
    ingress = values["hub"]["networkPolicy"]["ingress"]
    assert any({p["port"] for p in rule["ports"]} == {10101} for rule in ingress)
    assert values["singleuser"]["extraEnv"]["COURSE_SUBMIT_URL"].startswith("http://hub:10101/")
