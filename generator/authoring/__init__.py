"""The editor's helpers: start a project, add a source, find a quote, draft claims."""
