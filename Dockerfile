# The app image: stateless processes; state lives in PostgreSQL and the Chroma server.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False
WORKDIR /app
# CPU-only torch first, so sentence-transformers does not pull a CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY assistant ./assistant
RUN pip install --no-cache-dir .
COPY knowledge ./knowledge
COPY prompts ./prompts
EXPOSE 8000
CMD ["assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
