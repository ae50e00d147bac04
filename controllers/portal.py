from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from ..models.claim_state import OPEN_STATES

# Documents a portal customer may start a claim from (model names allowed in
# URLs); sales orders are claimed through their invoices or deliveries.
CLAIMABLE_MODELS = ("account.move", "stock.picking")
# Messages of the detail page after a successful action (?success=...).
SUCCESS_KEYS = ("created", "replied", "accepted", "disputed", "rated")


class ClaimPortal(CustomerPortal):
    """Claims of the portal customer's commercial partner: list, detail page,
    reply, accept or dispute the resolution, and new claims from their own
    invoices and deliveries. Every rule lives on claim.claim; these routes
    parse the request, check access and call the model."""

    # The pager counts at most this many claims: counting all claims of a very
    # large customer on every page costs more than the list itself.
    _claim_count_limit = 10000

    # ------------------------------------------------------------------
    # Home and list
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "claim_count" in counters:
            Claim = request.env["claim.claim"]
            values["claim_count"] = (
                Claim.search_count(
                    self._claim_portal_domain(), limit=self._claim_count_limit
                )
                if Claim.has_access("read")
                else 0
            )
        return values

    def _claim_portal_domain(self):
        """Claims of the user's commercial partner. Explicit on the stored,
        indexed commercial partner, on top of the portal record rule."""
        partner = request.env.user.partner_id.commercial_partner_id
        return Domain("commercial_partner_id", "=", partner.id)

    def _claim_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_received desc, id desc",
            },
            "number": {"label": request.env._("Number"), "order": "name desc, id desc"},
            "state": {
                "label": request.env._("Status"),
                "order": "state, date_received desc",
            },
            "deadline": {
                "label": request.env._("Deadline"),
                "order": "resolution_deadline asc nulls last, id desc",
            },
        }

    def _claim_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": Domain.TRUE},
            "open": {
                "label": request.env._("Open"),
                "domain": Domain("state", "in", OPEN_STATES),
            },
            "resolved": {
                "label": request.env._("Resolved"),
                "domain": Domain("state", "in", ("resolved", "closed")),
            },
        }

    def _claim_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in All")},
            "number": {"input": "number", "label": request.env._("Search in Number")},
            "product": {
                "input": "product",
                "label": request.env._("Search in Product"),
            },
            "document": {
                "input": "document",
                "label": request.env._("Search in Document"),
            },
        }

    def _claim_search_domain(self, search_in, search):
        if not search:
            return Domain.TRUE
        domains = []
        if search_in in ("number", "all"):
            # our number or the customer's own reference of the claim
            domains.append(Domain("name", "ilike", search))
            domains.append(Domain("customer_ref", "ilike", search))
        if search_in in ("product", "all"):
            products = self._claim_customer_products(search)
            domains.append(
                Domain(
                    "line_ids",
                    "any",
                    self._claim_portal_domain() & Domain("product_id", "in", products),
                )
            )
        if search_in in ("document", "all"):
            domains.append(Domain("source_document", "ilike", search))
        return Domain.OR(domains)

    def _claim_customer_products(self, search):
        """Ids of the products of the customer's claim lines whose name or
        reference matches: the products the customer claimed, found through
        the lines' indexed commercial partner, so that a common word does not
        make the database walk the lines of every customer."""
        # sudo: portal users cannot read products; the explicit domain keeps
        # the customer's own claim lines.
        groups = (
            request.env["claim.line"]
            .sudo()
            ._read_group(self._claim_portal_domain(), ["product_id"])
        )
        claimed = [product.id for (product,) in groups if product]
        return (
            request.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search(
                Domain("id", "in", claimed) & Domain("display_name", "ilike", search)
            )
            .ids
        )

    def _claim_limited_count(self, model, domain, page):
        """Count at most the limit, or a page past the current one, so that
        the next pages stay reachable: (count, whether more exist)."""
        try:
            page = max(int(page), 1)
        except (TypeError, ValueError):
            page = 1
        limit = max(self._claim_count_limit, (page + 1) * self._items_per_page)
        total = model.search_count(domain, limit=limit + 1)
        return total, total > limit

    def _prepare_claims_list_values(
        self, page=1, sortby=None, filterby=None, search_in="all", search=None
    ):
        searchbar = self._claim_list_searchbar(sortby, filterby, search_in, search)
        domain = (
            self._claim_portal_domain()
            & searchbar["searchbar_filters"][searchbar["filterby"]]["domain"]
            & self._claim_search_domain(searchbar["search_in"], searchbar["search"])
        )
        total, capped = self._claim_limited_count(
            request.env["claim.claim"], domain, page
        )
        pager = portal_pager(
            url="/my/claims",
            url_args={
                key: searchbar[key]
                for key in ("sortby", "filterby", "search_in", "search")
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )
        order = searchbar["searchbar_sortings"][searchbar["sortby"]]["order"]
        claims = self._claim_list_page(domain, order, pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            claims=claims,
            page_name="claims",
            pager=pager,
            default_url="/my/claims",
            **searchbar,
            claim_total_capped=capped,
            claim_count_limit=self._claim_count_limit,
        )
        return values

    def _claim_list_searchbar(self, sortby, filterby, search_in, search):
        """The searchbar of the claims list; unknown choices fall back to the
        default ones."""
        sortings = self._claim_searchbar_sortings()
        filters = self._claim_searchbar_filters()
        inputs = self._claim_searchbar_inputs()
        return {
            "searchbar_sortings": sortings,
            "sortby": sortby if sortby in sortings else "date",
            "searchbar_filters": filters,
            "filterby": filterby if filterby in filters else "all",
            "searchbar_inputs": inputs,
            "search_in": search_in if search_in in inputs else "all",
            "search": (search or "").strip(),
        }

    def _claim_list_page(self, domain, order, offset):
        """One page of the customer's claims, with what the table shows."""
        claims = request.env["claim.claim"].search(
            domain, order=order, limit=self._items_per_page, offset=offset
        )
        # sudo: the claims were found under the portal record rule and the
        # domain above; the table shows their products, which portal users
        # cannot read. Everything shown is read in one query per model.
        claims = claims.sudo()
        claims.fetch(
            [
                "name",
                "date_received",
                "state",
                "stage_id",
                "claim_type_id",
                "product_id",
                "source_document",
                "response_deadline",
                "resolution_deadline",
            ]
        )
        claims.stage_id.fetch(["name", "is_customer_visible", "state"])
        claims.claim_type_id.fetch(["name"])
        claims.product_id.fetch(["display_name"])
        return claims

    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_claims(self, page=1, **kw):
        values = self._prepare_claims_list_values(
            page=page,
            sortby=kw.get("sortby"),
            filterby=kw.get("filterby"),
            search_in=kw.get("search_in") or "all",
            search=kw.get("search"),
        )
        request.session["my_claims_history"] = values["claims"].ids[:100]
        return request.render("claim_management.portal_my_claims", values)

    # ------------------------------------------------------------------
    # Detail page
    # ------------------------------------------------------------------

    def _claim_check_access(self, claim_id, access_token=None):
        """The claim (sudo) if the user may see it (record rule) or holds its
        token; NotFound otherwise, the same whether it exists or not."""
        try:
            return self._document_check_access(
                "claim.claim", claim_id, access_token=access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None

    def _claim_customer(self, claim_sudo):
        """Who acts on the claim: the logged-in user's contact, or the claim's
        customer for a visitor holding the claim's link."""
        if request.env.user._is_public():
            return claim_sudo.partner_id
        return request.env.user.partner_id

    def _claim_documents(self, claim_sudo):
        """Links to the claim's documents the visitor may open on the portal:
        (label, name, url or False)."""
        user = request.env.user
        documents = []
        invoices = claim_sudo.invoice_id | claim_sudo.credit_note_ids.filtered(
            lambda move: move.state == "posted"
        )
        for move in invoices:
            label = (
                request.env._("Invoice")
                if move.move_type == "out_invoice"
                else request.env._("Credit Note")
            )
            readable = move.with_user(user).has_access("read")
            url = f"/my/invoices/{move.id}" if readable else False
            documents.append((label, move.name, url))
        order = claim_sudo.sale_order_id
        order_readable = bool(order) and order.with_user(user).has_access("read")
        for picking in claim_sudo.picking_id | claim_sudo.picking_ids.filtered(
            lambda picking: picking.state == "done"
        ):
            # The delivery slip route of sale_stock opens with the token of
            # the picking's order, which the customer sees on the order page.
            url = False
            if picking.with_user(user).has_access("read"):
                url = f"/my/picking/pdf/{picking.id}"
            elif order_readable and picking.sale_id == order:
                url = f"/my/picking/pdf/{picking.id}?access_token={order._portal_ensure_token()}"
            label = (
                request.env._("Delivery")
                if picking.picking_type_code in ("outgoing", "dropship")
                else request.env._("Return")
            )
            documents.append((label, picking.name, url))
        if order:
            url = order_readable and f"/my/orders/{order.id}"
            documents.append((request.env._("Sales Order"), order.name, url))
        return documents

    def _claim_page_values(
        self,
        claim_sudo,
        access_token=None,
        success=None,
        error=None,
        reply_text="",
        dispute_reason=None,
    ):
        """Values of the claim page. ``error`` comes from a refused action
        of this request, never from the URL."""
        attachments = claim_sudo._customer_visible_attachments()
        # Download links that work for a visitor holding the claim's link too
        # (written once: see _claim_page_readonly).
        attachments.generate_access_token()
        report_url = f"{claim_sudo.access_url}?report_type=pdf&download=true"
        if access_token:
            report_url += f"&access_token={access_token}"
        values = {
            "claim": claim_sudo,
            "page_name": "claim",
            "customer_documents": self._claim_documents(claim_sudo),
            "claim_attachments": attachments,
            "status_label": claim_sudo._portal_status_label(),
            "can_accept": claim_sudo._customer_can_accept(),
            "can_dispute": claim_sudo._customer_can_dispute(),
            "upload_rules": claim_sudo._customer_upload_rules(claim_sudo.company_id),
            "report_url": report_url,
            "success": success if success in SUCCESS_KEYS else None,
            "error": error,
            "reply_text": reply_text,
            "dispute_open": dispute_reason is not None,
            "dispute_reason": dispute_reason or "",
            "disable_composer": True,
        }
        # A visitor holding the claim's link has no portal pages to go back to.
        return self._get_page_view_values(
            claim_sudo,
            access_token,
            values,
            "my_claims_history",
            request.env.user._is_public(),
        )

    def _claim_page_readonly(self, rule, args):
        """The claim page reads only, unless it must first give a download
        token to a customer file or a delivery slip link (see
        ``_claim_page_needs_tokens``): a read-only cursor then, the read
        replica when one is configured."""
        if request.httprequest.method not in ("GET", "HEAD"):
            return False
        return not self._claim_page_needs_tokens(
            request.env, args.get("claim_id"), visitor=not request.session.uid
        )

    @staticmethod
    def _claim_page_needs_tokens(env, claim_id, visitor=False):
        """Whether showing claim ``claim_id`` writes access tokens: the files
        of customer-visible messages get one for their download links and the
        sales order one for the delivery slip links of its pickings (for a
        logged-in customer only: visitors do not read orders), once."""
        # sudo: only whether tokens are missing is read; access is checked by
        # the route itself.
        claim = env["claim.claim"].sudo().browse(int(claim_id or 0)).exists()
        if not claim:
            return False
        order = claim.sale_order_id
        if not visitor and order and not order.access_token:
            return True
        attachments = claim._customer_visible_attachments()
        return any(not attachment.access_token for attachment in attachments)

    @http.route(
        ["/my/claims/<int:claim_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=_claim_page_readonly,
    )
    def portal_my_claim(
        self, claim_id, access_token=None, report_type=None, download=False, **kw
    ):
        if not access_token and request.env.user._is_public():
            return request.redirect(
                f"/web/login?redirect=/my/claims/{int(claim_id)}", local=True
            )
        claim_sudo = self._claim_check_access(claim_id, access_token)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=claim_sudo,
                report_type=report_type,
                report_ref="claim_management.action_report_claim_registration",
                download=download,
            )
        values = self._claim_page_values(
            claim_sudo, access_token, success=kw.get("success")
        )
        return request.render("claim_management.portal_claim_page", values)

    def _claim_files(self):
        """(name, bytes) of the files sent with the form's ``attachments``."""
        return [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]

    def _claim_redirect(self, claim_sudo, access_token, success):
        query = f"success={success}"
        if access_token:
            query = f"access_token={access_token}&{query}"
        return request.redirect(f"{claim_sudo.access_url}?{query}")

    def _claim_render_error(self, claim_sudo, access_token, error, **kw):
        values = self._claim_page_values(claim_sudo, access_token, error=error, **kw)
        response = request.render("claim_management.portal_claim_page", values)
        response.status_code = 400
        return response

    @http.route(
        ["/my/claims/<int:claim_id>/reply"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_claim_reply(self, claim_id, access_token=None, message="", **kw):
        claim_sudo = self._claim_check_access(claim_id, access_token)
        try:
            claim_sudo._customer_reply(
                self._claim_customer(claim_sudo), message, self._claim_files()
            )
        except (UserError, ValidationError) as error:
            return self._claim_render_error(
                claim_sudo, access_token, error.args[0], reply_text=message
            )
        return self._claim_redirect(claim_sudo, access_token, "replied")

    @http.route(
        ["/my/claims/<int:claim_id>/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_claim_accept(self, claim_id, access_token=None, **kw):
        claim_sudo = self._claim_check_access(claim_id, access_token)
        try:
            claim_sudo._customer_accept(self._claim_customer(claim_sudo))
        except (UserError, ValidationError) as error:
            return self._claim_render_error(claim_sudo, access_token, error.args[0])
        return self._claim_redirect(claim_sudo, access_token, "accepted")

    @http.route(
        ["/my/claims/<int:claim_id>/dispute"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_claim_dispute(self, claim_id, access_token=None, reason="", **kw):
        claim_sudo = self._claim_check_access(claim_id, access_token)
        try:
            claim_sudo._customer_dispute(self._claim_customer(claim_sudo), reason)
        except (UserError, ValidationError) as error:
            return self._claim_render_error(
                claim_sudo, access_token, error.args[0], dispute_reason=reason
            )
        return self._claim_redirect(claim_sudo, access_token, "disputed")

    # ------------------------------------------------------------------
    # New claim
    # ------------------------------------------------------------------

    def _claim_document_filters(self):
        return {
            "invoice": {"label": request.env._("Invoices"), "model": "account.move"},
            "delivery": {
                "label": request.env._("Deliveries"),
                "model": "stock.picking",
            },
        }

    @http.route(
        ["/my/claims/new", "/my/claims/new/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_claim_new(self, page=1, filterby=None, search=None, **kw):
        filters = self._claim_document_filters()
        filterby = filterby if filterby in filters else "invoice"
        model = filters[filterby]["model"]
        search = (search or "").strip()
        domain = self._claim_new_document_domain(model, search)
        # sudo: portal users may not read every invoice or delivery of their
        # company; the domain keeps the commercial partner's own documents.
        Document = request.env[model].sudo()
        pager = portal_pager(
            url="/my/claims/new",
            url_args={"filterby": filterby, "search": search},
            total=self._claim_limited_count(Document, domain, page)[0],
            page=page,
            step=self._items_per_page,
        )
        order = (
            "invoice_date desc, id desc"
            if model == "account.move"
            else "date_done desc, id desc"
        )
        documents = Document.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            documents=documents,
            document_model=model,
            pager=pager,
            **self._claim_new_searchbar(filters, filterby, search),
        )
        return request.render("claim_management.portal_claim_new", values)

    def _claim_new_document_domain(self, model, search):
        """The customer's claimable documents of ``model`` whose number
        contains ``search``."""
        partner = request.env.user.partner_id
        domain = (
            Domain(request.env["claim.claim"]._customer_document_domain(partner, model))
            & self._claim_company_domain()
        )
        if search:
            domain &= Domain("name", "ilike", search)
        return domain

    def _claim_new_searchbar(self, filters, filterby, search):
        return {
            "page_name": "claim_new",
            "default_url": "/my/claims/new",
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": {
                "name": {
                    "input": "name",
                    "label": request.env._("Search in Number"),
                }
            },
            "search_in": "name",
            "search": search,
        }

    def _claim_company_domain(self):
        """Documents of the companies the portal user belongs to: a claim on
        another company's document would be out of the user's sight."""
        return Domain("company_id", "in", request.env.user.company_ids.ids)

    def _claim_form_document(self, model, document_id):
        if model not in CLAIMABLE_MODELS:
            raise NotFound()
        try:
            document = request.env["claim.claim"]._customer_document(
                request.env.user.partner_id, model, document_id
            )
        except (AccessError, UserError):
            raise NotFound() from None
        if not document.filtered_domain(self._claim_company_domain()):
            raise NotFound()
        return document

    def _claim_form_values(self, document, form=None, error=None):
        Claim = request.env["claim.claim"]
        values = self._prepare_portal_layout_values()
        values.update(
            Claim._customer_form_choices(document.company_id, "portal"),
            document=document,
            page_name="claim_new",
            source_lines=Claim._customer_source_lines(document),
            form=form or {},
            error=error,
        )
        return values

    @http.route(
        ["/my/claims/new/<string:model>/<int:document_id>"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_claim_new_form(self, model, document_id, **form):
        document = self._claim_form_document(model, document_id)
        if request.httprequest.method != "POST":
            return request.render(
                "claim_management.portal_claim_new_form",
                self._claim_form_values(document),
            )
        Claim = request.env["claim.claim"]
        partner = request.env.user.partner_id
        claim_type = self._claim_form_record("claim.type", form.get("type_id"))
        try:
            claim = Claim._create_customer_claim(
                partner,
                extra_values={
                    "customer_ref": Claim._customer_text_value(
                        form.get("customer_ref"), request.env._("Your reference"), 64
                    )
                    or False
                },
                channel="portal",
                claim_type=claim_type,
                document=document,
                quantities={
                    key[4:]: value
                    for key, value in form.items()
                    if key.startswith("qty_") and value not in ("", None)
                },
                reason=self._claim_form_record("claim.reason", form.get("reason_id")),
                description=form.get("description", ""),
                requested_remedy=form.get("requested_remedy"),
                purchase_date=form.get("purchase_date") or None,
                properties=claim_type._customer_properties_from_form(form),
                files=self._claim_files(),
                consent_ids=request.httprequest.form.getlist("consent_ids"),
                email=partner.email,
                ip_address=request.httprequest.remote_addr,
            )
        except (UserError, ValidationError) as error:
            response = request.render(
                "claim_management.portal_claim_new_form",
                self._claim_form_values(document, form=form, error=error.args[0]),
            )
            response.status_code = 400
            return response
        claim._portal_ensure_token()
        return request.redirect(f"{claim.access_url}?success=created")

    def _claim_form_record(self, model, raw_id):
        """The record of the id a form sent (sudo, may not exist: the model
        checks it against what the customer may choose)."""
        try:
            record_id = int(raw_id or 0)
        except ValueError:
            record_id = 0
        # sudo: types and reasons are checked by _prepare_customer_claim.
        return request.env[model].sudo().browse(record_id).exists()
