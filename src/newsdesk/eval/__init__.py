"""Evaluation on real data sets: loaders, metrics and the ``newsdesk eval`` commands."""
