"""Page image cleaning: upright (90° turns), deskew, binarisation adapted to uneven light,
speckle removal, and the ruling lines of tables found by morphology.

Every function takes and returns numpy arrays (grey: 0 = black; binary masks: 255 = ink).
"""
from __future__ import annotations

import math

from ..settings import ScanSettings, defaults


def components(mask, connectivity: int = 8):
    """cv2.connectedComponentsWithStats with 16-bit labels, about twice as fast on a page;
    32-bit when the mask holds more blobs than 16 bits number (OpenCV refuses then)."""
    import cv2

    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity)


def binarize(grey, dpi: int = 300, settings: ScanSettings | None = None, specks: list | None = None,
             smooth=None):
    """Ink mask (255 = ink) by a local threshold, so that uneven light or a grey background
    does not swallow letters nor faint ruling lines; isolated specks are removed (and their
    mask appended to `specks` when a list is given). `smooth`: the grey image's 3×3
    Gaussian blur when the caller has it already."""
    import cv2
    import numpy as np

    settings = settings or defaults().scan
    if smooth is None:
        smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    block = max(int(settings.binarize_block * dpi / 300) | 1, 11)
    # OpenCV's Gaussian adaptive threshold, with the neighbourhood's mean by the separable
    # blur (adaptiveThreshold's own is ~3x slower): ink is at least `binarize_c` darker
    mean = cv2.GaussianBlur(smooth, (block, block), 0, borderType=cv2.BORDER_REPLICATE)
    ink = cv2.threshold(cv2.subtract(mean, smooth), settings.binarize_c - 1, 255,
                        cv2.THRESH_BINARY)[1]
    n, labels, stats, _ = components(ink)
    # a blob's size is its pixels that are ink unblurred too: the blur above makes the dots
    # of a dithered black-and-white scan into blobs as large as a full stop
    sharp = cv2.subtract(mean, grey) >= settings.binarize_c
    inked = ink > 0                   # the labels looked up at ink pixels only (~10 % of a page)
    ink_labels = labels[inked]
    size = np.bincount(ink_labels[sharp[inked]], minlength=n)
    small = size <= settings.speckle_max_area * (dpi / 300) ** 2
    small[0] = False
    if small.any():
        gone = small[ink_labels]
        if specks is not None:
            mask = np.zeros_like(ink)
            mask[inked] = np.where(gone, 255, 0).astype(np.uint8)
            specks.append(mask)
        ink[inked] = np.where(gone, 0, 255).astype(np.uint8)
    return ink.astype(np.uint8)


def flatten(grey, dpi: int = 300, settings: ScanSettings | None = None, smooth=None,
            where=None):
    """Grey image with the paper made white: each pixel divided by the local background
    (the brightest nearby), so uneven light and a grey scan background go, then the
    contrast stretched. Tesseract reads this better than a binary image: the strokes of
    bold and small letters keep their shape. `smooth`: the image's 3×3 Gaussian blur when
    the caller has it; `where`: a mask out of which the page is made white (computed only
    within it: the pixels near ink, ~15 % of a page)."""
    import cv2
    import numpy as np

    if smooth is None:
        smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    k = max(9, int(15 * dpi / 200)) | 1
    background = cv2.dilate(smooth, np.ones((k, k), np.uint8))
    lo, hi = (settings or defaults().scan).flatten_range
    if where is None:
        ratio = smooth.astype(np.float32) / np.maximum(background, 1).astype(np.float32)
        return np.clip((ratio * 255 - lo) * 255 / (hi - lo), 0, 255).astype(np.uint8)
    inside = where > 0
    ratio = smooth[inside].astype(np.float32) / \
        np.maximum(background[inside], 1).astype(np.float32)
    out = np.full(grey.shape, 255, np.uint8)
    out[inside] = np.clip((ratio * 255 - lo) * 255 / (hi - lo), 0, 255).astype(np.uint8)
    return out


