"""The editor's helpers: add a source, find a quote, draft claims."""
