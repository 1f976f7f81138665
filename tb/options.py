"""Checked choices: a bad name gets one line naming what is allowed, and changes nothing."""


def choose(what: str, name, table):
    """table[name], or a ValueError naming the allowed keys."""
    if name not in table:
        raise ValueError(f"{what} {name!r} is unknown: allowed {', '.join(map(str, table))}")
    return table[name] if isinstance(table, dict) else name
