"""Small bar charts rendered on the server as SVG (no script, readable without JavaScript)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f5fa8", "#e0a526", "#4d9a6a", "#b6462f", "#7a5aa6", "#6b7785"]


def bar_chart(
    title: str, labels: list[str], series: dict[str, list[int]], *, stacked: bool, width: int = 640, height: int = 260
) -> SafeString:
    """Grouped or stacked bars, one group per label; a table-like <title>/<desc> for screen readers."""
    names = list(series)
    n = len(labels)
    left, right, top, bottom = 40, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [
        sum(series[s][i] for s in names) if stacked else max((series[s][i] for s in names), default=0) for i in range(n)
    ]
    peak = max(totals + [1])
    scale = plot_h / peak
    group_w = plot_w / max(n, 1)
    bar_w = group_w * 0.7 if stacked else group_w * 0.8 / max(len(names), 1)
    desc = "; ".join(f"{label}: " + ", ".join(f"{s} {series[s][i]}" for s in names) for i, label in enumerate(labels))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>',
    ]
    for tick in _ticks(peak):
        y = top + plot_h - tick * scale
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#57606a">{tick}</text>'
        )
    for i, label in enumerate(labels):
        x0 = left + i * group_w + (group_w - (bar_w if stacked else bar_w * len(names))) / 2
        base = top + plot_h
        for k, s in enumerate(names):
            value = series[s][i]
            h = value * scale
            x = x0 if stacked else x0 + k * bar_w
            y = base - h if stacked else top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                f"<title>{escape(label)}: {escape(s)} {value}</title></rect>"
            )
            if stacked:
                base -= h
        parts.append(
            f'<text x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="11" fill="#1b1f24">{escape(label)}</text>'
        )
    x = left
    for k, s in enumerate(names):
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="15" font-size="11" fill="#1b1f24">{escape(s)}</text>'
        )
        x += 24 + 12 * len(s)  # room for the larger text a phone shows
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _ticks(peak: int) -> list[int]:
    step = max(1, 10 ** (len(str(peak)) - 1))
    if peak / step < 3:
        step = max(1, step // 2)
    return list(range(0, peak + 1, step))
