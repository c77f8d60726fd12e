"""The member ledger (党员台账): members, personal data, transfers, leaving, statistics."""
