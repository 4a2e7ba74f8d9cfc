"""The live dataset: the last good data, consistent reloads of changed files, watching."""
