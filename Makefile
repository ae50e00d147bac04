# Claims for Odoo: developer commands. Without an importable Odoo 19.0, run and
# test install Odoo 19.0 Community into .local/ first (README.md).
SHELL := /bin/bash
DEV := tools/dev.sh

.PHONY: run test lint stop pot bench api-key help

help:
	@echo "make run   - serve the add-on with demo data on http://localhost:8069 (WORKERS=2: multi-process)"
	@echo "make test  - run the whole test suite on a fresh database"
	@echo "make lint  - ruff and pylint-odoo"
	@echo "make stop  - stop the throwaway PostgreSQL server"
	@echo "make pot   - regenerate i18n/claim_management.pot (after make test)"
	@echo "make api-key LOGIN=eshop - an API key of a demo user (docs/API.md)"
	@echo "make bench - benchmarks against the OCA peers helpdesk_mgmt and rma (BENCH_CLAIMS=1000000 for the full run)"

run:
	@bash $(DEV) run

test:
	@bash $(DEV) test $(PYTEST_ARGS)

lint:
	@bash $(DEV) lint

stop:
	@bash $(DEV) stop

pot:
	@bash $(DEV) pot

bench:
	@bash $(DEV) bench $(BENCH_ARGS)

api-key:
	@bash $(DEV) api-key $(LOGIN)
