"""End-to-end tests: the real bot against FakeDiscord, a local Discord protocol server."""
