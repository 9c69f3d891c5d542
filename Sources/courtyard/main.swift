print("courtyard")