def _profile_score(ink, angle: float) -> float:
    """How sharply the rows of ink separate when the image is turned by `angle` degrees."""
    import cv2
    import numpy as np

    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(ink, settings: ScanSettings | None = None) -> float:
    """The page's skew in degrees (positive: counter-clockwise), by the sharpness of the
    horizontal ink profile on a reduced copy: coarse search, then a fine one. The ink
    within `deskew_margin` of the image's edges is left out: a scanner's dark edge or the
    shadow of the glass's rim runs straight across a page whose text is turned."""
    import cv2

    h, w = ink.shape
    margin = (settings or defaults().scan).deskew_margin
    my, mx = int(h * margin), int(w * margin)
    if margin > 0 and h > 2 * my and w > 2 * mx:
        ink = ink.copy()
        ink[:my], ink[h - my:], ink[:, :mx], ink[:, w - mx:] = 0, 0, 0, 0
    scale = min(1.0, 800 / max(h, w))
    small = cv2.resize(ink, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    limit = (settings or defaults().scan).deskew_max
    coarse = [a / 2 for a in range(int(-2 * limit), int(2 * limit) + 1)]
    best = max((_profile_score(small, a), a) for a in coarse)[1]
    best = max((_profile_score(small, best + d / 8), best + d / 8) for d in range(-3, 4))[1]
    return max((_profile_score(small, best + d / 40), best + d / 40) for d in range(-2, 3))[1]


def rotate(img, angle: float, fill: int):
    """The image turned by `angle` degrees about its centre, the corners filled with `fill`."""
    import cv2

    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def _line_sharpness(small, angle: float) -> float:
    """How sharply the rows of ink separate at `angle`, independent of the image's size
    (the mean squared step between the ink shares of neighbouring pixel rows)."""
    import cv2
    import numpy as np

    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.mean(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).mean()) if len(rows) > 1 else 0.0


def looks_turned(ink, settings: ScanSettings | None = None) -> bool:
    """Text lines run vertically: the page was scanned a quarter turn off. The rows of ink
    are compared with its columns, each at its sharpest small tilt (a scan's skew smears a
    straight profile), on a reduced copy; a false alarm only costs an orientation check."""
    import cv2
    import numpy as np

    settings = settings or defaults().scan
    h, w = ink.shape
    scale = min(1.0, settings.rotation_side / max(h, w))
    small = cv2.resize(ink, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    angles = [a / 2 for a in range(-4, 5)]
    across = max(_line_sharpness(small, a) for a in angles)
    side = np.ascontiguousarray(np.rot90(small))
    along = max(_line_sharpness(side, a) for a in angles)
    return along > settings.rotation_ratio * across


def quarter_turns(grey, ink, osd=None, settings: ScanSettings | None = None) -> int:
    """How many quarter turns counter-clockwise (numpy's rot90) make the page upright: 0
    unless its text lines seem to run vertically and Tesseract's orientation detection
    (`osd(grey) -> degrees`) confirms it (it reports 270 for a page turned one quarter
    counter-clockwise, so the fix is its degrees / 90 turns)."""
    if osd is None or not looks_turned(ink, settings):
        return 0
    try:
        degrees = osd(grey)
    except Exception:
        return 0
    return degrees // 90 if degrees in (90, 270) else 0


def clean_page(grey, dpi: int, osd=None, settings: ScanSettings | None = None):
    """Grey page image → (upright deskewed flattened grey, its ink mask, what was done)."""
    import numpy as np

    import cv2

    settings = settings or defaults().scan
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    ink = binarize(grey, dpi, settings, smooth=smooth)
    near = None
    if settings.ink_reach_inch > 0:
        # the paper away from any ink is made white in the image Tesseract reads: specks,
        # a dithered background and JPEG noise go; letters keep their grey edges
        reach = max(1, int(round(settings.ink_reach_inch * dpi)))
        near = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                                         (2 * reach + 1, 2 * reach + 1)))
    grey = flatten(grey, dpi, settings, smooth=smooth, where=near)
    done = []
    turns = quarter_turns(grey, ink, osd, settings)
    if turns:
        grey = np.ascontiguousarray(np.rot90(grey, turns))
        ink = np.ascontiguousarray(np.rot90(ink, turns))
        done.append(f"turned {90 * turns}°")
    angle = skew_angle(ink, settings)
    if abs(angle) >= settings.deskew_min:
        grey = rotate(grey, angle, 255)
        ink = cv2.threshold(rotate(ink, angle, 0), 127, 255, cv2.THRESH_BINARY)[1]
        done.append(f"deskewed {angle:+.2f}°")
    return grey, ink, done


