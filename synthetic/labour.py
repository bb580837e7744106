"""Employment state that evolves month to month: a small share of persons lose or find work,
and the planned 低保 exits find their job in their exit month."""

from __future__ import annotations

import numpy as np

from .vocab import EMPLOYED, FLEXIBLE, FULL_LABOUR, MIGRANT, NONE, UNEMPLOYED
from .world import World


class LabourMarket:
    """Employment state that evolves month to month (job loss / gain for a small share)."""

    LOSS, GAIN_UNEMPLOYED, GAIN_IDLE = 0.004, 0.07, 0.002

    def __init__(self, world: World, seed: int):
        p = world.persons
        self.world, self.seed = world, seed
        self.status = p["status"].copy()
        self.base_wage = p["wage"].copy()
        self.benefit = p["benefit"].copy()
        self.mobile = p["hr_known"] & ~p["scenario"]
        self.can_start = (
            self.mobile & (p["age"] >= 18) & (p["age"] <= 55) & (p["labour"] == FULL_LABOUR)
        )
        exit_person = world.exit_person[world.exit_person >= 0]
        self.exit_person = exit_person
        self.exit_month = world.exit_month[world.exit_person >= 0]
        self.mobile[exit_person] = False  # their change is the planned exit event

    def month(self, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        p = self.world.persons
        rng = np.random.default_rng([self.seed, 10, t])
        n = len(self.status)
        if t > 0:
            u = rng.random(n)
            working = np.isin(self.status, (EMPLOYED, FLEXIBLE, MIGRANT))
            lose = self.mobile & working & (u < self.LOSS)
            registered = lose & ((self.status == EMPLOYED) | (rng.random(n) < 0.5))
            gain = self.mobile & (self.status == UNEMPLOYED) & (u < self.GAIN_UNEMPLOYED)
            start = self.can_start & (self.status == NONE) & (u < self.GAIN_IDLE)
            self.status[lose] = np.where(registered[lose], UNEMPLOYED, NONE)
            self.base_wage[lose] = 0
            self.benefit[lose] = np.where(registered[lose], p["benefit_amount"][lose], 0)
            self.status[gain] = EMPLOYED
            self.base_wage[gain] = p["potential_wage"][gain]
            self.benefit[gain] = 0
            self.status[start] = FLEXIBLE
            self.base_wage[start] = p["potential_wage"][start] * 6 // 10
            found = self.exit_person[self.exit_month == t]
            self.status[found] = EMPLOYED
            self.base_wage[found] = p["potential_wage"][found]
            self.benefit[found] = 0
        noisy = (self.status == FLEXIBLE) | (self.status == MIGRANT)
        wage = np.where(
            noisy,
            np.rint(self.base_wage * rng.uniform(0.9, 1.1, n)).astype(np.int64),
            self.base_wage,
        )
        status, benefit, pension = self.status.copy(), self.benefit.copy(), p["pension"].copy()
        scen = self.world.scen_monthly
        idx = scen["person"]
        status[idx] = scen["status"][:, t]
        wage[idx] = scen["wage"][:, t]
        benefit[idx] = scen["benefit"][:, t]
        pension[idx] = scen["pension"][:, t]
        return status, wage, benefit, pension
