"""Deprecated names that keep working: renamed keywords and moved module attributes.

Both warn with a :class:`FutureWarning` (shown to end users by default, unlike
``DeprecationWarning``) that names the new spelling, so old notebooks and scripts run and
say what to change. Nothing else in cctvgeo warns about deprecations; use these two.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["moved_attributes", "renamed_keywords"]

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keywords(**renames: str) -> Callable[[F], F]:
    """Accept old keyword names of a function as deprecated aliases of the new ones.

    Parameters
    ----------
    **renames : str
        ``old_name="new_name"`` pairs.

    Returns
    -------
    callable
        A decorator. A call with an old name warns (:class:`FutureWarning`) and passes the
        value on under the new name; a call with both names raises :class:`TypeError`.

    Examples
    --------
    >>> import warnings
    >>> @renamed_keywords(cams="cameras")
    ... def count(*, cameras=()):
    ...     return len(cameras)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     count(cams=[1, 2])
    2
    >>> str(caught[0].message)
    'count(cams=...) is deprecated; use count(cameras=...) instead.'
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                name = func.__qualname__
                if new in kwargs:
                    raise TypeError(
                        f"{name}() got both {old}= (deprecated) and {new}=; give {new}=."
                    )
                warnings.warn(
                    f"{name}({old}=...) is deprecated; use {name}({new}=...) instead.",
                    FutureWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def moved_attributes(module: str, moved: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds moved names in their new module, with a warning.

    Parameters
    ----------
    module : str
        The old module's name (``__name__``).
    moved : dict
        Name -> the module that now holds it.

    Returns
    -------
    callable
        Assign it to the old module's ``__getattr__``; other names raise
        :class:`AttributeError` as usual.

    Examples
    --------
    >>> getattr_ = moved_attributes("old.place", {"sqrt": "math"})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("sqrt")(9.0)
    3.0
    >>> str(caught[0].message)
    'old.place.sqrt has moved to math.sqrt; import it from there.'
    """

    def find(name: str) -> Any:
        if name not in moved:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        target = moved[name]
        warnings.warn(
            f"{module}.{name} has moved to {target}.{name}; import it from there.",
            FutureWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), name)

    return find