def ruling_lines(ink, dpi: int = 300, settings: ScanSettings | None = None):
    """(horizontal, vertical) masks of the long straight strokes, or None when there are none."""
    import cv2
    import numpy as np

    settings = settings or defaults().scan
    h, w = ink.shape
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    side = max(2, int(round(0.03 * dpi)))
    horiz = _long_strokes(bridged, (max(int(dpi * settings.line_min_inch[0]),
                                         int(w * settings.hline_min_frac)), 1),
                          settings.line_min_fill, side)
    # (a vertical line wholly: a letter's stem where a column's border stops at a heading
    # row would fill the border's gap)
    vert = _long_strokes(bridged, (1, max(int(dpi * settings.line_min_inch[1]),
                                            int(h * settings.vline_min_frac))), 1.0, side)
    if not horiz.any() and not vert.any():
        return None
    gap = max(3, int(dpi * settings.line_gap_inch))
    # bridge the gaps a faint or broken line of a real scan has along its own direction
    # (before a short stroke is judged: a broken line's pieces are each shorter than a line)
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    horiz = _drop_free_segments(horiz, vert, int(dpi * settings.free_line_min_inch), gap)
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    vert = _drop_unsupported_rows(vert, horiz, ink, settings.vline_min_cover, gap)
    # join the ends of lines that a scan broke or that stop just short of a crossing line
    reach = max(3, int(round(6 * dpi / 300)))
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 2 * reach + 1)))
    return horiz, vert


def _long_strokes(mask, size: tuple[int, int], fill: float, side: int):
    """The pixels of `mask` on a straight stretch of `size` (w, h: one of them 1): a
    morphological opening, and, unless `fill` is 1, the thin strokes whose ink covers at
    least `fill` of such a stretch: a thin line of a real scan broken every few pixels
    (its pieces shorter than a line). Thin: `side` px across it, on both sides, the ink
    covers less than a third of the stretch; a row through or along a line of bold text
    (its letters' bodies dense enough) has more ink beside it."""
    import cv2
    import numpy as np

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
    solid = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    if fill >= 1.0:
        return solid
    share = cv2.boxFilter(mask, cv2.CV_32F, size, normalize=True,
                          borderType=cv2.BORDER_CONSTANT)
    seed = share >= 255.0 * fill
    if not seed.any():
        return solid
    before, after = np.zeros_like(share), np.zeros_like(share)
    if size[1] == 1:                     # horizontal: the rows `side` px above and below
        before[side:], after[:-side] = share[:-side], share[side:]
    else:                                # vertical: the columns left and right
        before[:, side:], after[:, :-side] = share[:, :-side], share[:, side:]
    seed &= np.maximum(before, after) < 255.0 / 3
    if not seed.any():
        return solid
    broken = cv2.bitwise_and(cv2.dilate(seed.astype(np.uint8) * 255, kernel), mask)
    # only where no unbroken stroke runs beside: an unbroken line keeps its own pixels
    across = (1, 2 * side + 1) if size[1] == 1 else (2 * side + 1, 1)
    broken[cv2.dilate(solid, cv2.getStructuringElement(cv2.MORPH_RECT, across)) > 0] = 0
    return cv2.bitwise_or(solid, broken)


def _drop_unsupported_rows(vert, horiz, ink, min_cover: float, reach: int):
    """A vertical line's stretch across one row of a table (between two horizontal lines)
    that the page's ink covers less than `min_cover` of is no border there: a merged
    heading row's gap bridged because a letter next to the column's line («(Декада
    мужества)», an italic «(» reaching the line) joined the line below into a stroke."""
    import numpy as np

    n, labels, stats, _ = components(vert)
    if n <= 1 or not horiz.any():
        return vert
    out = None
    w_img = vert.shape[1]
    for k in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[k])
        crossed = horiz[y:y + h, max(0, x - reach):min(w_img, x + w + reach)].any(axis=1)
        if crossed.all() or not crossed.any():
            continue
        support = ink[y:y + h, x:x + w].any(axis=1)
        edges = np.flatnonzero(np.diff(crossed.astype(np.int8)))
        # runs of rows no horizontal line crosses, with one above and one below
        for a, b in zip(edges[::2] + 1, edges[1::2] + 1):
            if crossed[a - 1] and b < h and crossed[b] and support[a:b].mean() < min_cover:
                if out is None:
                    out = vert.copy()
                rows = labels[y + a:y + b, x:x + w] == k
                out[y + a:y + b, x:x + w][rows] = 0
    return vert if out is None else out


