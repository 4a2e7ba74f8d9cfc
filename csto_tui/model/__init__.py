"""Headless data model: records, EDTF dates, registries. Never imports Textual."""
