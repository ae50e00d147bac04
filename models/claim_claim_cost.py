from odoo import Command, api, fields, models

from .claim_locks import serialize_on

# the field of the cost entry naming the document whose cost it posts
COST_DOCUMENT_FIELDS = {
    "stock.picking": "claim_cost_picking_id",
    "repair.order": "claim_cost_repair_id",
}


class ClaimClaim(models.Model):
    """Claim costs posted separately: one journal entry per replacement
    delivery (or its return) and per repair, moving the cost of the goods to
    the company's claims cost account."""

    _inherit = "claim.claim"

    cost_move_ids = fields.One2many(
        "account.move",
        "claim_cost_claim_id",
        string="Cost Entries",
        readonly=True,
        help="Journal entries posting the replacement and repair costs of the "
        "claim to the claims cost account.",
    )
    cost_move_count = fields.Integer(
        compute="_compute_cost_move_count", compute_sudo=True
    )

    @api.depends("cost_move_ids")
    def _compute_cost_move_count(self):
        for claim in self:
            claim.cost_move_count = len(claim.cost_move_ids)

    def action_view_cost_moves(self):
        self.ensure_one()
        return self._action_open_documents(
            self.cost_move_ids,
            self.env._("Cost Entries"),
            {"default_move_type": "entry"},
        )

    @api.model
    def _post_cost_entries(self, documents, moves_by_document):
        """Post the claim cost entry of each of `documents` (done pickings or
        repairs of one model) for its stock moves in `moves_by_document`.

        Idempotent: the documents' rows are locked first (a second worker
        waits, then fails to serialize and is retried) and a document with an
        entry gets no other. Nothing is posted for companies without a claims
        cost account, nor for moves without cost.
        """
        field = COST_DOCUMENT_FIELDS[documents._name]
        documents = documents.filtered(lambda doc: moves_by_document.get(doc))
        documents = documents.filtered(lambda doc: doc.company_id.claim_cost_account_id)
        if not documents:
            return self.env["account.move"]
        serialize_on(documents)
        # sudo: warehouse and repair users finish the documents; they need no
        # accounting rights for the claims to post their costs.
        AccountMove = self.env["account.move"].sudo()
        done = AccountMove.search([(field, "in", documents.ids)]).mapped(field)
        entries = AccountMove
        for document in documents - done:
            entries |= self._post_cost_entry(
                document, field, moves_by_document[document]
            )
        return entries

    @api.model
    def _post_cost_entry(self, document, field, moves):
        company = document.company_id
        claim = (moves.claim_line_id.claim_id | moves.repair_id.claim_id)[:1]
        line_vals = [
            vals
            for move in moves
            for vals in self._prepare_cost_line_vals(claim, document, move)
        ]
        if not line_vals:
            return self.env["account.move"]
        entry = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(self._prepare_cost_entry_vals(claim, document, field, line_vals))
        )
        entry._post(soft=False)
        claim.sudo()._log_documents(self.env._("Cost entry posted:"), entry)
        return entry

    @api.model
    def _prepare_cost_entry_vals(self, claim, document, field, line_vals):
        """The journal entry posting the cost of ``document`` (a done picking
        or repair, named by ``field``) for ``claim``; ``line_vals``: its
        lines (``_prepare_cost_line_vals``)."""
        company = document.company_id
        journal = company.claim_cost_journal_id or company._claim_default_cost_journal()
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self),
            "ref": self.env._(
                "Claim cost %(claim)s: %(document)s",
                claim=claim.name,
                document=document.name,
            ),
            "claim_cost_claim_id": claim.id,
            field: document.id,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    @api.model
    def _prepare_cost_line_vals(self, claim, document, move):
        """Debit the claims cost account, credit where Odoo books the cost
        (the other way round for goods the customer sent back)."""
        currency = move.company_id.currency_id
        amount = move._claim_cost_value()
        if currency.is_zero(amount):
            return []
        if move.claim_move_kind == "replacement_return":
            amount = -amount
        company = move.company_id
        name = f"{claim.name} - {document.name}: {move.product_id.display_name}"
        common = {
            "name": name,
            "partner_id": claim.commercial_partner_id.id,
            "product_id": move.product_id.id,
            "quantity": move.product_qty,
            "product_uom_id": move.product_id.uom_id.id,
        }
        cost_vals = {
            **common,
            "account_id": company.claim_cost_account_id.id,
            "debit": max(amount, 0.0),
            "credit": max(-amount, 0.0),
        }
        if company.claim_analytic_account_id:
            cost_vals["analytic_distribution"] = {
                str(company.claim_analytic_account_id.id): 100.0
            }
        counterpart_vals = {
            **common,
            "account_id": move._claim_cost_counterpart_account().id,
            "debit": max(-amount, 0.0),
            "credit": max(amount, 0.0),
        }
        return [cost_vals, counterpart_vals]
