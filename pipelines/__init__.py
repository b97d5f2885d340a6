"""Extract and store: reading pages into articles and dated quotations, and writing Parquet."""
