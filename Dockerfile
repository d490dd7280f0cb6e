# The app image: stateless processes; state lives in PostgreSQL, the Chroma server and the
# /data volume (uploaded files). See docs/deploy.md.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False \
    ASSISTANT_DATA_DIR=/data
WORKDIR /app
# CPU-only torch first, so sentence-transformers does not pull a multi-GB CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
# The dependencies in their own layer: a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt && rm /tmp/requirements.txt
COPY assistant ./assistant
COPY knowledge ./knowledge
COPY prompts ./prompts
# Editable: the prompt templates are read from /app/prompts beside the package.
RUN pip install --no-cache-dir --no-deps -e . \
 && useradd --create-home --uid 10001 app && mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
CMD ["assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
