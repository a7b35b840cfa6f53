#!/usr/bin/python3
"""Draws validation-loss curves (loss against wall time) from JSON-lines files as one SVG, with
no plotting library: each line of a file that has "validation_loss" and "seconds" is a point.

    /usr/bin/python3 rnn4j-bench/peers/plot_curves.py --out docs/img/curves.svg \
        --title "tinyshakespeare, 2 cores" "rnn4j=model.rnn4j.metrics.jsonl" "PyTorch 1.13=pytorch.jsonl"

It also prints the best loss reached by each series at every whole minute, for a README table.
"""
import argparse
import json

COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e"]


def load(path):
    pts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                o = json.loads(line)
            except ValueError:
                continue
            if "validation_loss" in o and "seconds" in o:
                pts.append((float(o["seconds"]), float(o["validation_loss"])))
    return pts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--title", default="")
    ap.add_argument("--ymax", type=float, default=None)
    ap.add_argument("--ylabel", default="validation loss (nats/char)")
    ap.add_argument("series", nargs="+", help="LABEL=FILE")
    args = ap.parse_args()
    series = [(s.split("=", 1)[0], load(s.split("=", 1)[1])) for s in args.series]
    xmax = max(p[0] for _, pts in series for p in pts)
    ys = [p[1] for _, pts in series for p in pts]
    ymin, ymax = min(ys), args.ymax or max(ys)
    ymin = ymin - 0.05 * (ymax - ymin)
    W, H, L, R, T, B = 720, 420, 60, 20, 40, 50

    def px(x):
        return L + x / xmax * (W - L - R)

    def py(y):
        return T + (ymax - min(y, ymax)) / (ymax - ymin) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#888"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">{args.title}</text>',
           f'<text x="{W / 2}" y="{H - 10}" text-anchor="middle">wall time (minutes)</text>',
           f'<text x="14" y="{H / 2}" transform="rotate(-90 14 {H / 2})" text-anchor="middle">{args.ylabel}</text>']
    for m in range(0, int(xmax // 60) + 1):
        x = px(m * 60)
        out.append(f'<line x1="{x:.1f}" y1="{H - B}" x2="{x:.1f}" y2="{H - B + 5}" stroke="#888"/>')
        out.append(f'<text x="{x:.1f}" y="{H - B + 18}" text-anchor="middle">{m}</text>')
    steps = 6
    for i in range(steps + 1):
        y = ymin + (ymax - ymin) * i / steps
        out.append(f'<line x1="{L}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{L - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.2f}</text>')
    for k, (label, pts) in enumerate(series):
        c = COLORS[k % len(COLORS)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{path}"/>')
        out.append(f'<text x="{W - R - 10}" y="{T + 20 + 18 * k}" text-anchor="end" fill="{c}">{label}</text>')
    out.append("</svg>")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    for label, pts in series:
        row = []
        for m in range(1, int(xmax // 60) + 2):
            seen = [y for x, y in pts if x <= m * 60]
            row.append(f"{min(seen):.3f}" if seen else "-")
        print(f"{label}: best by minute " + " ".join(row) + f"; best {min(y for _, y in pts):.3f}")


if __name__ == "__main__":
    main()
