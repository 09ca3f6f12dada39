"""The hub configuration shown in docs/deployment.md loads in JupyterHub's own config loader."""

from __future__ import annotations

import re
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
