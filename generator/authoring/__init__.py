"""The editor's helpers: starting a new briefing project."""
