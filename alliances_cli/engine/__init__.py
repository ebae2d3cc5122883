"""Layer 2: pure functions on the scenario model. Never prints, never touches files."""
