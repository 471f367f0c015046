"""What one stack's availability result says, in a few words: for the harness's output and the page."""


def percent(value) -> str:
    return "—" if value is None else f"{100 * value:.4f}%"


def nines_shown(entry: dict) -> str:
    if entry.get("nines") is None:
        return "—"
    return ("≥ " if entry.get("nines_lower_bound") else "") + f"{entry['nines']:.2f}"


def summary_line(entry: dict) -> str:
    if not entry.get("started"):
        return f"  {entry['name']:<12} did not start: {entry.get('reason', '')}"
    return (
        f"  {entry['name']:<12} {entry['sent']} sent, {entry['failed']} failed: "
        f"{percent(entry['availability'])}, {nines_shown(entry)} nines"
    )
