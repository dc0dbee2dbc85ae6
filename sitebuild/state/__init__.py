"""What a build keeps for the next one, in each run's content cache folder
(.cache/content/<language>-<hash>/); ARCHITECTURE.md lists every file.

content_cache.py: Pelican's cache of what its readers returned, in a folder named
after everything that output depends on; inputs.py: the sources' table and each
run's record (what it read, what it wrote); snapshot.py: the content a full run
read, which a run after body edits starts from.
"""
