"""Hierarchical log-linear models over t lists, their two notations and the BIC candidates.

A model says which groups of lists interact: whether being on list A makes being on list B more
or less likely than independence would. It is hierarchical: with an interaction of A, B and C
it also has every interaction of two of them. It is written by its maximal terms, the
*generators*, in two notations:

- the R package's `hiermod`: lists numbered 1..t in column order, e.g. `[12,13,25]`, higher
  orders first, then in string order, lists not in any interaction as single digits
  (`[35,1,2,4]`); a tenth list is written `A`, as in hexadecimal;
- Baken's, by list names: `LA:NG,PF:GO`, interactions only (main effects are always in).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from baken.mse.lattice import MAX_LISTS

# The R package's defaults for the highest interaction order in BIC selection, by number of
# lists; beyond six lists (where the package has no BIC) Baken keeps pairs.
DEFAULT_MAXORDER = {2: 1, 3: 2, 4: 3, 5: 3, 6: 2}
_DIGITS = "123456789A"


class ModelSyntaxError(ValueError):
    """A model written in neither notation, or naming a list that is not in the data."""


def default_maxorder(t: int) -> int:
    return DEFAULT_MAXORDER.get(t, 2)


def _bits(term: int) -> list[int]:
    return [i for i in range(term.bit_length()) if term >> i & 1]


def term_digits(term: int) -> str:
    """A term in hiermod notation: `0b1011` -> "124"."""
    return "".join(_DIGITS[i] for i in _bits(term))


def _closure(terms: Iterable[int]) -> frozenset[int]:
    """Every subset of every term: the parameter set of the hierarchical model."""
    out: set[int] = {0}
    for term in terms:
        if term in out:
            continue
        sub = term
        # All submasks of `term`, the standard (sub - 1) & term walk.
        while True:
            out.add(sub)
            if sub == 0:
                break
            sub = (sub - 1) & term
    return frozenset(out)


@dataclass(frozen=True)
class Model:
    """A hierarchical model on `t` lists that contains every main effect."""

    t: int
    generators: tuple[int, ...]

    @classmethod
    def from_terms(cls, t: int, terms: Iterable[int]) -> Model:
        """The smallest hierarchical model with all main effects and the given terms."""
        full = (1 << t) - 1
        given = [int(term) for term in terms]
        if any(term < 0 or term & ~full for term in given):
            raise ModelSyntaxError(f"a term refers to a list beyond the {t} lists")
        closed = _closure([*given, *(1 << i for i in range(t))])
        # In a hierarchical set a term is maximal when no term one list larger contains it.
        maximal = [
            s
            for s in closed
            if s and not any(s | 1 << i in closed for i in range(t) if not s >> i & 1)
        ]
        maximal.sort(key=lambda s: (-s.bit_count(), term_digits(s)))
        return cls(t, tuple(maximal))

    @classmethod
    def main_effects(cls, t: int) -> Model:
        """The independence model: no list influences another."""
        return cls.from_terms(t, ())

    @classmethod
    def from_mask(cls, mask: NDArray[np.bool_]) -> Model:
        t = int(mask.shape[-1]).bit_length() - 1
        return cls.from_terms(t, np.flatnonzero(mask).tolist())

    @classmethod
    def parse(cls, text: str, lists: Sequence[str]) -> Model:
        """Read `LA:NG,PF:GO` (list names) or `[12,13]` (hiermod). Empty or `main` means main
        effects only."""
        t = len(lists)
        text = text.strip()
        if text.lower() in {"", "main", "[]"}:
            return cls.main_effects(t)
        if text.startswith("["):
            return cls._parse_hiermod(text, t)
        index = {name: i for i, name in enumerate(lists)}
        folded = {name.casefold(): i for i, name in enumerate(lists)}
        terms = []
        for part in text.split(","):
            names = [name.strip() for name in part.split(":")]
            term = 0
            for name in names:
                i = index.get(name, folded.get(name.casefold()))
                if i is None:
                    raise ModelSyntaxError(
                        f"model term {part.strip()!r}: no list called {name!r} "
                        f"(lists: {', '.join(lists)})"
                    )
                if term >> i & 1:
                    raise ModelSyntaxError(f"model term {part.strip()!r} names {name!r} twice")
                term |= 1 << i
            terms.append(term)
        return cls._checked(terms, t, text)

    @classmethod
    def _parse_hiermod(cls, text: str, t: int) -> Model:
        if not text.endswith("]"):
            raise ModelSyntaxError(f"model {text!r}: a hiermod model is written like [12,13,25]")
        terms = []
        for part in text[1:-1].split(","):
            digits = part.strip().upper()
            term = 0
            for digit in digits:
                i = _DIGITS.find(digit)
                if i < 0 or i >= t:
                    raise ModelSyntaxError(
                        f"model {text!r}: {digit!r} is not a list number 1..{_DIGITS[t - 1]}"
                    )
                term |= 1 << i
            if not digits:
                raise ModelSyntaxError(f"model {text!r}: empty term")
            terms.append(term)
        return cls._checked(terms, t, text)

    @classmethod
    def _checked(cls, terms: list[int], t: int, text: str) -> Model:
        model = cls.from_terms(t, terms)
        if model.generators == ((1 << t) - 1,):
            raise ModelSyntaxError(
                f"model {text!r} is saturated: with the unseen cell missing it cannot be fitted"
            )
        return model

    @cached_property
    def terms(self) -> frozenset[int]:
        """The parameter set: every subset of every generator, the intercept included."""
        return _closure(self.generators)

    @cached_property
    def mask(self) -> NDArray[np.bool_]:
        out = np.zeros(1 << self.t, dtype=bool)
        out[list(self.terms)] = True
        out.flags.writeable = False
        return out

    @property
    def n_parameters(self) -> int:
        return len(self.terms)

    @property
    def order(self) -> int:
        return max(g.bit_count() for g in self.generators)

    @property
    def interactions(self) -> tuple[int, ...]:
        """The generators beyond main effects."""
        return tuple(g for g in self.generators if g.bit_count() > 1)

    @property
    def hiermod(self) -> str:
        return "[" + ",".join(term_digits(g) for g in self.generators) + "]"

    def notation(self, lists: Sequence[str]) -> str:
        """Interactions by list names, `LA:NG,PF:GO`; empty for the independence model."""
        return ",".join(":".join(lists[i] for i in _bits(g)) for g in self.interactions)

    def __str__(self) -> str:
        return self.hiermod


def candidate_masks(t: int, maxorder: int) -> NDArray[np.bool_]:
    """Every hierarchical model with all main effects and terms of at most `maxorder` lists,
    the saturated model excepted: one row of term indicators per model. These are the BIC
    candidates of the R package (1, 8, 113 and 6893 models for 2 to 5 lists at the highest
    order, 32,768 for six lists with pairs)."""
    if not 2 <= t <= MAX_LISTS:
        raise ValueError(f"between 2 and {MAX_LISTS} lists, not {t}")
    maxorder = max(1, min(maxorder, t - 1))
    if maxorder == 2:
        return _graph_masks(t)
    base = frozenset([0, *(1 << i for i in range(t))])
    rows = list(_complexes(t, maxorder, 2, base))
    out = np.zeros((len(rows), 1 << t), dtype=bool)
    for i, terms in enumerate(rows):
        out[i, list(terms)] = True
    return out


def _graph_masks(t: int) -> NDArray[np.bool_]:
    """The pairwise models: every set of pairs, in the order of its binary number."""
    pairs = [(1 << i) | (1 << j) for i, j in combinations(range(t), 2)]
    picks = np.arange(1 << len(pairs))[:, None] >> np.arange(len(pairs)) & 1
    out = np.zeros((len(picks), 1 << t), dtype=bool)
    out[:, [0, *(1 << i for i in range(t))]] = True
    out[:, pairs] = picks.astype(bool)
    return out


def exhaustive(t: int, maxorder: int) -> bool:
    """Whether BIC selection fits every candidate (as the R package does up to six lists) or
    searches downhill (Baken's extension beyond)."""
    maxorder = max(1, min(maxorder, t - 1))
    return t <= 5 or maxorder == 1 or (t == 6 and maxorder == 2)


def _complexes(
    t: int, maxorder: int, level: int, chosen: frozenset[int]
) -> Iterator[frozenset[int]]:
    if level > maxorder:
        yield chosen
        return
    allowed = [
        sum(1 << i for i in combo)
        for combo in combinations(range(t), level)
        if all(
            sum(1 << i for i in combo if i != j) in chosen for j in combo
        )  # hierarchy: every term one list smaller is in
    ]
    for picks in range(1 << len(allowed)):
        added = [term for k, term in enumerate(allowed) if picks >> k & 1]
        yield from _complexes(t, maxorder, level + 1, chosen | frozenset(added))
