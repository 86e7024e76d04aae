# Two commands matter: `make run` and `make test`. Both build what is missing first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench clean browser fonts redis

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The browser tests drive Debian's chromium (Playwright's own download is not possible offline).
browser:
	@command -v chromium >/dev/null || test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Invoices, credit notes and statements are PDFs set in DejaVu (€, £, accented names); the portal
# refuses to start without the fonts (PORTAL_PDF_FONT_DIR names another folder).
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing Debian's fonts-dejavu-core for the PDFs"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null; }

# The shared cache's tests run a real Redis (Debian's redis-server): each test run starts its own
# on a free loopback port, without persistence (a service apt may start is not used).
redis:
	@command -v redis-server >/dev/null || test -x /usr/bin/redis-server || { \
	  echo "Installing Debian's redis-server for the tests of the shared cache"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }

run: $(STAMP) fonts
	$(BIN)/python -m devtools.run_local

test: $(STAMP) browser fonts redis
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) fonts redis
	$(BIN)/python -m devtools.bench
	$(BIN)/python -m devtools.bench_pages
	$(BIN)/python -m devtools.bench_pdf
	$(BIN)/python -m devtools.bench_busy

clean:
	rm -rf $(VENV) data .pytest_cache
