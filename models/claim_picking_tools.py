"""Transfers the add-on validates itself (loaners, service orders)."""

from odoo import Command
from odoo.exceptions import UserError


def validate_with_move_lines(picking, move_lines, error_message):
    """Validate the confirmed ``picking`` with the given detailed operations.

    ``move_lines`` pairs each move of the picking with the values of its one
    move line (product, lot, quantity, ...; the locations and the picking are
    the picking's): what Odoo reserved is replaced by them, the moves are
    marked picked and the picking is validated without backorder. Raises a
    UserError with ``error_message`` when the picking is not done then.
    """
    for move, line_vals in move_lines:
        move.move_line_ids.unlink()
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            **line_vals,
                            "location_id": picking.location_id.id,
                            "location_dest_id": picking.location_dest_id.id,
                            "picking_id": picking.id,
                        }
                    )
                ],
                "picked": True,
            }
        )
    picking.with_context(skip_backorder=True).button_validate()
    if picking.state != "done":
        raise UserError(error_message)
    return picking
