"""Small charters written out in full, so every expected number can be worked out by hand."""

from __future__ import annotations

# Acme 60, Beta 30, Gamma 10 patents, no cap: weights 3/5, 3/10, 1/10.
THREE_MEMBERS = """\
version: 1
pool: {name: Test Pool, timezone: Europe/Berlin}
operator: {name: Ops, users: [U0OPS1]}
supervisors: {users: [U0SUP1]}
members:
  - {id: acme, name: Acme Corp, patents: 60, representatives: [U0ACME1]}
  - {id: beta, name: Beta Ltd, patents: 30, representatives: [U0BETA1]}
  - {id: gamma, name: Gamma GmbH, patents: 10, representatives: [U0GAMMA1]}
weights: {basis: patents}
motions:
  default: {quorum: 1/2, threshold: 1/2}
  expulsion: {threshold: 3/4, threshold_rule: at_least, recuse: [subject]}
"""

# Acme 80, Beta 15, Gamma 5 patents with cap 1/2: Acme held at 1/2, the rest split 15:5,
# so Beta 3/8 and Gamma 1/8.
CAPPED = """\
version: 1
pool: {name: Capped Pool, timezone: Asia/Shanghai}
operator: {name: Ops, users: [U0OPS1]}
supervisors: {users: [U0SUP1]}
members:
  - {id: acme, name: Acme Corp, patents: 80}
  - {id: beta, name: Beta Ltd, patents: 15}
  - {id: gamma, name: Gamma GmbH, patents: 5}
weights: {basis: patents, cap: 1/2}
motions:
  default: {quorum: 1/2, quorum_members: 2/3}
"""
