"""The pool's rules: charter, weights, electorate, counting and the life of a motion.

Pure Python. Nothing here talks to Slack, a database, a scheduler or the clock: every function
takes plain values (``now`` included) and returns results, so auditors can re-count by hand.
"""
