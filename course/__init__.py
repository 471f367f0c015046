"""The course site's generated parts: numbers on pages (facts), diagrams, the site build."""
