"""The register: reading the YAML files and articles, and checking all of it."""
