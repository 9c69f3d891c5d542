// CourtyardReplication: see docs/cluster.md
