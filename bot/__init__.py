"""The running process: settings, composition root, Slack listeners, scheduler jobs and the CLI."""
