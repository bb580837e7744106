"""NEW_UNEMPLOYMENT's planted households: registering as unemployed counts only after work,
and only with both HR months delivered."""

from __future__ import annotations

import pytest
from oracle_cases import MONTHS, context, planted, verdicts, without

from synthetic.vocab import EMPLOYED, NONE, UNEMPLOYED

pytestmark = pytest.mark.unit

P = len(MONTHS) - 1


def test_registers_after_work_fires_after_idleness_does_not():
    ctx = context()
    fire, control = planted("NEW_UNEMPLOYMENT", ctx)
    assert [fire.members[0].status[t] for t in (P - 1, P)] == [EMPLOYED, UNEMPLOYED]
    assert [control.members[0].status[t] for t in (P - 1, P)] == [NONE, UNEMPLOYED]
    assert verdicts(fire, ctx)[0] == [MONTHS[-1]]
    fires, quiet = verdicts(control, ctx)
    assert fires == [] and MONTHS[-1] in quiet


@pytest.mark.parametrize("month", [MONTHS[-2], MONTHS[-1]])
def test_needs_both_hr_months(month):
    ctx = context()
    for hh in planted("NEW_UNEMPLOYMENT", ctx):
        fires, quiet = verdicts(hh, ctx, without(ctx, "human_resources", month))
        assert MONTHS[-1] not in fires + quiet
