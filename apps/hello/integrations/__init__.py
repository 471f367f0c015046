"""Optional backing services. Nothing here is imported unless it is configured."""
