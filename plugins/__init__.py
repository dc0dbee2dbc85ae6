"""The site's own Pelican plugins, one package per job (PLUGINS in pelicanconf.py)."""
