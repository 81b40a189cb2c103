"""Content in the database: the catalog per content version, import/export, authoring."""