def _drop_free_segments(horiz, vert, min_free: int, reach: int):
    """Horizontal strokes shorter than `min_free` px are ruling lines only when a vertical
    line meets them at both ends (within `reach`): the flat serifed tops of a long word
    («медиации») close into a stroke as long as a narrow column's border, and erasing it
    cuts the word's letters."""
    import cv2
    import numpy as np

    n, labels, stats, _ = components(horiz)
    if n <= 1:
        return horiz
    h, w = horiz.shape
    drop = np.zeros(n, bool)
    for k in range(1, n):
        x, y, sw, sh, _ = stats[k]
        if sw >= min_free:
            continue
        y0, y1 = max(0, y - reach), min(h, y + sh + reach)
        left = vert[y0:y1, max(0, x - reach):min(w, x + reach)].any()
        right = vert[y0:y1, max(0, x + sw - reach):min(w, x + sw + reach)].any()
        drop[k] = not (left and right)
    if not drop.any():
        return horiz
    out = horiz.copy()
    out[np.take(drop, labels)] = 0
    return out


def _close_open_edges(grid, t: int, reach: int) -> list[str]:
    """A table drawn without its outer border on a side («№», «Наименование» header cells
    with no line above them, under a wider cell's line; a table cut at the page's edge):
    the lines that reach the grid's edge there are joined along it (in place, `t` px
    thick), so the cells they bound are cells and not the outside. Only between the
    outermost lines reaching that edge: a narrower first row's corners stay outside.
    Returns the sides closed ("top", "bottom", "left", "right")."""
    h, w = grid.shape
    closed = []
    for side, band, edge, along in (("top", grid[:reach], grid[:t], 0),
                                    ("bottom", grid[h - reach:], grid[h - t:], 0),
                                    ("left", grid[:, :reach], grid[:, :t], 1),
                                    ("right", grid[:, w - reach:], grid[:, w - t:], 1)):
        idx = edge.any(axis=along).nonzero()[0]
        if len(idx) < 2:
            continue
        span = edge[:, idx[0]:idx[-1] + 1] if along == 0 else edge[idx[0]:idx[-1] + 1, :]
        if span.all():
            continue
        # the lines that end within `reach` of the edge (a skew left over ends them a
        # few px apart) run on to it, so that they still part the cells they border
        ends = band.any(axis=along)
        if along == 0:
            band[:, ends] = 255
        else:
            band[ends, :] = 255
        span[...] = 255
        closed.append(side)
    return closed


def _close_frame(grid, vert, reach: int, min_cover: float) -> None:
    """The grid's outermost vertical lines that run along at least `min_cover` of its
    height (its frame) drawn on over their gaps (in place), where row lines run on beyond
    them: a column ruled in faint dashes beside a real scan's table. A full-width heading
    row («Август») has no frame line beside it, and its lines, running on into the dashed
    column, left it open to the page's outside; its cell now ends at the frame."""
    import numpy as np

    if min_cover <= 0:
        return
    h, w = grid.shape
    vert = (vert > 0) & (grid > 0)
    long = np.flatnonzero(vert.sum(axis=0) >= min_cover * h)
    if not len(long):
        return
    for x, beyond in ((int(long[-1]), grid[:, int(long[-1]) + reach:]),
                      (int(long[0]), grid[:, :max(0, int(long[0]) - reach)])):
        if not beyond.any():
            continue
        rows = np.flatnonzero(vert[:, x])
        lo, hi = int(rows[0]), int(rows[-1])
        band = slice(max(0, x - 1), min(w, x + 2))
        grid[lo:hi + 1, band] = 255


