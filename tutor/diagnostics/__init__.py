"""Short diagnostics answered one question at a time: "I know this" checks and placement."""
