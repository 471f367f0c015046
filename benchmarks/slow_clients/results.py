"""What one stack's slow-client result says, in a few words: for the harness's output and the page."""


def verdict(entry: dict) -> str:
    if not entry.get("started"):
        return f"did not start: {entry.get('reason', '')}"
    if entry["probes"] and entry["answered"] == entry["probes"]:
        return "answered every probe"
    return f"answered {entry['answered']} of {entry['probes']} probes"
