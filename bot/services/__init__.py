"""Use cases: each public method is one transaction, raising UserError before it changes anything."""
