"""komsos: log Babinsa Komsos visits, write press releases and Koramil recaps."""

__version__ = "0.1.0"
