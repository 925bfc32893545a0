print("reflex")