def cell_boxes(lines, dpi: int = 300, settings: ScanSettings | None = None
               ) -> list[list[tuple[int, int, int, int]]]:
    """Regions enclosed by ruling lines (px boxes running to the middle of the lines),
    grouped by the table (connected grid) they are in."""
    if lines is None:
        return []
    import cv2
    import numpy as np

    frame_cover = (settings or defaults().scan).frame_min_cover

    mask = cv2.bitwise_or(*lines)
    n_grids, grid_labels, grid_stats, _ = components(mask)
    min_cell = max(6, int(8 * dpi / 300))
    out = []
    for g in range(1, n_grids):
        gx, gy, gw, gh, _ = grid_stats[g]
        if gw < 50 * dpi / 300 or gh < 20 * dpi / 300:
            continue                 # a stray stroke or an underline, not a table
        grid = (grid_labels[gy:gy + gh, gx:gx + gw] == g).astype(np.uint8) * 255
        t = max(2, int(round(4 * dpi / 300)))
        _close_frame(grid, lines[1][gy:gy + gh, gx:gx + gw], max(t, int(0.05 * dpi)),
                     frame_cover)
        closed = _close_open_edges(grid, t, max(t, int(0.05 * dpi)))
        sliver = int(0.1 * dpi)          # no row of text is this low
        n, _, stats, _ = components(cv2.bitwise_not(grid), 4)
        cells = []
        for k in range(1, n):
            x, y, w, h, _ = stats[k]
            if x == 0 or y == 0 or x + w >= gw or y + h >= gh:
                continue             # outside the grid's outer frame
            if w < min_cell or h < min_cell:
                continue
            # a sliver between a closed side and a line stopping short of it (a border
            # drawn in steps, a skew left over) is no cell
            if h < sliver and ("top" in closed and y <= t + 1 or
                               "bottom" in closed and y + h >= gh - t - 1) or \
                    w < sliver and ("left" in closed and x <= t + 1 or
                                    "right" in closed and x + w >= gw - t - 1):
                continue
            half = 2
            cells.append((gx + x - half, gy + y - half, gx + x + w + half, gy + y + h + half))
        if len(cells) >= 2:
            out.append(cells)
    return out


def snap_to_lines(tables: list[list[tuple[int, int, int, int]]], lines) -> list[list[tuple]]:
    """Each table's cell boxes with each side moved to the middle of the ruling line it lies
    on (the mean position of that line's stroke), so that the cells a line parts share one
    edge: on
    a page left a little slanted (a table printed at a slant on the sheet, a skew the
    deskew did not take away) a row line's ends lie 6 px apart, more than the edge
    tolerance of the grid, and one row became two (its first cell spanning both). Sides
    on no line found (an edge closed) stay. The page's lines are labelled once for all its
    tables."""
    if lines is None or not tables:
        return tables
    import numpy as np

    horiz, vert = lines
    h_img, w_img = horiz.shape
    found = {}
    for axis, mask in (("h", horiz), ("v", vert)):
        n, labels, _stats, centroids = components(mask)
        found[axis] = (labels, centroids)

    def middle(axis: str, rows: slice, cols: slice, coord: int):
        labels, centroids = found[axis]
        hit = labels[rows, cols].ravel()
        hit = hit[hit > 0]
        if not len(hit):
            return None
        return float(centroids[int(np.bincount(hit).argmax())][coord])

    half = 2

    def snapped(x0: int, y0: int, x1: int, y1: int) -> tuple:
        inner_x = slice(max(0, x0 + half), min(w_img, x1 - half))
        inner_y = slice(max(0, y0 + half), min(h_img, y1 - half))
        top = middle("h", slice(max(0, y0), min(h_img, y0 + half)), inner_x, 1)
        bottom = middle("h", slice(max(0, y1 - half - 1), min(h_img, y1)), inner_x, 1)
        left = middle("v", inner_y, slice(max(0, x0), min(w_img, x0 + half)), 0)
        right = middle("v", inner_y, slice(max(0, x1 - half - 1), min(w_img, x1)), 0)
        box = (x0 if left is None else left, y0 if top is None else top,
               x1 if right is None else right, y1 if bottom is None else bottom)
        return box if box[2] > box[0] and box[3] > box[1] else (x0, y0, x1, y1)

    return [[snapped(*box) for box in cells] for cells in tables]
