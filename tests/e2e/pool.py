"""The e2e pool: Acme, Beta, Gamma and Delta, an operator, a supervisor, and their Slack users."""

from __future__ import annotations

from bot.sandbox import FakeUser

OPERATOR = "U0OPS1"
SUPERVISOR = "U0SUPER1"
OUTSIDER = "U0NOBODY"
GOVERNANCE = "C0GOVERN"
ACME, BETA, GAMMA, DELTA = "U0ACME1", "U0BETA1", "U0GAMMA1", "U0DELTA1"
ACME_DEPUTY = "U0ACME2"
NEWCO = "U0NEWCO1"

USERS = [
    FakeUser(user, real_name=name)
    for user, name in [
        (OPERATOR, "Olga Operator"),
        (SUPERVISOR, "Sam Supervisor"),
        (OUTSIDER, "Nadia Nobody"),
        (ACME, "Ann Acme"),
        (ACME_DEPUTY, "Dan Acme"),
        (BETA, "Ben Beta"),
        (GAMMA, "Gus Gamma"),
        (DELTA, "Dee Delta"),
        (NEWCO, "Nia Newco"),
    ]
]

CHARTER = f"""\
version: 1
pool:
  name: E2E Codec Pool
  timezone: Asia/Shanghai
operator:
  name: PoolOps Co.
  users: [{OPERATOR}]
supervisors:
  users: [{SUPERVISOR}]
  channel: G0SUPERVISE
members:
  - {{id: acme, name: Acme Corp, patents: 40, representatives: [{ACME}, {ACME_DEPUTY}]}}
  - {{id: beta, name: Beta Ltd, patents: 30, representatives: [{BETA}]}}
  - {{id: gamma, name: Gamma GmbH, patents: 20, representatives: [{GAMMA}]}}
  - {{id: delta, name: Delta SA, patents: 10, representatives: [{DELTA}]}}
weights:
  basis: patents
motions:
  default: {{voting_period: 7d, quorum: 1/2, threshold: 1/2}}
  admission: {{threshold: 2/3, threshold_rule: at_least}}
  withdrawal: {{recuse: [subject]}}
  expulsion: {{threshold: 3/4, threshold_rule: at_least, recuse: [subject]}}
  fee_change: {{quorum: 2/3, threshold: 2/3, threshold_rule: at_least}}
  distribution_change: {{threshold: 2/3, threshold_rule: at_least}}
  charter_amendment: {{threshold: 3/4, threshold_of: eligible, threshold_rule: at_least}}
  general: {{allow_change: true}}
"""
