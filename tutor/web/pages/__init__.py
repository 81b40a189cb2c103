"""HTML pages: learning, diagnostics, accounts, authoring and the lab."""
