print("lemma")
