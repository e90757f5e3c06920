# netgroups in a container: the bot with the Discord and Matrix adapters, running as an unprivileged
# user, its data (the SQLite database, a Matrix session) in the /data volume.
#
#   docker build -t netgroups .
#   docker run -d --name netgroups --env-file .env -v netgroups-data:/data netgroups
#
# Settings come from NETGROUPS_* variables (see config.example.toml), or from a config file mounted
# into the container and named with NETGROUPS_CONFIG. With PostgreSQL, set DATABASE_URL (compose.yaml).

# The builder installs netgroups and its dependencies into a virtual environment; only that
# environment goes into the final image (no build tools, no pip cache, no source tree).
FROM python:3.11-slim AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/netgroups
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY netgroups ./netgroups
RUN /opt/netgroups/bin/pip install --no-cache-dir ".[discord,matrix]"

FROM python:3.11-slim
LABEL org.opencontainers.image.title="netgroups" \
      org.opencontainers.image.description="A bot that runs professional networking groups on Discord and Matrix" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
RUN groupadd --system --gid 10001 netgroups \
    && useradd --system --uid 10001 --gid netgroups --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin netgroups \
    && install -d -o netgroups -g netgroups -m 0700 /data
COPY --from=builder /opt/netgroups /opt/netgroups
ENV PATH="/opt/netgroups/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    NETGROUPS_STORAGE_DATA_DIR=/data
WORKDIR /data
USER 10001:10001
VOLUME ["/data"]
# The public pages and calendar feeds, when NETGROUPS_WEB_LISTEN=0.0.0.0:8080 is set (off by default).
EXPOSE 8080
# Healthy while the bot is up and its platforms and database answer (`netgroups check --live`).
# The start period covers migrations and the first login.
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s --retries=3 \
    CMD ["netgroups", "check", "--live"]
ENTRYPOINT ["netgroups"]
CMD ["run"]
