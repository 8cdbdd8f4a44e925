"""The demo scenario (Z-Park and its 11 overseas offices) and synthetic data generators."""
