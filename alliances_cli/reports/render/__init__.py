"""Rendering: blocks of text and tables, the machine formats, JSON record templates, numbers."""
