"""Small shared pieces: settings helpers, text normalization, base models."""
