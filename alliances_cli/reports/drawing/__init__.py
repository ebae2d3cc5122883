"""Drawing: the coalition map's layout and geometry, pictures (matplotlib), the report's SVG
map, the alluvial timeline, the co-membership heatmap, and network exports."""
