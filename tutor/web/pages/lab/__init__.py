"""The gradient-flow lab on the web: JSON and CSV endpoints, and the panel's options."""

from tutor.web.pages.lab.views import bp

__all__ = ["bp"]
