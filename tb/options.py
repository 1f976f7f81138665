"""Checked choices: a bad name gets one line naming what is allowed, and changes nothing."""

import os


def choose(what: str, name, table, refusal: str = None):
    """table[name] (or name, for a list), or a ValueError naming the allowed keys. The line
    reads "<what> <name> is unknown: allowed ...", or "<refusal>: use one of ..." when given."""
    if name not in table:
        said = f"{refusal}: use one of" if refusal else f"{what} {name!r} is unknown: allowed"
        raise ValueError(f"{said} {', '.join(map(str, table))}")
    return table[name] if isinstance(table, dict) else name


def env_choice(name: str, default: str, allowed) -> str:
    """An environment option, checked: a bad value gets one line naming what is allowed."""
    value = os.environ.get(name, default)
    choose(name, value, allowed, refusal=f"{name}={value!r} is not allowed")
    return value


def env_int(name: str, default: int, low: int, high: int) -> int:
    """An integer environment option in [low, high]; a bad value gets one clear line."""
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = int(text, 0)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ValueError(f"{name}={text!r} is not allowed: use an integer from {low} to {high}")
    return value
