"""Moving from NukeViet 4: its news and documents become this site's sources.

`invoke import-nukeviet` reads a NukeViet database and its uploads folder and writes
ordinary articles (content/), document records (data/documents/) and the nginx map
that sends the old addresses to the new ones. The pure parts (rows to source text,
HTML to Markdown, old addresses to the map) are apart from reading the database
(`database`) and writing files (`importer`).
"""
