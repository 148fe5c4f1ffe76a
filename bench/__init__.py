"""``make bench``: a burst of ballot clicks against poolgov over HTTP, beside a no-database floor.

``python -m bench`` runs, for SQLite and PostgreSQL, 1,000 vote clicks from 500 members'
representatives (20% of them exact re-deliveries) over 32 keep-alive connections against a
``PoolBot`` talking to a :class:`~bot.sandbox.FakeSlack`, and the same burst against a floor app
(the same waitress + Bolt + signature verification stack, a listener that only acks and answers).
See :mod:`bench.__main__`.
"""
