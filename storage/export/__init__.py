"""An auditor's export of one motion: written from the chain (``motion``, ``files``), read back
strictly (``read``) and checked with no database and no secret (``check``)."""
