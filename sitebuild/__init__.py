"""The build (build/), its checks (checks/), the state kept between builds (state/),
publishing (publish.py), and the editors' and admins' tools (tools/)."""
