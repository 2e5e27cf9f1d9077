"""The draw by lot: volunteers drawn into mixed working groups, fairly and verifiably.

- `rules`: what an entry declares (groups, quotas, pool criteria), read from its data;
- `pool`: the volunteers of the commons who match, grouped into types by quota categories;
- `fairness`: the maximin/leximin-fair distribution over quota-satisfying panels (LP with
  column generation, MILP pricing);
- `randomness`: public random values (drand, dice), the seed and the SHA-256 counter-mode stream;
- `selection`: panel, groups and reserve from the seed;
- `journal`: the hash-chained event log;
- `protocol`: prepare, run, confirm, decline, replace and verify on an entry's data;
- `page`: the HTML section shown on the site.
"""
