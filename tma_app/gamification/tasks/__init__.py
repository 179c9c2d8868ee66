"""Daily tasks: the same small set each local day, paid once per day through the ledger."""
