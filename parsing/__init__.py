"""parsing: text -> record, clause tree, terms, references, requirement language, targets.

    from parsing import parse_file, parse_bytes, ParseError
    doc = parse_file("GB-T-32150-2015.pdf")   # a ParsedDocument (parsing.model)
"""

from parsing.errors import ParseError
from parsing.pipeline import parse_bytes, parse_file, parse_text

__all__ = ["ParseError", "parse_bytes", "parse_file", "parse_text"]
