"""Learned sentence selection: features, training targets from gold summaries, the ranker."""
