"""One check shared by the models: is this argument a real number?"""

import math
import numbers


def real_number(value, name: str) -> float:
    """``value`` as a float if it is a real number that is not NaN.

    numpy numbers count; bool and text do not (``True`` is not a dose, ``"5"``
    is not a day). Infinity passes: a model decides whether it means anything.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {value!r}.")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a number, not NaN.")
    return value
