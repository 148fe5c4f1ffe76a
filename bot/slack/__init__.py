"""Slack surfaces: listeners (one module per surface), Block Kit rendering and replies."""
