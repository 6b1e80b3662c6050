"""AIGC Desktop: teach a GAN from your own pictures, then generate, curate and improve images."""

__version__ = "0.1.0"
