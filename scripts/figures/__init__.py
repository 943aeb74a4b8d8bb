"""The site's figures, one module per article; installed as the package `article_figures`.

Each module declares its article's figures with @figure (see README.md here);
visual_backprop.draw.discover finds them by importing this package's modules; the build,
the hook and the tests name this package by importing it.
"""
