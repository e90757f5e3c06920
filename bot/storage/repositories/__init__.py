"""Small modules of parameterised queries with explicit row mappers, one per aggregate."""
