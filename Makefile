# One entry point for the dev loop; each target calls a script in scripts/.
.PHONY: run test lint typecheck serve bench eval
run:        ; ./scripts/run
test:       ; ./scripts/test
lint:       ; ./scripts/lint
typecheck:  ; .venv/bin/mypy
serve:      ; .venv/bin/assistant serve
bench:      ; ./scripts/bench
eval:       ; .venv/bin/assistant eval retrieval && .venv/bin/assistant eval synergies
