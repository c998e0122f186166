"""Storage adapters: SQLAlchemy Core tables, the database engine, repositories, migrations."""
