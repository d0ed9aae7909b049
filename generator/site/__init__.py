"""What lands on disk and what is remembered between runs: the atomic write, the run state, the code cache."""
