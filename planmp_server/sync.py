"""Sync endpoints' logic: push (sync_push) and pull (sync_pull), re-exported here."""

from planmp_server.sync_pull import pull_changes
from planmp_server.sync_push import push_mutations

__all__ = ["pull_changes", "push_mutations"]
