"""Layer 3: results -> text tables, JSON and other formats. Never reads files or exits."""
