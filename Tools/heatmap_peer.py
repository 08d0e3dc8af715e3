#!/usr/bin/env python3
"""The Python peers of `crisismap heatmap`, for Benchmarks/heatmap/run.sh.

Usage: heatmap_peer.py scipy|datashader DB OUT.png WEST,SOUTH,EAST,NORTH CELL_M BANDWIDTH_M MIN_COUNT

scipy: the pipeline a planner's analyst would write: sqlite3 reads the
store's calls, pyproj projects them into the same UTM zone, numpy's
histogram2d bins them on the same grid, scipy convolves the counts with the
same normalised quartic kernel (signal.fftconvolve; ndimage.convolve is a
direct sum and takes minutes at this size) and counts calls within reach for
the same suppression, and matplotlib writes a 1600 x 1200 PNG.

datashader: aggregation and shading only (it has no kernel density): the
same points counted on the same grid and shaded to PNG.

Prints one JSON line of phase timings in seconds.
"""
import json
import sqlite3
import sys
import time


def main():
    peer, db, out = sys.argv[1], sys.argv[2], sys.argv[3]
    west, south, east, north = (float(v) for v in sys.argv[4].split(","))
    cell, bandwidth, min_count = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
    timings = {}
    start = time.perf_counter()
    import numpy as np
    from pyproj import Transformer
    timings["imports"] = time.perf_counter() - start

    mark = time.perf_counter()
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = connection.execute(
        "SELECT lon, lat FROM calls WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", (south, north, west, east)
    ).fetchall()
    points = np.array(rows, dtype=np.float64)
    timings["read"] = time.perf_counter() - mark

    mark = time.perf_counter()
    zone = int((((west + east) / 2) + 180) // 6) + 1
    transformer = Transformer.from_crs("EPSG:4326", f"EPSG:{32600 + zone}", always_xy=True)
    x, y = transformer.transform(points[:, 0], points[:, 1])
    lons = np.array([west, (west + east) / 2, east] * 3)
    lats = np.repeat([south, (south + north) / 2, north], 3)
    bx, by = transformer.transform(lons, lats)
    x0, x1, y0, y1 = bx.min(), bx.max(), by.min(), by.max()
    columns, rows_n = int(np.ceil((x1 - x0) / cell)), int(np.ceil((y1 - y0) / cell))
    timings["project"] = time.perf_counter() - mark

    if peer == "datashader":
        import datashader as ds
        import datashader.transfer_functions as tf
        import pandas as pd
        from matplotlib import colormaps
        from matplotlib.colors import to_hex
        mark = time.perf_counter()
        frame = pd.DataFrame({"x": x, "y": y})
        canvas = ds.Canvas(plot_width=columns, plot_height=rows_n, x_range=(x0, x0 + columns * cell), y_range=(y0, y0 + rows_n * cell))
        aggregate = canvas.points(frame, "x", "y")
        image = tf.shade(aggregate, cmap=[to_hex(colormaps["inferno_r"](i / 255)) for i in range(256)], how="linear")
        timings["aggregate_shade"] = time.perf_counter() - mark
        mark = time.perf_counter()
        image.to_pil().save(out)
        timings["png"] = time.perf_counter() - mark
        timings["total_in_process"] = time.perf_counter() - start
        print(json.dumps({k: round(v, 3) for k, v in timings.items()} | {"columns": columns, "rows": rows_n, "calls": len(points)}))
        return

    from scipy import signal
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mark = time.perf_counter()
    counts, _, _ = np.histogram2d(y, x, bins=[rows_n, columns], range=[[y0, y0 + rows_n * cell], [x0, x0 + columns * cell]])
    timings["bin"] = time.perf_counter() - mark

    mark = time.perf_counter()
    h = bandwidth / cell
    radius = int(np.ceil(h))
    dy, dx = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    d2 = (dx * dx + dy * dy) / (h * h)
    kernel = np.where(d2 < 1, (1 - d2) ** 2, 0.0)
    kernel /= kernel.sum() * (cell * cell / 1e6)
    density = signal.fftconvolve(counts, kernel, mode="same")
    reach = np.rint(signal.fftconvolve(counts, (d2 < 1).astype(np.float64), mode="same"))
    shown = np.ma.masked_where((reach < min_count) | (density <= 0), density)
    timings["kde_suppress"] = time.perf_counter() - mark

    mark = time.perf_counter()
    figure = plt.figure(figsize=(16, 12), dpi=100)
    axes = figure.add_axes([0.02, 0.02, 0.75, 0.88])
    image = axes.imshow(shown, origin="lower", cmap="inferno_r", interpolation="nearest",
                        extent=(x0, x0 + columns * cell, y0, y0 + rows_n * cell))
    axes.set_title(f"Crisis calls: {len(points):,} calls")
    figure.colorbar(image, ax=axes, label="calls per km²")
    figure.savefig(out)
    timings["png"] = time.perf_counter() - mark
    timings["total_in_process"] = time.perf_counter() - start
    print(json.dumps({k: round(v, 3) for k, v in timings.items()} | {"columns": columns, "rows": rows_n, "calls": len(points)}))


if __name__ == "__main__":
    main()
