"""A stock wagtail.contrib.forms page, installed only by config.settings.bench, as the benchmark's baseline."""
