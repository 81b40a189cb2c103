"""Packaging beyond what pyproject.toml can say: the top-level migrations/ folder ships inside the
wheel as the package ``tutor._migrations`` (the project's layout keeps it at the top)."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["tutor", "tutor.*"], exclude=["*.__pycache__"]),
        "tutor._migrations",
        "tutor._migrations.versions",
    ],
    package_dir={"tutor._migrations": "migrations"},
    package_data={
        "tutor": ["web/templates/**/*", "web/static/**/*"],
        "tutor._migrations": ["script.py.mako"],
    },
)
