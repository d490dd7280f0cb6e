"""The browser UI: server-rendered Jinja2 pages with small local JavaScript (no CDN)."""
