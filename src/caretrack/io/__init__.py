"""Readers and writers: SSDA903 CSV and XML, operational CSV, Parquet."""
