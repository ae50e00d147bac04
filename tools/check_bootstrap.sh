#!/usr/bin/env bash
# End-to-end check of the Odoo bootstrap of tools/dev.sh (README.md, "Checking
# the bootstrap"); not part of `make test`.
#
# In a temporary clone of this checkout (its committed state), with PYTHON
# pointing at a fresh virtualenv without Odoo, it runs `make test` on a few
# test files (tools/dev.sh test -k ..., what make test runs): tools/dev.sh gets Odoo 19.0 Community from ODOO_SRC (or clones
# ODOO_REPO at ODOO_REF), installs it into the virtualenv, creates a fresh
# database with the add-on and runs the tests. Then it proves that the
# virtualenv imports Odoo 19 from the clone's .local/odoo, that nothing but
# Odoo's Community parts were taken and that the clone's git tree is clean.
#
#   ODOO_SRC=/path/to/odoo-19.0 tools/check_bootstrap.sh
#
# Variables: ODOO_SRC, ODOO_REPO, ODOO_REF (as for make run), CHECK_PYTHON (the
# Python the virtualenv is made from, python3), CHECK_TESTS (pytest -k
# expression; default: the claim type tests and the dashboard's, which runs a
# tour in headless Chromium), CLAIMS_TEST_DB (claims_bootcheck),
# TEST_HTTP_PORT (8179), CHECK_KEEP=1 keeps the temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE_PYTHON=${CHECK_PYTHON:-python3}
TESTS=${CHECK_TESTS:-test_claim_type or test_claim_dashboard}

say() { printf '\033[1m[check-bootstrap]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[check-bootstrap] %s\033[0m\n' "$*" >&2; exit 1; }

start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/claims-bootcheck.XXXXXX")
clone="$work/claim_management"
venv="$work/venv"

cleanup() {
    [ -d "$clone" ] && (cd "$clone" && bash tools/dev.sh stop >/dev/null 2>&1) || true
    if [ "${CHECK_KEEP:-}" = 1 ]; then
        say "Kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] \
    || say "Uncommitted changes are not checked: the clone holds the last commit."
git clone -q "$ROOT" "$clone"
say "Clone of $(git -C "$clone" log -1 --format='%h %s' | cut -c1-70) in $clone"

"$BASE_PYTHON" -m venv "$venv"
if "$venv/bin/python" -c 'import odoo' >/dev/null 2>&1; then
    die "The fresh virtualenv already imports odoo; the check needs one without."
fi
say "Fresh virtualenv without Odoo: $venv ($("$venv/bin/python" --version))"

unset ODOO_RC PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
source_label=${ODOO_SRC:-"a clone of ${ODOO_REPO:-the official repository}"}
say "make test -k '$TESTS' with PYTHON=$venv/bin/python, Odoo from $source_label"
(
    cd "$clone"
    export PYTHON="$venv/bin/python"
    export CLAIMS_TEST_DB=${CLAIMS_TEST_DB:-claims_bootcheck}
    export TEST_HTTP_PORT=${TEST_HTTP_PORT:-8179}
    bash tools/dev.sh test -k "$TESTS"
) || die "make test failed in the clone (after $((SECONDS - start)) s)."

say "Checking what the bootstrap left"
version=$(cd "$work" && "$venv/bin/python" -c \
    'import odoo.release, os; print(odoo.release.version, os.path.realpath(odoo.release.__file__))') \
    || die "The virtualenv does not import odoo.release."
say "  the virtualenv imports Odoo $version"
case "$version" in
    "19.0"*" $clone/.local/odoo/odoo/release.py") ;;
    *) die "Expected Odoo 19.0 from $clone/.local/odoo, got: $version" ;;
esac
[ ! -e "$clone/.local/odoo/odoo/enterprise" ] || die ".local/odoo holds odoo/enterprise."
extra=$(ls -A "$clone/.local/odoo" | grep -v -x -E \
    'odoo|addons|odoo-bin|setup\.py|setup\.cfg|requirements\.txt|setup|MANIFEST\.in|LICENSE|COPYRIGHT|README\.md|\.claims-odoo-source|odoo\.egg-info' \
    || true)
[ -z "$extra" ] || die ".local/odoo holds more than Odoo's Community parts: $extra"
say "  .local/odoo holds only Odoo's Community parts (no odoo/enterprise)"
[ -z "$(git -C "$clone" status --porcelain)" ] || die "The bootstrap changed the clone's git tree."
say "  the clone's git tree is clean (.local/ is ignored)"
took=$((SECONDS - start))
say "Bootstrap check passed in $((took / 60)) min $((took % 60)) s."
