"""What ``poolgov audit verify`` prints, in English as before and in Chinese."""

from __future__ import annotations

import pytest

from bot.i18n import Language, speaking
from bot.verify_report import verify_report
from storage.audit.chain import Verified
from storage.audit.verify import Checked
from tests.catalog_fragments import with_incoming_translations


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    with_incoming_translations(monkeypatch)


CLEAN = Checked(Verified(12, "ab12"), {"motions": 3, "ballots": 9})
DIRTY = Checked(Verified(12, "ab12"), {"motions": 3}, found=4, underived=(7, 9))


def test_the_verify_report_in_english() -> None:
    assert list(verify_report(CLEAN)) == [
        "rows compared with the chain: motions 3, ballots 9",
        "every table is what the chain records",
    ]
    assert list(verify_report(DIRTY)) == [
        "rows compared with the chain: motions 3",
        "rules not re-derivable from the chain, so not compared, for motions 7, 9",
        "4 finding(s): the tables differ from the chain",
        "  … and 4 more",
    ]


def test_the_verify_report_in_chinese() -> None:
    with speaking(Language.ZH_HANS):
        assert list(verify_report(CLEAN)) == [
            "已与审计链比对的行数：motions 3、ballots 9",
            "各数据表均与审计链的记录一致",
        ]
        assert list(verify_report(DIRTY)) == [
            "已与审计链比对的行数：motions 3",
            "下列议案的表决规则无法由审计链重新推导，故未比对：7、9",
            "发现4处不一致：数据表与审计链的记录不符",
            "  ……另有4处",
        ]
