"""End-to-end tests: the bot and its sandbox Slack over real local HTTP."""
