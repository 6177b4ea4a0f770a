# PhoneSpec: one bot process. Several of them (shard ranges) and PostgreSQL: compose.yaml.
# Minimal on purpose, and not built where it was written (no Docker engine there): build it
# with `docker build -t phonespec .` before relying on it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATA_PATH=/srv/phonespec/data/specs.yaml \
    STATE_DIR=/srv/phonespec/state \
    CATALOG_CACHE_DIR=/srv/phonespec/cache

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip install --no-cache-dir . \
    && useradd --system --home /srv/phonespec phonespec \
    && mkdir -p /srv/phonespec/data /srv/phonespec/state /srv/phonespec/cache
# The bundled catalog, copied into the data volume on its first use (see compose.yaml).
COPY data /app/data
RUN cp /app/data/specs.yaml /srv/phonespec/data/specs.yaml \
    && chown -R phonespec /srv/phonespec

USER phonespec
WORKDIR /srv/phonespec
# SIGTERM (docker stop) closes the gateway session cleanly.
CMD ["python", "-m", "bot"]
