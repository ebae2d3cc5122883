"""Layer 1: scenario files -> validated, immutable model."""
