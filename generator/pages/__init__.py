"""The pages: what each page shows (views), how it is laid out (templates, blocks, chart) and in which words."""
