import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { ClaimDashboardRates } from "./claim_dashboard_rates";

export class ClaimDashboard extends Component {
    static template = "claim_management.ClaimDashboard";
    static props = { ...standardActionServiceProps };
    static components = { ClaimDashboardRates };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load(days) {
        const kwargs = days ? { days } : {};
        this.state.data = await this.orm.call("claim.dashboard", "get_dashboard_data", [], kwargs);
    }

    get periods() {
        const labels = { 30: _t("Last 30 days"), 90: _t("Last 90 days"), 365: _t("Last 12 months") };
        const { days, choices } = this.state.data.period;
        return choices.map((value) => ({ value, label: labels[value] || `${value}`, active: value === days }));
    }

    onPeriodClick(period) {
        if (!period.active) {
            this.load(period.value);
        }
    }

    /** When the figures of the period were computed (false: just now). */
    get asOf() {
        const asOf = this.state.data.as_of;
        return asOf ? formatDateTime(deserializeDateTime(asOf)) : false;
    }

    get cards() {
        const { cards, currency_id } = this.state.data;
        const days = (value) => (value === false ? "–" : formatFloat(value, { digits: [16, 1] }));
        const money = (value) => formatMonetary(value, { currencyId: currency_id });
        return [
            { key: "open", label: _t("Open claims"), value: cards.open, domain: "open" },
            { key: "overdue", label: _t("Overdue"), value: cards.overdue, domain: "overdue", alert: cards.overdue > 0 },
            { key: "due_week", label: _t("Due this week"), value: cards.due_week, domain: "due_week" },
            {
                key: "acceptance_rate",
                label: _t("Acceptance rate"),
                value: cards.acceptance_rate === false ? "–" : `${cards.acceptance_rate} %`,
            },
            { key: "mean_days", label: _t("Mean days to resolve"), value: days(cards.mean_days) },
            { key: "median_days", label: _t("Median days to resolve"), value: days(cards.median_days) },
            { key: "value_claimed_month", label: _t("Value claimed this month"), value: money(cards.value_claimed_month) },
            { key: "value_credited_month", label: _t("Value credited this month"), value: money(cards.value_credited_month) },
        ];
    }

    get lists() {
        const data = this.state.data;
        return [
            {
                key: "by_week",
                title: _t("Claims per week"),
                rows: data.by_week.map((r) => ({ name: r.label, count: r.count })),
                empty: _t("No claims received in the last weeks."),
            },
            {
                key: "top_products",
                title: _t("Top products"),
                rows: data.top_products,
                field: "product_id",
                empty: _t("No claimed products yet."),
            },
            {
                key: "top_customers",
                title: _t("Top customers"),
                rows: data.top_customers,
                field: "commercial_partner_id",
                empty: _t("No claims yet."),
            },
            {
                key: "top_packers",
                title: _t("Top packers"),
                rows: data.top_packers,
                field: "line_ids.packer_id",
                // claims on goods sold outside Odoo, or deliveries nobody packed
                empty: _t("No packed deliveries among the claims."),
            },
        ];
    }

    barWidth(list, row) {
        const max = Math.max(...list.rows.map((r) => r.count), 1);
        return `height: 0.9rem; width: ${Math.round((100 * row.count) / max)}%`;
    }

    openClaims(domain, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: name || _t("Claims"),
            res_model: "claim.claim",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain,
        });
    }

    onCardClick(card) {
        if (card.domain) {
            this.openClaims(this.state.data.domains[card.domain], card.label);
        }
    }

    onRowClick(list, row) {
        if (list.field && row.id) {
            this.openClaims([[list.field, "=", row.id]], row.name);
        }
    }
}

registry.category("actions").add("claim_management.dashboard", ClaimDashboard);
