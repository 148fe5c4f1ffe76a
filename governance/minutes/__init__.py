"""Minutes that are reviewed, approved and locked: draft → circulated → approved → locked."""
