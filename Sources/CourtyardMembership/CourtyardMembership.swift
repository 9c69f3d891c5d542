// CourtyardMembership: see docs/cluster.md
