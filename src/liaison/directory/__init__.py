"""Directory: ecosystems, the home park and its offices, sectors, organizations, people."""
