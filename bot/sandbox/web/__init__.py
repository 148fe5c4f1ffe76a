"""The sandbox as a product: poolgov in a chat page in the browser, with no Slack at all.

``poolgov sandbox`` (and ``make run`` without Slack tokens) starts :class:`Sandbox`, the stand-in
for Slack with the unchanged bot behind it, and serves the page (:mod:`bot.sandbox.web.app`).
"""
