"""The one error parsing raises for bad input; its message is the reason only, in plain English.

The caller (ingest, the CLI) prefixes the file name.
"""


class ParseError(ValueError):
    """The input cannot be parsed: encrypted, image-only, corrupt, empty, unknown type ..."""
