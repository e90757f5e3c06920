"""Storage: one schema for SQLite and PostgreSQL, versioned migrations, small repositories."""
