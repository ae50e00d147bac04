"""pytest plugin used by `make test`: a green run must have tested everything.

- A skipped test fails: Odoo skips browser tests when Chromium or
  websocket-client is missing, and skips HTTP tests without --odoo-http.
- A warning (or worse) logged by the add-on during the run fails the session.
"""

import logging

import pytest

MODULE_LOGGER = "odoo.addons.claim_management"


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


_collector = _Collector()


def pytest_configure(config):
    logging.getLogger(MODULE_LOGGER).addHandler(_collector)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = (
            report.longrepr[2]
            if isinstance(report.longrepr, tuple)
            else report.longrepr
        )
        report.outcome = "failed"
        report.longrepr = f"Skipped tests are not allowed in `make test`: {reason}"


def pytest_sessionfinish(session, exitstatus):
    if _collector.records:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [
            f"{r.levelname} {r.name}: {r.getMessage()}" for r in _collector.records
        ]
        if reporter:
            reporter.write_sep("=", "warnings logged by claim_management", red=True)
            for line in lines:
                reporter.write_line(line)
        if session.exitstatus == 0:
            session.exitstatus = 1
