.PHONY: setup voorbeelden test lint ci benchmark
setup:
	bash scripts/setup.sh
voorbeelden:
	bash scripts/voorbeelden.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy
ci:
	bash .ci/run
benchmark:
	.venv/bin/python benchmarks/run.py
