"""Claim types: the required booleans become per-field settings (hidden,
optional, required). Keep what each type required before the update."""

from odoo.tools import SQL

SETTINGS = {
    "lot_field": "require_lot",
    "attachment_field": "require_attachment",
    "description_field": "require_description",
}


def migrate(cr, version):
    for setting, boolean in SETTINGS.items():
        cr.execute(
            SQL(
                "ALTER TABLE claim_type ADD COLUMN IF NOT EXISTS %s varchar",
                SQL.identifier(setting),
            )
        )
        cr.execute(
            SQL(
                "UPDATE claim_type SET %s = CASE WHEN %s THEN 'required' "
                "ELSE 'optional' END",
                SQL.identifier(setting),
                SQL.identifier(boolean),
            )
        )
