"""What can go wrong making a label. All are bad input: an API answers them with 422."""

from __future__ import annotations


class LabelError(ValueError):
    """A label cannot be made from this input; the message says why, for a person."""


class UnsupportedFormatError(LabelError):
    """The format asked for is not one of png, svg, pdf, zpl."""


class LabelTooSmallError(LabelError):
    """The label size cannot hold a readable QR code."""


class UnknownSheetError(LabelError):
    """No A4 sheet layout has that name."""


class TooManyLabelsError(LabelError):
    """A sheet PDF was asked for more labels than one request may print."""
