"""The QR code's module matrix, encoded by the `qrcode` package (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData, mask_func

# H restores up to 30% of damaged codewords (Q: 25%). Labels on chairs, bikes and bags of
# clothes get scratched, folded and dirty; at our URL length (about 40 bytes) H costs one
# QR version (4 more modules a side) over Q, which the label has room for.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_H
ERROR_CORRECTION_LETTER = "H"  # the same level, as ZPL's ^BQ names it
# The white margin a scanner needs around the symbol, in modules. ISO/IEC 18004 asks for
# 4; the label edge cannot be counted on, as it may sit on a dark chair.
QUIET_ZONE_MODULES = 4

_DARK_RUN = re.compile(r"1+")
_BITS = bytes.maketrans(b"\x00\x01", b"01")


@dataclass(frozen=True)
class QrCode:
    """A QR symbol without quiet zone: rows of '1' (dark) and '0' (light), top first."""

    data: str
    rows: tuple[str, ...]
    mask: int  # the mask pattern used, 0-7

    @property
    def size(self) -> int:
        """Modules a side."""
        return len(self.rows)

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        return [
            (r, m.start(), m.end() - m.start())
            for r, row in enumerate(self.rows) for m in _DARK_RUN.finditer(row)
        ]


# A label is often drawn twice in a row (a preview on screen, then the print): keep the
# last few hundred symbols rather than encode them again.
ENCODED_CACHE = 256


@lru_cache(maxsize=ENCODED_CACHE)
def encode(data: str) -> QrCode:
    """The QR code holding `data` (UTF-8 bytes), error correction H.

    Always byte mode, so that a Zebra printer asked for the same data in byte mode draws a
    symbol of the same version. The symbol is the one `qrcode` makes on its own, module for
    module; only its mask search is done here (see `best_mask`), because drawing the symbol
    eight times to score each mask is most of qrcode's time.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0, mask_pattern=0)
    code.add_data(QRData(data.encode("utf-8"), mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    n = len(code.modules)
    rows = [_row_bits(row) for row in code.modules]
    data_cells, fixed_cells, info_cells = _cells(code.version)
    fixed = [r & f for r, f in zip(rows, fixed_cells, strict=True)]
    zero = _mask_rows(0, n)
    unmasked = [(r ^ z) & d for r, z, d in zip(rows, zero, data_cells, strict=True)]

    # The same in columns (bit r = row r), so each mask's columns cost no transposing.
    fixed_t, unmasked_t, data_t = transpose(fixed, n), transpose(unmasked, n), _data_t(code.version)

    def apply(f: Sequence[int], u: Sequence[int], m: Sequence[int], d: Sequence[int]
              ) -> list[int]:
        return [fi | (ui ^ (mi & di)) for fi, ui, mi, di in zip(f, u, m, d, strict=True)]

    candidates = [apply(fixed, unmasked, _mask_rows(k, n), data_cells) for k in range(8)]
    scores = [
        penalty(candidates[k], n, apply(fixed_t, unmasked_t, _mask_columns(k, n), data_t))
        for k in range(8)
    ]
    # Ties go to the lowest mask, as in qrcode's own search.
    best = min(range(8), key=lambda k: (scores[k], k))
    info = _information(code.version, best)
    final = [m | (i & c) for m, i, c in zip(candidates[best], info, info_cells, strict=True)]
    return QrCode(data, tuple(format(r, f"0{n}b")[::-1] for r in final), best)


def penalty(rows: list[int], n: int, columns: list[int] | None = None) -> int:
    """ISO/IEC 18004 mask penalty of rows given as bit masks (bit c = column c).

    The same score as qrcode's `util.lost_point`, counted on whole rows and columns at
    once. A run of L >= 5 equal modules costs L - 2: one per window of five equal modules
    (L - 4) plus two for the window that starts the run. `columns` (bit r = row r) may be
    given when already known.
    """
    lines = rows + (columns if columns is not None else transpose(rows, n))
    # Neither pattern overlaps itself, so counting without overlap counts them all.
    text = "|".join([format(x, f"0{n}b") for x in lines])
    finder_like = text.count("10111010000") + text.count("00001011101")
    window_fits = (1 << (n - 4)) - 1
    runs = 0
    for x in lines:
        same_as_next = ~(x ^ (x >> 1))
        five = (same_as_next & (same_as_next >> 1) & (same_as_next >> 2)
                & (same_as_next >> 3) & window_fits)
        runs += five.bit_count() + 2 * (five & ~(same_as_next << 1)).bit_count()
    inner = (1 << (n - 1)) - 1
    blocks = sum(
        (~(a ^ b) & ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & inner).bit_count()
        for a, b in zip(rows, rows[1:], strict=False)
    )
    dark = sum(r.bit_count() for r in rows)
    balance = int(abs(float(dark) / (n**2) * 100 - 50) / 5)
    return runs + 3 * blocks + 40 * finder_like + 10 * balance


def transpose(rows: Sequence[int], n: int) -> list[int]:
    """Columns of an n x n bit matrix: bit r of column c is bit c of row r."""
    lines = [format(r, f"0{n}b") for r in rows]  # column c at string index n - 1 - c
    return [int("".join(col)[::-1], 2) for col in zip(*lines, strict=True)][::-1]


def _row_bits(row: list[bool]) -> int:
    return int(bytes(row).translate(_BITS)[::-1], 2)


@cache
def _mask_rows(pattern: int, n: int) -> tuple[int, ...]:
    applies = mask_func(pattern)
    return tuple(sum(1 << c for c in range(n) if applies(r, c)) for r in range(n))


@cache
def _mask_columns(pattern: int, n: int) -> list[int]:
    return transpose(_mask_rows(pattern, n), n)


@cache
def _data_t(version: int) -> list[int]:
    return transpose(_cells(version)[0], 4 * version + 17)


@cache
def _information(version: int, mask: int) -> tuple[int, ...]:
    """A symbol of this version drawn by qrcode with this mask: its information areas."""
    code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECTION,
                         border=0, mask_pattern=mask)
    code.add_data(QRData(b"", mode=MODE_8BIT_BYTE))
    code.make(fit=False)
    return tuple(_row_bits(row) for row in code.modules)


@cache
def _cells(version: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(data, fixed pattern, information) cells of a version, as row bit masks.

    Fixed: finder patterns with separators, timing, alignment. Information: format and
    version information and the dark module, left blank by qrcode while it scores masks.
    """
    n = 4 * version + 17

    def in_finder(r: int, c: int) -> bool:
        return (r < 8 and c < 8) or (r < 8 and c >= n - 8) or (r >= n - 8 and c < 8)

    centres = qrcode.util.pattern_position(version)
    alignment = {
        (cr + dr, cc + dc)
        for cr in centres for cc in centres if not in_finder(cr, cc)
        for dr in range(-2, 3) for dc in range(-2, 3)
    }

    def fixed(r: int, c: int) -> bool:
        return in_finder(r, c) or r == 6 or c == 6 or (r, c) in alignment

    def information(r: int, c: int) -> bool:
        format_info = (r == 8 and (c < 9 or c >= n - 8)) or (c == 8 and (r < 9 or r >= n - 8))
        version_info = version >= 7 and (
            (r < 6 and n - 11 <= c < n - 8) or (c < 6 and n - 11 <= r < n - 8)
        )
        return format_info or version_info

    def rows(keep: Callable[[int, int], bool]) -> tuple[int, ...]:
        return tuple(sum(1 << c for c in range(n) if keep(r, c)) for r in range(n))

    return (
        rows(lambda r, c: not fixed(r, c) and not information(r, c)),
        rows(fixed),
        rows(information),
    )
