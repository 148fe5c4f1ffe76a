"""The one exception the fake raises inside a Web API method: Slack's `{"ok": false}` answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ApiError(Exception):
    """A Web API call Slack would refuse, carrying the `error` code Slack would return.

    `messages` become `response_metadata.messages` (Slack's own detail lines, such as
    `[ERROR] missing required field: channel`); `status` is the HTTP status of the answer.
    """

    def __init__(
        self,
        error: str,
        messages: Sequence[str] = (),
        status: int = 200,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = tuple(messages)
        self.status = status
        self.fields = dict(fields or {})  # e.g. `needed` and `provided` of `missing_scope`

    def __str__(self) -> str:
        if not self.messages:
            return self.error
        return f"{self.error}: {'; '.join(self.messages)}"

    def body(self) -> dict[str, object]:
        """The JSON body Slack answers with."""
        body: dict[str, object] = {"ok": False, "error": self.error, **self.fields}
        if self.messages:
            body["response_metadata"] = {"messages": list(self.messages)}
        return body
