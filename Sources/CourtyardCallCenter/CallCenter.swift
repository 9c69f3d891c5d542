// CourtyardCallCenter: the pure cores of the call center (ACD, IVR, agent states).
