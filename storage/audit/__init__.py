"""The audit chain: its arithmetic (``chain``), appends (``log``), verification against the tables
(``verify``), the keys (``keys`` for the older HMAC entries, ``signing`` and ``signing_keys`` for
signed heads), the signed heads themselves (``signed_heads``, ``head_book``) and the ballots a
motion's entries record (``chain_record``)."""
