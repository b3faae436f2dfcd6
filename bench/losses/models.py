"""The RegNetY-style and RoBERTa-style models of the loss analysis
(kernels.py): the zoo's own (bench/models/zoo_models), so the per-kernel
comparison and the zoo time the same networks. small: the zoo's `small`
size (2-core machines), else `full`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
import zoo_models  # noqa: E402

ZOO_NAMES = {"regnety": "regnety_400mf", "roberta": "roberta"}


def make(name, small=False):
    """(model, inputs tuple) of `name` (regnety or roberta)."""
    if name not in ZOO_NAMES:
        raise ValueError(f"unknown model {name!r}; this analysis has {', '.join(ZOO_NAMES)}")
    case = zoo_models.make(ZOO_NAMES[name], "small" if small else "full")
    return case.model, case.inputs
