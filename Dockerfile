# One image for every role (web, worker, scheduler, migrate): the docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p core workflows bot sms_gateway review_ui dtm \
    && for p in core workflows bot sms_gateway review_ui dtm; do touch $p/__init__.py; done \
    && pip install -e . \
    && rm -rf core workflows bot sms_gateway review_ui dtm

# Editable install: `dtm db upgrade` finds the migrations in /app/alembic beside the packages.
COPY . .
RUN pip install --no-deps -e . && useradd --system --home /app dtm && chown -R dtm /app
USER dtm

EXPOSE 8000
CMD ["dtm", "serve", "--host", "0.0.0.0"]
