from datetime import datetime

from odoo import Command

from .common import ClaimCommon


class ClaimContractCommon(ClaimCommon):
    """A Polish company, a service calendar in Warsaw (Monday to Friday,
    8-12 and 13-17) with a public holiday on Tuesday 3 March 2026, and
    helpers to make running contracts and business claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.pl")
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Service Desk Hours",
                "tz": "Europe/Warsaw",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                            "day_period": "morning" if start == 8 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Service desk holiday",
                "calendar_id": cls.calendar.id,
                # Tuesday 3 March 2026, the whole day in Warsaw (UTC+1)
                "date_from": datetime(2026, 3, 2, 23, 0),
                "date_to": datetime(2026, 3, 3, 22, 59, 59),
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Jan Kowalski", "email": "jan@example.com"}
        )

    @classmethod
    def _contract(cls, partner=None, run=True, slas=None, **vals):
        """A contract (running unless told) of ``partner`` (the B2B customer),
        valid in 2026, with the service levels ``slas``: {priority: (unit,
        response, resolution)}."""
        slas = slas or {
            "0": ("days", 2, 5),
            "2": ("hours", 4, 16),
        }
        values = {
            "name": "Premium Service",
            "partner_id": (partner or cls.customer).id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "resource_calendar_id": cls.calendar.id,
            "sla_ids": [
                Command.create(
                    {
                        "priority": priority,
                        "time_unit": unit,
                        "response_time": response,
                        "resolution_time": resolution,
                    }
                )
                for priority, (unit, response, resolution) in slas.items()
            ],
        }
        values.update(vals)
        contract = cls.env["claim.contract"].with_user(cls.manager).create(values)
        if run:
            contract.action_run()
        return contract

    def _claim(
        self, partner=None, received="2026-03-02 09:00:00", product=None, **vals
    ):
        """A claim received at ``received`` (UTC; 10:00 in Warsaw by default)."""
        values = {
            "partner_id": (partner or self.customer_contact).id,
            "claim_type_id": self.type_quantity.id,
            "date_received": received,
            "description": "<p>Broken.</p>",
            "line_ids": [
                Command.create(
                    {
                        "product_id": (product or self.product_a).id,
                        "quantity": 1,
                        "price_unit": 10,
                    }
                )
            ],
        }
        values.update(vals)
        return self.env["claim.claim"].with_user(self.operator).create(values)
