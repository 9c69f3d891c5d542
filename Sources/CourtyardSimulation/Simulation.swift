// CourtyardSimulation: see docs/simulation.md
