// The cluster transport: see docs/cluster.md
