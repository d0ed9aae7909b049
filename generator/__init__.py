"""Static briefing-site generator: registers and articles in, verified Markdown pages out."""
