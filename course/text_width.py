"""How wide a line of text is drawn, so a generated diagram can size its boxes and wrap its labels.

The widths are DejaVu Sans's advance widths (thousandths of the font size) for
printable ASCII, read once from the font files Debian's ``fonts-dejavu-core``
installs — the font Chromium draws ``sans-serif`` with here. Any other character
counts as a full em, and other sans-serif fonts are narrower than DejaVu, so a
text measured here never comes out wider than measured. Standard library only:
``make tables`` runs under the system Python.
"""

# printable ASCII from " " (32) to "~" (126), in thousandths of an em
REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656,
    557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613,
    635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818,
    592, 592, 525, 636, 337, 636, 838,
)
BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
    637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
    716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
    645, 652, 582, 712, 365, 712, 838,
)


def width(text: str, size: float, bold: bool = False) -> float:
    """The drawn width of ``text`` in pixels at font size ``size``."""
    table = BOLD if bold else REGULAR
    return sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else 1000 for c in text) * size / 1000


def wrap(text: str, size: float, room: float, bold: bool = False) -> list:
    """``text`` in lines that each fit ``room`` pixels (a single word longer than that stays whole)."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and width(candidate, size, bold) > room:
            lines.append(word)
        else:
            lines[-1] = candidate
    return [line for line in lines if line]
