"""The editors' and admins' tools: new sources from a scaffold, briefers' accounts."""
