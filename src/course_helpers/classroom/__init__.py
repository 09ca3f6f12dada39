"""Delivery on JupyterHub: the collection service that receives hand-ins, its storage, and the learner's client.

- `storage`: every submission as received (raw JSON, the hub user name, the service's clock), in SQLAlchemy
  (SQLite by default, PostgreSQL for a hub with several replicas).
- `service`: the tornado app the hub runs as a managed service (`course-helpers serve`); the hub checks
  each caller's token (jupyterhub's `HubAuth`) and scopes granted through hub groups decide who may do what.
- `client`: `submit()` from a notebook or `course-helpers submit`, authenticated with `JUPYTERHUB_API_TOKEN`.
"""
