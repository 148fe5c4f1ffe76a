"""Durable home of the pool's records: tables, repositories, unit of work, audit chain, engines."""
