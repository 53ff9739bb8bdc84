"""Local fakes of external services (they speak the real protocols over HTTP; nothing of ours is mocked)."""
