#!/usr/bin/env bash
# Development helper behind `make run`, `make test`, `make lint` and `make stop`.
#
# When no Odoo 19.0 is importable by $PYTHON it installs Odoo 19.0 Community
# into .local/ (a virtualenv in .local/venv, the source tree in .local/odoo;
# see "Odoo bootstrap" below). It installs what else is missing (PostgreSQL,
# Chromium, wkhtmltopdf from Debian; test tools from PyPI), starts a throwaway
# PostgreSQL cluster when no database server is given, writes an Odoo config
# under .local/ and runs Odoo.
set -euo pipefail

MODULE=claim_management
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
# A folder holding a link named after the module to this checkout: Odoo and
# pytest-odoo find the add-on by its folder name, whatever the checkout is called.
ADDONS_LINK_DIR="${TMPDIR:-/tmp}/claims-addons-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)"
# PYTHON given by the user: Odoo is used from (or installed into) that Python.
PYTHON_GIVEN=${PYTHON:+1}
PYTHON=${PYTHON:-python3}
# Where Odoo comes from when it must be installed (README.md, "Variables").
ODOO_SRC=${ODOO_SRC:-}
ODOO_REPO=${ODOO_REPO:-https://github.com/odoo/odoo.git}
ODOO_REF_GIVEN=${ODOO_REF:+1}
ODOO_REF=${ODOO_REF:-19.0}
VENV="$LOCAL/venv"
ODOO_DIR="$LOCAL/odoo"
# The Community parts of Odoo's source tree; odoo/enterprise is never taken,
# nor anything else a tree may hold beside them.
ODOO_PARTS=(odoo addons odoo-bin setup.py setup.cfg requirements.txt setup MANIFEST.in
    LICENSE COPYRIGHT README.md)
# make run WORKERS=2: Odoo's multi-process server (README.md, docs/deploy.md)
WORKERS=${WORKERS:-0}
# gevent (Odoo's long-polling process) loads its plugins through
# pkg_resources, which (setuptools < 70) does not find the newer
# zope.interface/zope.event releases (normalized dist-info names): the
# process would die at start. Releases it finds:
GEVENT_PINS=('zope.interface<7.3' 'zope.event<5.1')
RUN_DB=${CLAIMS_DB:-claims}
TEST_DB=${CLAIMS_TEST_DB:-claims_test}
HTTP_PORT=${HTTP_PORT:-8069}
TEST_HTTP_PORT=${TEST_HTTP_PORT:-8169}
# Python packages the tests need that are not in Odoo's requirements.
TEST_PY_PACKAGES=(pytest pytest-odoo websocket-client)
LINT_PY_PACKAGES=(ruff pylint-odoo)

say() { printf '\033[1m[claims]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[claims] %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- installs

apt_install() {
    # Install Debian packages, as root only; otherwise tell the user what to do.
    if ! is_root; then
        die "Missing system packages: $*. Install them (sudo apt-get install $*) and retry."
    fi
    say "Installing Debian packages: $*"
    if [ ! -f "$LOCAL/.apt-updated" ]; then
        apt-get update -qq >/dev/null
        mkdir -p "$LOCAL" && touch "$LOCAL/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pip_install() {
    say "Installing Python packages: $*"
    "$PYTHON" -m pip install -q --disable-pip-version-check "$@" 2>&1 \
        | grep -v -e '^WARNING: Location' -e 'Running pip as the' >&2 || true
    for pkg in "$@"; do
        "$PYTHON" -m pip show -q "${pkg%%[<>=!~]*}" >/dev/null 2>&1 \
            || die "Could not install Python package $pkg."
    done
}

py_has() { "$PYTHON" -c "import $1" >/dev/null 2>&1; }

has_odoo() {
    # $1: a Python; true when it imports Odoo 19
    "$1" -c 'import odoo.release, sys; sys.exit(0 if odoo.release.version_info[0] == 19 else 3)' \
        >/dev/null 2>&1
}

pick_python() {
    # Without PYTHON given: python3 when it imports Odoo 19 (nothing else
    # changes then), otherwise the virtualenv an earlier bootstrap made.
    [ -z "$PYTHON_GIVEN" ] || return 0
    has_odoo "$PYTHON" && return 0
    if [ -x "$VENV/bin/python" ]; then
        PYTHON="$VENV/bin/python"
    fi
}

check_odoo() {
    has_odoo "$PYTHON" && return 0
    bootstrap_odoo
    has_odoo "$PYTHON" \
        || die "Odoo 19.0 is still not importable by '$PYTHON' after installing it; see $LOCAL/odoo-install.log."
}

# ---------------------------------------------------------------- Odoo bootstrap

bootstrap_odoo() {
    # Odoo 19.0 Community into .local/: its source tree in .local/odoo, its
    # requirements and an editable install into .local/venv (or into PYTHON
    # when given). Every step is skipped when already done, so a failed
    # bootstrap continues where it stopped.
    local start=$SECONDS
    say "Odoo 19.0 is not importable by '$PYTHON': installing Odoo 19.0 Community into .local/ (once)."
    ensure_build_packages
    if [ -z "$PYTHON_GIVEN" ]; then
        if [ ! -x "$VENV/bin/python" ]; then
            say "Creating the virtualenv .local/venv"
            "$PYTHON" -m venv "$VENV" || { rm -rf "$VENV"; die "Could not create $VENV."; }
        fi
        PYTHON="$VENV/bin/python"
        has_odoo "$PYTHON" && return 0
    fi
    fetch_odoo
    install_odoo
    local took=$((SECONDS - start))
    say "Odoo 19.0 installed for '$PYTHON' in $((took / 60)) min $((took % 60)) s."
}

ensure_build_packages() {
    # What Odoo's pinned requirements need to build on Debian: a C compiler,
    # Python's headers, libpq (psycopg2), OpenLDAP and SASL (python-ldap), git
    # to fetch Odoo. Found by the files they provide, installed by package.
    if ! command -v dpkg >/dev/null; then
        say "Not a Debian system: Odoo's requirements need a C compiler, Python headers, libpq, OpenLDAP and SASL headers."
        return 0
    fi
    local missing=()
    command -v gcc >/dev/null && command -v make >/dev/null || missing+=(build-essential)
    "$PYTHON" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
        2>/dev/null || missing+=(python3-dev)
    if [ -z "$PYTHON_GIVEN" ] && [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    fi
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    if [ ! -f "$ODOO_DIR/.claims-odoo-source" ] && { [ -z "$ODOO_SRC" ] || [ -d "$ODOO_SRC" ]; }; then
        command -v git >/dev/null || missing+=(git)
    fi
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

fetch_odoo() {
    # .local/odoo: the Community parts of Odoo 19.0, from ODOO_SRC (a source
    # tree, a git repository or a .tar.gz/.zip archive) or a shallow clone of
    # ODOO_REPO at ODOO_REF. Outside git's view: .local/ is ignored.
    [ -f "$ODOO_DIR/.claims-odoo-source" ] && return 0
    local tmp="$LOCAL/odoo.partial"
    rm -rf "$ODOO_DIR" "$tmp"
    mkdir -p "$tmp"
    if [ -z "$ODOO_SRC" ]; then
        local clone="$LOCAL/odoo-clone"
        rm -rf "$clone"
        say "Cloning Odoo $ODOO_REF from $ODOO_REPO (shallow)"
        git clone -q --depth 1 --branch "$ODOO_REF" "$ODOO_REPO" "$clone" \
            || die "Could not clone $ODOO_REPO ($ODOO_REF). Set ODOO_REPO/ODOO_REF to a mirror or ODOO_SRC to a local tree or archive."
        copy_odoo_from_git "$clone" HEAD "$tmp"
        rm -rf "$clone"
    elif [ -f "$ODOO_SRC" ]; then
        say "Extracting Odoo from $ODOO_SRC"
        copy_odoo_from_archive "$ODOO_SRC" "$tmp"
    elif [ -f "$ODOO_SRC/odoo/release.py" ]; then
        say "Copying Odoo's Community parts from $ODOO_SRC"
        copy_odoo_from_dir "$ODOO_SRC" "$tmp"
    elif git -C "$ODOO_SRC" rev-parse --git-dir >/dev/null 2>&1; then
        local ref=HEAD
        [ -z "$ODOO_REF_GIVEN" ] || ref=$ODOO_REF
        say "Taking Odoo's Community parts from the git repository $ODOO_SRC ($ref)"
        copy_odoo_from_git "$ODOO_SRC" "$ref" "$tmp"
    else
        die "ODOO_SRC=$ODOO_SRC is neither an Odoo source tree, a git repository nor a .tar.gz/.zip archive."
    fi
    [ ! -e "$tmp/odoo/enterprise" ] || die "odoo/enterprise was copied from $ODOO_SRC; refusing."
    local version
    version=$(sed -n -E 's/^version_info = \(([0-9]+),.*/\1/p' "$tmp/odoo/release.py" 2>/dev/null | tr -d '\r')
    [ "$version" = 19 ] \
        || die "The Odoo tree from ${ODOO_SRC:-$ODOO_REPO} is version '${version:-unknown}', not 19.0."
    # Some snapshots store these files with Windows line endings: setuptools
    # and the odoo-bin shebang fail on them.
    local file
    for file in requirements.txt setup.py setup.cfg odoo-bin setup/odoo; do
        [ ! -f "$tmp/$file" ] || sed -i 's/\r$//' "$tmp/$file"
    done
    [ ! -f "$tmp/odoo-bin" ] || chmod +x "$tmp/odoo-bin"
    echo "${ODOO_SRC:-$ODOO_REPO@$ODOO_REF}" >"$tmp/.claims-odoo-source"
    mv "$tmp" "$ODOO_DIR"
}

copy_odoo_from_git() {
    # $1: a git repository (bare or not), $2: a commit-ish, $3: destination
    local repo=$1 ref=$2 dest=$3 parts=() part
    git -C "$repo" cat-file -e "$ref:odoo/release.py" 2>/dev/null \
        || die "$repo ($ref) holds no odoo/release.py."
    # odoo/ by its entries: git never walks odoo/enterprise then
    while IFS= read -r part; do
        [ "$part" = odoo/enterprise ] || parts+=("$part")
    done < <(git -C "$repo" ls-tree --name-only "$ref" odoo/)
    for part in "${ODOO_PARTS[@]}"; do
        [ "$part" != odoo ] || continue
        git -C "$repo" cat-file -e "$ref:$part" 2>/dev/null && parts+=("$part")
    done
    local status
    set +e
    # git archive reads the whole tree's attributes: a snapshot whose
    # odoo/enterprise blobs are absent makes it complain about them, although
    # none is taken; those complaints are dropped.
    git -C "$repo" archive --format=tar "$ref" -- "${parts[@]}" \
        2> >(grep -v "for 'odoo/enterprise/" >&2) | tar -x -C "$dest"
    status=("${PIPESTATUS[@]}")
    set -e
    [ "${status[*]}" = "0 0" ] || die "Could not read Odoo from the git repository $repo."
}

copy_odoo_from_dir() {
    # $1: an Odoo source tree, $2: destination
    local src=$1 dest=$2 parts=() part
    for part in "${ODOO_PARTS[@]}"; do
        [ -e "$src/$part" ] && parts+=("$part")
    done
    tar -C "$src" --exclude=./odoo/enterprise --exclude=odoo/enterprise --exclude=.git \
        --exclude=__pycache__ -cf - "${parts[@]}" | tar -x -C "$dest" \
        || die "Could not copy Odoo from $src."
}

copy_odoo_from_archive() {
    # $1: a .tar.gz/.tgz/.tar/.zip of an Odoo tree (at its root or in one
    # folder), $2: destination; only the Community parts are extracted.
    "$PYTHON" - "$1" "$2" "${ODOO_PARTS[@]}" <<'PY' || die "Could not extract Odoo from $1."
import pathlib, sys, tarfile, zipfile

archive, dest, parts = sys.argv[1], pathlib.Path(sys.argv[2]), set(sys.argv[3:])
if zipfile.is_zipfile(archive):
    handle = zipfile.ZipFile(archive)
    members = [(m.filename, m) for m in handle.infolist() if not m.is_dir()]
else:
    handle = tarfile.open(archive)
    members = [(m.name, m) for m in handle.getmembers() if m.isfile() or m.issym()]
names = [name for name, _ in members]
# the tree's root: where odoo/release.py is
roots = [n[: -len("odoo/release.py")] for n in names if n.endswith("odoo/release.py")]
roots = [r for r in roots if r.count("/") <= 1]
if not roots:
    sys.exit(f"{archive}: no odoo/release.py at its root or in its top folder")
root = min(roots, key=len)
count = 0
for name, member in members:
    if not name.startswith(root):
        continue
    rel = name[len(root):]
    if rel.split("/")[0] not in parts or rel.startswith("odoo/enterprise/"):
        continue
    if ".." in pathlib.PurePosixPath(rel).parts or rel.startswith("/"):
        continue
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(member, zipfile.ZipInfo):
        target.write_bytes(handle.read(member))
    elif member.issym():
        continue
    else:
        target.write_bytes(handle.extractfile(member).read())
        target.chmod(member.mode & 0o755 | 0o644)
    count += 1
print(f"{count} files", file=sys.stderr)
PY
}

odoo_pip() {
    # pip for the bootstrap, with its constraints (PIP_CONSTRAINT), output in
    # .local/odoo-install.log
    local log="$LOCAL/odoo-install.log"
    echo "+ pip $*" >>"$log"
    if ! PIP_CONSTRAINT="$LOCAL/pip-constraints.txt${PIP_CONSTRAINT:+ $PIP_CONSTRAINT}" \
            "$PYTHON" -m pip install --disable-pip-version-check "$@" >>"$log" 2>&1; then
        tail -25 "$log" >&2
        die "pip install $* failed; see $log."
    fi
}

install_odoo() {
    # Odoo's requirements (its pins for this Python), lxml-html-clean in the
    # same resolution (so that it keeps Odoo's lxml), then Odoo itself,
    # editable and without build isolation.
    # cbor2 5.4.2 does not build with setuptools >= 70.
    echo 'setuptools<70' >"$LOCAL/pip-constraints.txt"
    : >"$LOCAL/odoo-install.log"
    say "Installing pip tools, then Odoo's requirements (a few minutes the first time; log: .local/odoo-install.log)"
    odoo_pip -q wheel 'setuptools<70'
    odoo_pip -r "$ODOO_DIR/requirements.txt" lxml-html-clean "${GEVENT_PINS[@]}"
    say "Installing Odoo 19.0 from .local/odoo (editable)"
    odoo_pip --no-build-isolation --no-deps -e "$ODOO_DIR"
}

ensure_run_deps() {
    command -v wkhtmltopdf >/dev/null || apt_install wkhtmltopdf
    if [ "$WORKERS" -gt 0 ] &&
        ! "$PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' >/dev/null 2>&1; then
        say "gevent cannot start in '$PYTHON' (long polling of the workers' mode)."
        pip_install "${GEVENT_PINS[@]}"
        "$PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' \
            || die "gevent still cannot start in '$PYTHON'; run make run without WORKERS."
    fi
    # public holidays for the statutory claim deadlines
    py_has holidays || pip_install holidays
}

ensure_test_deps() {
    local missing=()
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    local pymissing=()
    py_has pytest_odoo || pymissing+=(pytest-odoo)
    py_has pytest || pymissing+=(pytest)
    py_has websocket || pymissing+=(websocket-client)
    py_has holidays || pymissing+=(holidays)
    [ ${#pymissing[@]} -eq 0 ] || pip_install "${pymissing[@]}"
}

ensure_lint_deps() {
    local pymissing=()
    command -v ruff >/dev/null || "$PYTHON" -m ruff --version >/dev/null 2>&1 || pymissing+=(ruff)
    py_has pylint_odoo || pymissing+=(pylint-odoo)
    [ ${#pymissing[@]} -eq 0 ] || pip_install "${pymissing[@]}"
}

# ---------------------------------------------------------------- PostgreSQL

external_db() {
    # A database server is given through libpq variables or an Odoo config.
    [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}${ODOO_RC:-}" ]
}

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    done
    command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
    return 1
}

as_pg() {
    # PostgreSQL refuses to run as root: run it as the postgres user then.
    # (from /: the postgres user may not enter the current folder)
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_location() {
    # The cluster lives in .local/pg of the checkout; if the postgres user
    # cannot reach that folder (a checkout in a private home), use /tmp.
    local dir="$LOCAL/pg"
    mkdir -p "$dir"
    if is_root; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            dir="${TMPDIR:-/tmp}/claims-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)"
            mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
        fi
    fi
    echo "$dir"
}

start_pg() {
    if external_db; then
        say "Using the database server given by PG*/ODOO_RC settings."
        return
    fi
    pg_bindir >/dev/null || apt_install postgresql
    local bin dir
    bin=$(pg_bindir) || die "PostgreSQL binaries not found."
    dir=$(pg_location)
    echo "$dir" >"$LOCAL/pg.location"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        say "Creating a throwaway PostgreSQL cluster in $dir"
        as_pg "$bin/initdb" -D "$dir/data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        mkdir -p "$dir/run" && { ! is_root || chown postgres: "$dir/run"; }
        cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir/run'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
max_connections = 100
EOF
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
            || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start."; }
    fi
    export PGHOST="$dir/run" PGUSER=odoo PGPORT=5432 PGDATABASE=postgres
}

stop_pg() {
    external_db && return 0
    [ -f "$LOCAL/pg.location" ] || return 0
    local bin dir
    bin=$(pg_bindir) || return 0
    dir=$(cat "$LOCAL/pg.location")
    [ -f "$dir/data/PG_VERSION" ] || return 0
    if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
}

# ---------------------------------------------------------------- OCA add-ons

# The OCA add-ons claim_management depends on (__manifest__.py "depends"):
# "<add-on>:<PyPI distribution>", each taken in its 19.0 release.
OCA_ADDONS=(
    "base_tier_validation:odoo-addon-base_tier_validation"
)
OCA_SERIES=19.0
# Outside the checkout (like the bench peer): Odoo walks the add-on's folder
# (translations export), and their files must not look like ours.
OCA_ADDONS_DIR="${TMPDIR:-/tmp}/claims-oca-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)"

ensure_oca_addons() {
    # Every OCA add-on of OCA_ADDONS unpacked into $OCA_ADDONS_DIR from its
    # PyPI wheel (pip download: nothing is installed into the Python
    # environment). Without one of them the add-on cannot be installed: fail.
    local entry name dist
    for entry in "${OCA_ADDONS[@]}"; do
        name=${entry%%:*}
        dist=${entry#*:}
        [ "$(cat "$OCA_ADDONS_DIR/.$name.pin" 2>/dev/null)" = "$dist==$OCA_SERIES.*" ] \
            && [ -f "$OCA_ADDONS_DIR/$name/__manifest__.py" ] && continue
        install_oca_addon "$name" "$dist" \
            || die "Could not get the OCA add-on $name ($dist==$OCA_SERIES.*) from PyPI: claim_management depends on it. Check the network or pip's index (PIP_INDEX_URL, PIP_FIND_LINKS)."
    done
}

install_oca_addon() {
    # $1: add-on, $2: its PyPI distribution; unpacks odoo/addons/$1 of the
    # wheel into $OCA_ADDONS_DIR/$1
    local name=$1 dist=$2 tmp
    tmp=$(mktemp -d)
    say "Downloading the OCA add-on $dist $OCA_SERIES from PyPI"
    if ! "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps \
            "$dist==$OCA_SERIES.*" -d "$tmp" >"$tmp/pip.log" 2>&1; then
        tail -5 "$tmp/pip.log" >&2
        rm -rf "$tmp"
        return 1
    fi
    mkdir -p "$OCA_ADDONS_DIR"
    rm -rf "${OCA_ADDONS_DIR:?}/$name"
    if ! "$PYTHON" - "$tmp" "$OCA_ADDONS_DIR" "$name" <<'PY'
import pathlib, sys, zipfile
tmp, dest, name = sys.argv[1:]
wheel = next(pathlib.Path(tmp).glob("*.whl"))
prefix = f"odoo/addons/{name}/"
count = 0
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        if member.startswith(prefix) and not member.endswith("/"):
            rel = pathlib.PurePosixPath(member[len(prefix):])
            if ".." in rel.parts:
                continue
            target = pathlib.Path(dest, name, *rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
            count += 1
if not count:
    sys.exit(f"{wheel.name} holds no odoo/addons/{name}")
print(f"[claims] {wheel.name}: {count} files", file=sys.stderr)
PY
    then
        rm -rf "$tmp"
        return 1
    fi
    echo "$dist==$OCA_SERIES.*" >"$OCA_ADDONS_DIR/.$name.pin"
    rm -rf "$tmp"
}

# ---------------------------------------------------------------- Odoo config

odoo_addons_path() {
    # Odoo's add-ons: inside the package (packaged installs) or beside it
    # (source checkouts); the OCA add-ons this add-on depends on (unpacked
    # from PyPI); plus a folder that reaches this add-on by its name.
    local pkg
    pkg=$("$PYTHON" -c 'import odoo, os; print(os.path.realpath(list(odoo.__path__)[0]))')
    local paths=()
    [ -d "$pkg/addons/sale_stock" ] && paths+=("$pkg/addons")
    [ -d "$pkg/../addons/sale_stock" ] && paths+=("$(cd "$pkg/../addons" && pwd)")
    [ ${#paths[@]} -gt 0 ] || die "Odoo's add-ons (sale_stock...) were not found next to $pkg."
    paths+=("$OCA_ADDONS_DIR")
    # The link lives outside the checkout: a link to the add-on inside the
    # add-on would make tools that walk its files loop.
    mkdir -p "$ADDONS_LINK_DIR"
    ln -sfn "$ROOT" "$ADDONS_LINK_DIR/$MODULE"
    paths+=("$ADDONS_LINK_DIR")
    (IFS=,; echo "${paths[*]}")
}

write_config() {
    # $1: config file, $2: http port
    local conf=$1 port=$2
    mkdir -p "$LOCAL/data"
    # here, not in odoo_addons_path: a failure there would not stop us
    ensure_oca_addons
    {
        echo "[options]"
        echo "addons_path = $(odoo_addons_path)"
        echo "data_dir = $LOCAL/data"
        echo "http_port = $port"
        echo "gevent_port = $((port + 3))"
        echo "list_db = True"
        echo "http_interface = ${HTTP_INTERFACE:-0.0.0.0}"
        if ! external_db || [ -z "${ODOO_RC:-}" ]; then
            [ -n "${PGHOST:-}" ] && echo "db_host = $PGHOST"
            [ -n "${PGPORT:-}" ] && echo "db_port = $PGPORT"
            [ -n "${PGUSER:-}" ] && echo "db_user = $PGUSER"
            [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD"
        fi
    } >"$conf"
    if [ -n "${ODOO_RC:-}" ]; then
        # Keep the user's own settings; ours only add the add-ons path.
        grep -v -E '^\s*(\[options\]|addons_path|http_port|gevent_port)\s*' "$ODOO_RC" >>"$conf" || true
    fi
}

odoo() {
    "$PYTHON" -m odoo "$@"
}

db_exists() {
    psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null | grep -q 1
}

module_installed() {
    psql -d "$1" -tAc "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null \
        | grep -qx installed
}

module_hash() {
    (cd "$ROOT" && git ls-files -z 2>/dev/null | xargs -0 cat 2>/dev/null | md5sum | cut -c1-32)
}

# ---------------------------------------------------------------- commands

show_progress() {
    # Odoo's log reduced to one line per module loaded, plus warnings, errors
    # and tracebacks (the lines without a timestamp).
    local line
    while IFS= read -r line; do
        case "$line" in
            *" odoo.modules.loading: Loading module "*)
                say "  module ${line##*Loading module }" ;;
            *" odoo.modules.loading: Module "*": loading demo"*)
                line=${line##*odoo.modules.loading: Module }
                say "  demo data of ${line%%:*}" ;;
            *" INFO "*) ;;
            *) printf '%s\n' "$line" >&2 ;;
        esac
    done
}

odoo_with_progress() {
    # Odoo with a line per module installed and the time it took.
    local start=$SECONDS status
    set +e
    odoo "$@" --log-level=warn --log-handler=odoo.modules.loading:INFO 2>&1 | show_progress
    status=${PIPESTATUS[0]}
    set -e
    local took=$((SECONDS - start))
    if [ "$status" != 0 ]; then
        die "Odoo failed (exit code $status) after $((took / 60)) min $((took % 60)) s."
    fi
    say "Done in $((took / 60)) min $((took % 60)) s."
}

cmd_run() {
    [[ "$WORKERS" =~ ^[0-9]+$ ]] || die "WORKERS must be a number (0: threaded server)."
    check_odoo
    ensure_run_deps
    start_pg
    local conf="$LOCAL/odoo.conf"
    write_config "$conf" "$HTTP_PORT"
    local stamp="$LOCAL/$RUN_DB.module-hash" hash
    hash=$(module_hash)
    if ! db_exists "$RUN_DB" || ! module_installed "$RUN_DB"; then
        say "Creating database '$RUN_DB' with demo data and $MODULE (about two minutes)..."
        odoo_with_progress -c "$conf" -d "$RUN_DB" -i "$MODULE" --with-demo --stop-after-init
        echo "$hash" >"$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
        say "Updating $MODULE in database '$RUN_DB'..."
        odoo -c "$conf" -d "$RUN_DB" -u "$MODULE" --stop-after-init --log-level=warn
        echo "$hash" >"$stamp"
    fi
    cat >&2 <<EOF

  Claims for Odoo is running at  http://localhost:$HTTP_PORT
  Demo logins (login / password):
    admin      / admin       claims manager, everything
    manager    / manager     claims manager
    operator   / operator    claims operator (all claims)
    technician / technician  claims user (own and followed claims)
    portal_b2b / portal_b2b  B2B customer contact (portal)
    warehouse  / warehouse   warehouse staff (Inventory; packed the demo deliveries)
    accountant / accountant  accountant (Invoicing; posted the demo invoices)
  Stop with Ctrl+C; 'make run' again keeps the data, 'make stop' stops PostgreSQL.

EOF
    local serve=(-m odoo -c "$conf" -d "$RUN_DB" --db-filter="^$RUN_DB\$")
    if [ "$WORKERS" -gt 0 ]; then
        # Odoo's multi-process server: HTTP workers, one cron worker and the
        # gevent process for long polling (websocket) on the gevent port. It
        # starts the gevent process by running its own script again
        # (sys.argv[0]), which `python -m odoo` does not give: a launcher does.
        local launcher="$LOCAL/odoo-server.py"
        printf '%s\n' "# written by tools/dev.sh: Odoo's server (make run WORKERS=N)" \
            "import odoo.cli" "" "odoo.cli.main()" >"$launcher"
        serve=("$launcher" "${serve[@]:2}" --workers="$WORKERS"
            --max-cron-threads="${MAX_CRON_THREADS:-1}")
        say "Serving with $WORKERS HTTP workers, ${MAX_CRON_THREADS:-1} cron worker(s), long polling on port $((HTTP_PORT + 3))."
    fi
    exec "$PYTHON" "${serve[@]}"
}

check_test_imports() {
    # Odoo's runner only runs the test modules tests/__init__.py imports,
    # pytest-odoo runs every tests/test_*.py: both must see the same files.
    local files imports missing unknown
    files=$(cd "$ROOT/tests" && ls test_*.py 2>/dev/null | sed 's/\.py$//' | sort)
    imports=$(sed -n -E 's/^from \. import (test_[A-Za-z0-9_]+).*$/\1/p' \
        "$ROOT/tests/__init__.py" | sort)
    missing=$(comm -23 <(echo "$files") <(echo "$imports"))
    unknown=$(comm -13 <(echo "$files") <(echo "$imports"))
    [ -z "$missing" ] || die "tests/__init__.py does not import: $(echo $missing) (Odoo's test runner would skip them); add 'from . import <name>'."
    [ -z "$unknown" ] || die "tests/__init__.py imports test modules that do not exist: $(echo $unknown)."
}

cmd_test() {
    check_test_imports
    check_odoo
    ensure_test_deps
    start_pg
    local conf="$LOCAL/odoo-$TEST_DB.conf" log="$LOCAL/$TEST_DB-install.log"
    write_config "$conf" "$TEST_HTTP_PORT"
    say "Creating a fresh database '$TEST_DB' with $MODULE (no demo data)..."
    dropdb --if-exists "$TEST_DB" 2>/dev/null || true
    rm -f "$log"
    rm -rf "$LOCAL/data/filestore/$TEST_DB"
    if ! odoo -c "$conf" -d "$TEST_DB" -i "$MODULE" --stop-after-init \
            --log-level=info --logfile="$log"; then
        grep -E ' (ERROR|CRITICAL) ' "$log" | tail -20 >&2 || true
        die "Installing $MODULE failed; see $log"
    fi
    if grep -E " (WARNING|ERROR|CRITICAL) .*($MODULE|claim\.)" "$log" >&2; then
        die "Installing $MODULE logged the warnings above; fix them."
    fi
    say "Running the test suite (pytest-odoo, HTTP server and headless Chromium)..."
    # pytest-odoo names test modules after the add-on folder, so the tests are
    # reached through a folder named claim_management, whatever the checkout is called.
    cd "$ADDONS_LINK_DIR"
    PYTHONPATH="$ROOT/tools/pytest${PYTHONPATH:+:$PYTHONPATH}" \
        "$PYTHON" -m pytest -p claims_strict \
        --odoo-database="$TEST_DB" --odoo-config="$conf" --odoo-http \
        -o cache_dir="$LOCAL/pytest_cache" "${PYTEST_ARGS[@]}" "$MODULE/tests"
}

cmd_lint() {
    ensure_lint_deps
    cd "$ROOT"
    say "ruff"
    "$PYTHON" -m ruff check .
    "$PYTHON" -m ruff format --check .
    say "pylint-odoo"
    "$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" --load-plugins=pylint_odoo \
        --valid-odoo-versions=19.0 "$ROOT"
}

cmd_pot() {
    # Regenerate i18n/claim_management.pot from the database of `make test`.
    check_odoo
    start_pg
    local conf="$LOCAL/odoo-$TEST_DB.conf"
    [ -f "$conf" ] && module_installed "$TEST_DB" || die "Run 'make test' first."
    ensure_oca_addons
    "$PYTHON" -m odoo i18n export -c "$conf" -d "$TEST_DB" "$MODULE" \
        -o "$ROOT/i18n/$MODULE.pot"
    say "Wrote i18n/$MODULE.pot"
    # Keep the translations in step: the .pot's entries, comments and order,
    # the translation of every msgid already translated, new ones empty (the
    # test of the translation files then names them), obsolete ones dropped.
    "$PYTHON" - "$ROOT/i18n" "$MODULE" <<'PY'
import pathlib, sys
import polib
folder, module = pathlib.Path(sys.argv[1]), sys.argv[2]
template = polib.pofile(str(folder / f"{module}.pot"))
for path in sorted(folder.glob("*.po")):
    old = polib.pofile(str(path))
    known = {entry.msgid: entry for entry in old if not entry.obsolete}
    new = polib.POFile(wrapwidth=old.wrapwidth)
    new.header, new.metadata = old.header, old.metadata
    empty = 0
    for entry in template:
        previous = known.get(entry.msgid)
        entry = polib.POEntry(
            msgid=entry.msgid,
            msgstr=previous.msgstr if previous else "",
            comment=entry.comment,
            tcomment=entry.tcomment,
            occurrences=entry.occurrences,
            flags=list(previous.flags) if previous else [],
        )
        empty += not entry.msgstr
        new.append(entry)
    new.save(str(path))
    print(f"[claims] {path.name}: {len(new)} entries, {empty} to translate", file=sys.stderr)
PY
}

cmd_api_key() {
    # An API key (valid 30 days) of a user of the `make run` database, for the
    # examples of docs/API.md. Users make their own in Preferences > Account
    # Security; this is for the demo.
    local login=${1:-}
    [ -n "$login" ] || die "usage: make api-key LOGIN=eshop"
    check_odoo
    start_pg
    local conf="$LOCAL/odoo.conf"
    [ -f "$conf" ] && module_installed "$RUN_DB" || die "Run 'make run' first."
    ensure_oca_addons
    CLAIMS_KEY_LOGIN="$login" "$PYTHON" -m odoo shell -c "$conf" -d "$RUN_DB" \
        --no-http --log-level=error 2>/dev/null <<'PY' | sed -n 's/^CLAIMS_API_KEY=//p' | grep . \
        || die "No user '$login' in database '$RUN_DB'."
import datetime, os
user = env["res.users"].search([("login", "=", os.environ["CLAIMS_KEY_LOGIN"])])
if user:
    key = env["res.users.apikeys"].with_user(user).sudo()._generate(
        None, "make api-key", datetime.datetime.now() + datetime.timedelta(days=30)
    )
    env.cr.commit()
    print("CLAIMS_API_KEY=" + key)
PY
}

# ---------------------------------------------------------------- bench

# The OCA peers, from PyPI: helpdesk_mgmt (tickets) and rma (returns).
# Outside the checkout: Odoo walks the add-on's folder (translations export),
# and the peers' files must not look like ours.
PEER_ADDONS_DIR="${TMPDIR:-/tmp}/claims-bench-peer-$(printf '%s' "$ROOT" | md5sum | cut -c1-10)"

install_peer() {
    # $1: add-on, $2: its PyPI distribution. The 19.0 wheel is downloaded with
    # pip and the add-on unpacked into $PEER_ADDONS_DIR (not into
    # site-packages: nothing else of the environment changes).
    local addon=$1 pypi=$2 dir="$PEER_ADDONS_DIR"
    [ -f "$dir/$addon/__manifest__.py" ] && return 0
    local tmp
    tmp=$(mktemp -d)
    say "Downloading the peer $pypi 19.0 from PyPI"
    if ! "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps \
            "$pypi==19.0.*" -d "$tmp" >/dev/null 2>&1; then
        rm -rf "$tmp"
        return 1
    fi
    mkdir -p "$dir"
    "$PYTHON" - "$tmp" "$dir" "$addon" <<'PY'
import pathlib, sys, zipfile
tmp, dest, name = sys.argv[1:]
wheel = next(pathlib.Path(tmp).glob("*.whl"))
prefix = f"odoo/addons/{name}/"
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        if member.startswith(prefix) and not member.endswith("/"):
            target = pathlib.Path(dest, name, member[len(prefix):])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
PY
    rm -rf "$tmp"
}

bench_db() {
    # $1: database, $2: module to install; a template database keeps the
    # installed module so that each data set starts from a fresh copy.
    local db=$1 module=$2 conf=$3 tpl="$1_tpl" stamp="$LOCAL/bench/$1_tpl.module-hash" hash
    hash=$(module_hash)
    if ! db_exists "$tpl"; then
        say "Creating database '$tpl' with $module..."
        odoo -c "$conf" -d "$tpl" -i "$module" --stop-after-init --log-level=warn
        echo "$hash" >"$stamp"
    elif [ "$module" = "$MODULE" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
        say "Updating $module in '$tpl'..."
        odoo -c "$conf" -d "$tpl" -u "$module" --stop-after-init --log-level=warn
        echo "$hash" >"$stamp"
    fi
}

bench_param() {
    # $1: database, $2: key under claim_bench. (written by the generators)
    psql -d "$1" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'claim_bench.$2'" \
        2>/dev/null || true
}

generator_hash() {
    # the same digest as bench/generate.py's generator_hash()
    cat "$ROOT/bench/generate.py" "$ROOT/bench/common.py" | md5sum | cut -c1-32
}

rma_generator_hash() {
    # the same digest as bench/generate_rma.py's generator_hash()
    cat "$ROOT/bench/generate_rma.py" "$ROOT/bench/generate.py" "$ROOT/bench/common.py" |
        md5sum | cut -c1-32
}

load_peer() {
    # $1: database, $2: add-on, $3: generator script, $4: its size option,
    # $5: size, $6: generator digest to compare with claim_bench.<$7> ("" when
    # only the size counts). Loads the data again when they changed.
    local db=$1 addon=$2 script=$3 option=$4 size=$5 digest=$6 key=$7
    bench_db "$db" "$addon" "$conf"
    if [ "$(bench_param "$db" claims)" != "$size" ] ||
        { [ -n "$digest" ] && [ "$(bench_param "$db" "$key")" != "$digest" ]; }; then
        say "Loading $size records of $addon into '$db'..."
        dropdb --if-exists "$db"
        createdb -T "${db}_tpl" "$db"
        "$PYTHON" "$ROOT/bench/$script" -c "$conf" -d "$db" "$option" "$size"
    fi
}

cmd_bench() {
    # Benchmarks of issues 9 and 22 (bench/README.md): BENCH_CLAIMS claims, as
    # many tickets of the OCA peer helpdesk_mgmt and as many RMAs of the OCA
    # peer rma, in the databases bench_claims, bench_peer and bench_rma.
    check_odoo
    start_pg
    local size=${BENCH_CLAIMS:-10000}
    local claims_db=${BENCH_DB:-bench_claims} peer_db=${BENCH_PEER_DB:-bench_peer}
    local rma_db=${BENCH_RMA_DB:-bench_rma}
    local conf="$LOCAL/odoo-bench.conf" peer=1 rma=1
    mkdir -p "$LOCAL/bench"
    write_config "$conf" "${BENCH_HTTP_PORT:-8269}"
    if ! install_peer helpdesk_mgmt odoo-addon-helpdesk-mgmt; then
        say "The peer odoo-addon-helpdesk-mgmt could not be downloaded: peer n/a."
        peer=0
    fi
    # rma depends on stock_account (stock, account): its own databases
    if ! install_peer rma odoo-addon-rma; then
        say "The peer odoo-addon-rma could not be downloaded: rma n/a."
        rma=0
    fi
    [ -d "$PEER_ADDONS_DIR" ] && sed -i "s|^addons_path = .*|&,$PEER_ADDONS_DIR|" "$conf"
    bench_db "$claims_db" "$MODULE" "$conf"
    local hash
    hash=$(module_hash)
    # a changed generator loads the data again
    if [ "$(bench_param "$claims_db" claims)" != "$size" ] ||
        [ "$(bench_param "$claims_db" generator)" != "$(generator_hash)" ]; then
        say "Loading $size claims into '$claims_db'..."
        dropdb --if-exists "$claims_db"
        createdb -T "${claims_db}_tpl" "$claims_db"
        "$PYTHON" "$ROOT/bench/generate.py" -c "$conf" -d "$claims_db" --claims "$size"
        echo "$hash" >"$LOCAL/bench/$claims_db.module-hash"
    elif [ "$(cat "$LOCAL/bench/$claims_db.module-hash" 2>/dev/null)" != "$hash" ]; then
        say "Updating $MODULE in '$claims_db'..."
        odoo -c "$conf" -d "$claims_db" -u "$MODULE" --stop-after-init --log-level=warn
        echo "$hash" >"$LOCAL/bench/$claims_db.module-hash"
    fi
    # issue 21: root causes on the claim lines and an 8D report (bench/quality.py),
    # loaded once per data set (marker claim_bench.quality: step version and size)
    if [ "$(bench_param "$claims_db" quality)" != "1:$size" ]; then
        say "Loading root causes and an 8D report into '$claims_db'..."
        "$PYTHON" "$ROOT/bench/quality.py" -c "$conf" -d "$claims_db"
    fi
    # claim rates (issue 21 B): carriers and unclaimed deliveries, once per
    # load (marker claim_bench.rates), then a full refresh of the rates table
    "$PYTHON" "$ROOT/bench/rates.py" -c "$conf" -d "$claims_db" --load
    local peer_args=(--peer-db "$peer_db" --rma-db "$rma_db")
    if [ "$peer" = 1 ]; then
        load_peer "$peer_db" helpdesk_mgmt generate_peer.py --tickets "$size" "" ""
    else
        peer_args[1]=""
    fi
    if [ "$rma" = 1 ]; then
        load_peer "$rma_db" rma generate_rma.py --rmas "$size" \
            "$(rma_generator_hash)" rma_generator
    else
        peer_args[3]=""
    fi
    # full runs (1,000,000 claims) are recorded in bench/RESULTS.md
    local record=()
    [ "$size" -ge 1000000 ] && record=(--record "$ROOT/bench/RESULTS.md")
    "$PYTHON" "$ROOT/bench/run.py" -c "$conf" --claims-db "$claims_db" "${peer_args[@]}" \
        --plans "$LOCAL/bench/plans-$size.txt" --json "$LOCAL/bench/results-$size.json" \
        "${record[@]}" "${PYTEST_ARGS[@]}"
    "$PYTHON" "$ROOT/bench/rates.py" -c "$conf" -d "$claims_db" "${record[@]}"
}

main() {
    local cmd=${1:-}
    shift || true
    PYTEST_ARGS=("$@")
    pick_python
    case "$cmd" in
        run) cmd_run ;;
        test) cmd_test ;;
        lint) cmd_lint ;;
        stop) stop_pg ;;
        pot) cmd_pot ;;
        bench) cmd_bench ;;
        api-key) cmd_api_key "${PYTEST_ARGS[@]}" ;;
        *) die "usage: tools/dev.sh run|test|lint|stop|pot|bench|api-key LOGIN" ;;
    esac
}

main "$@"
