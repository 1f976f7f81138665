"""The one exception type of tb.cdriver: its message is what the user sees, one line
(a compile error carries the compiler's own output)."""


class CDriverError(Exception):
    """Bad input to tb.cdriver: missing sources, unknown variant, a transformation that did not
    find its text, a compile error."""
