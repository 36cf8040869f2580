"""The sync and REST contract shared by the desktop client and the reference server."""

CONTRACT_VERSION = 1
"""Bumped when a message changes shape; the server rejects clients below its minimum."""

API_PREFIX = "/v1"
