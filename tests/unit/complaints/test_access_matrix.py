"""Who may read, unmask and act on a complaint: the whole matrix, written out as a table.

Each action cell is checked twice: ``can_act`` on a complaint in a status the action follows, and
the lifecycle step itself (done, or refused with :class:`NotAuthorised`). They must agree.
"""

from __future__ import annotations

import pytest

from governance.complaints import (
    Complaint,
    ComplaintAction,
    Viewer,
    can_act,
    can_read_content,
    can_see_complaints,
    can_see_filer,
    message_summary,
    viewer_of,
    visible_summary,
)
from governance.errors import NotAuthorised
from tests.unit.complaints.cast import (
    FILER,
    OPERATOR,
    OTHER_SUPERVISOR,
    OUTSIDER,
    REPRESENTATIVE,
    answered,
    escalated,
    filed,
    perform,
)
from tests.unit.governance.pool import charter

# Y: allowed, -: refused. Actions are judged on a complaint in a status the action follows.
TABLE = """
role              complaint  read  filer  acknowledge  answer  accept  reject  to_motion
non_member        named      -     -      -            -       -       -       -
non_member        anonymous  -     -      -            -       -       -       -
representative    named      -     -      -            -       -       -       -
representative    anonymous  -     -      -            -       -       -       -
filer             named      Y     Y      -            -       Y       Y       Y
filer             anonymous  Y     Y      -            -       Y       Y       Y
other_supervisor  named      Y     Y      -            -       Y       Y       Y
other_supervisor  anonymous  Y     Y      -            -       Y       Y       Y
operator          named      Y     Y      Y            Y       -       -       -
operator          anonymous  Y     -      Y            Y       -       -       -
"""

ROLES = {
    "non_member": OUTSIDER,
    "representative": REPRESENTATIVE,
    "filer": FILER,
    "other_supervisor": OTHER_SUPERVISOR,
    "operator": OPERATOR,
}
READY_FOR = {  # a complaint each action can follow
    ComplaintAction.ACKNOWLEDGE: filed,
    ComplaintAction.ANSWER: filed,
    ComplaintAction.ACCEPT: answered,
    ComplaintAction.REJECT: answered,
    ComplaintAction.TO_MOTION: escalated,
}


def parse(table: str) -> tuple[list[str], list[tuple[str, bool, dict[str, bool]]]]:
    header, *rows = (line.split() for line in table.strip().splitlines())
    columns = header[2:]
    parsed = [
        (role, kind == "anonymous", dict(zip(columns, (c == "Y" for c in cells), strict=True)))
        for role, kind, *cells in rows
    ]
    return columns, parsed


COLUMNS, ROWS = parse(TABLE)
CELLS = [
    pytest.param(role, anonymous, column, expected, id=f"{role}-{anonymous=}-{column}")
    for role, anonymous, row in ROWS
    for column, expected in row.items()
]


def test_the_table_covers_every_role_every_kind_and_every_action():
    assert ["read", "filer", *(a.value for a in ComplaintAction)] == COLUMNS
    assert {(role, anonymous) for role, anonymous, _ in ROWS} == {
        (role, anonymous) for role in ROLES for anonymous in (False, True)
    }


def allowed(viewer: Viewer, complaint: Complaint, column: str) -> bool:
    if column == "read":
        return can_read_content(viewer, complaint)
    if column == "filer":
        return can_see_filer(viewer, complaint)
    return can_act(viewer, complaint, ComplaintAction(column))


@pytest.mark.parametrize(("role", "anonymous", "column", "expected"), CELLS)
def test_the_rules_match_the_table(role, anonymous, column, expected):
    viewer = ROLES[role]
    if column in ("read", "filer"):
        assert allowed(viewer, filed(anonymous=anonymous), column) is expected
        return
    complaint = READY_FOR[ComplaintAction(column)](anonymous=anonymous)

    assert allowed(viewer, complaint, column) is expected
    if expected:
        assert perform(ComplaintAction(column), complaint, viewer) != complaint
    else:
        with pytest.raises(NotAuthorised):
            perform(ComplaintAction(column), complaint, viewer)


@pytest.mark.parametrize(("role", "anonymous", "row"), ROWS)
def test_a_views_summary_names_the_filer_only_to_those_the_table_allows(role, anonymous, row):
    viewer, complaint = ROLES[role], escalated(anonymous=anonymous)

    if not row["read"]:
        assert not can_see_complaints(viewer)
        with pytest.raises(NotAuthorised, match="Only the supervisors and the operator may see"):
            visible_summary(complaint, viewer)
        return
    summary = visible_summary(complaint, viewer)
    assert ("filed_by" in summary) is row["filer"]
    assert summary.get("filed_by", "U0SUPER1") == "U0SUPER1"
    assert {k: v for k, v in summary.items() if k != "filed_by"} == message_summary(complaint)


def test_a_message_carries_only_the_id_category_status_and_deadlines():
    assert message_summary(filed(anonymous=False)) == {
        "id": "c-1",
        "category": "revenue_distribution",
        "status": "filed",
        "acknowledge_by": "2027-03-04T09:00:00+00:00",
        "respond_by": "2027-03-15T09:00:00+00:00",
    }


def test_a_user_listed_as_operator_and_supervisor_never_unmasks_an_anonymous_filer():
    both = Viewer("U0BOTH", is_operator=True, is_supervisor=True)

    assert not can_see_filer(both, filed(anonymous=True))
    assert "filed_by" not in visible_summary(filed(anonymous=True), both)
    assert can_read_content(both, filed(anonymous=True))
    assert not can_act(both, answered(), ComplaintAction.ACCEPT)
    assert can_act(both, filed(), ComplaintAction.ACKNOWLEDGE)


def test_the_charter_names_the_roles():
    pool = charter()

    assert viewer_of(pool, "U0SUPER1") == Viewer("U0SUPER1", is_supervisor=True)
    assert viewer_of(pool, "U0OPERATOR1") == Viewer("U0OPERATOR1", is_operator=True)
    assert viewer_of(pool, "U0ACME1") == Viewer("U0ACME1", member_id="acme")
    assert viewer_of(pool, "U0NOBODY") == Viewer("U0NOBODY")
