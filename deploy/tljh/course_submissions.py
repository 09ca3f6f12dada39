# The course's hand-in service on The Littlest JupyterHub.
#
# Copy this file into /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload hub`.
# TLJH loads every *.py there after its own configuration. The course must be installed in the user
# environment first, from the learners' wheel that `course-helpers release` writes (docs/deployment.md,
# "The Littlest JupyterHub"): the repository itself carries every exam answer, and every learner reads /opt/tljh/user.
#   sudo -E /opt/tljh/user/bin/pip install "course-helpers[lab,hub] @ file:///home/INSTRUCTOR/release-TERM/learner/course_helpers-VERSION+learners-py3-none-any.whl"
# The service runs as its own unprivileged system user, never as root (the hub runs as root on TLJH and
# starts it as SERVICE_USER); create that user and its folder once:
#   sudo useradd --system --home-dir /var/lib/course-submissions --create-home --shell /usr/sbin/nologin course-submissions
#   sudo chmod 700 /var/lib/course-submissions
c = get_config()  # noqa: F821 (TLJH's config loader provides get_config)

SERVICE = "course-submissions"
SERVICE_USER = "course-submissions"  # the system user made above: owns the hand-in database, nothing else
DATA = "/var/lib/course-submissions"  # its home; the database lives here (back it up: docs/deployment.md)
PORT = 10101  # the service listens on 127.0.0.1:PORT; learners' servers run on the same machine
USER_ENV = "/opt/tljh/user/bin"  # TLJH's shared user environment, where the course is installed

c.JupyterHub.services.append(
    {
        "name": SERVICE,
        "url": f"http://127.0.0.1:{PORT}",
        "user": SERVICE_USER,  # JupyterHub switches to this user before starting the command
        "cwd": DATA,
        "command": [
            f"{USER_ENV}/course-helpers",
            "serve",
            "--db-url",
            f"sqlite:///{DATA}/course_submissions.sqlite",
            "--rate-per-minute=10",  # per learner; see docs/deployment.md, "Limits"
            "--quota-bytes=50000000",
        ],
        # live sessions: the instructor's browser signs in to the class view with the hub's OAuth, and its
        # token must carry the teach scope (docs/live-sessions.md)
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": ["custom:course:teach", "custom:course:review"],
    }
)
c.JupyterHub.custom_scopes = {
    "custom:course:submit": {"description": "hand in to the course's collection service"},
    "custom:course:review": {"description": "list and download every learner's hand-ins"},
    "custom:course:teach": {"description": "run live sessions of a class group"},
}
# Put learners and instructors in these groups on the hub's admin page (or list them here).
c.JupyterHub.load_groups = {"learners": {"users": []}, "instructors": {"users": []}}
c.JupyterHub.load_roles.extend(
    [
        {
            "name": "course-learner",
            "groups": ["learners"],
            "scopes": [f"access:services!service={SERVICE}", "custom:course:submit"],
        },
        {
            "name": "course-instructor",
            "groups": ["instructors"],
            # live sessions of the learners' group (one role per class group for several classes:
            # custom:course:teach!group=CLASS for that class's instructors; docs/live-sessions.md)
            "scopes": [
                f"access:services!service={SERVICE}",
                "custom:course:review",
                "custom:course:teach!group=learners",
            ],
        },
    ]
)
# The token in each learner's server may carry the course scopes (each user gets only those they hold).
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    f"access:services!service={SERVICE}",
    "custom:course:submit",
    "custom:course:review",
]
# Where `submit()` in a learner's kernel sends hand-ins.
c.Spawner.environment.update({"COURSE_SUBMIT_URL": f"http://127.0.0.1:{PORT}/services/{SERVICE}/"})
