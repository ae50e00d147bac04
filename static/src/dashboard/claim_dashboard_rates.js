import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/views/fields/formatters";

/**
 * Claim rates block of the claims dashboard: this month's claim rate per
 * packer, carrier and product beside the previous month's, with the trend.
 * Data: the "rates" key of claim.dashboard.get_dashboard_data (false for
 * users who may not read the rates).
 */
export class ClaimDashboardRates extends Component {
    static template = "claim_management.ClaimDashboardRates";
    static props = { rates: { type: [Object, Boolean] } };

    get titles() {
        return {
            packer: _t("Claim rate per packer"),
            carrier: _t("Transport claim rate per carrier"),
            product: _t("Claim rate per product"),
        };
    }

    get empty() {
        return {
            packer: _t("No packed deliveries this month."),
            carrier: _t("No shipments with a carrier this month."),
            product: _t("No deliveries this month."),
        };
    }

    percent(value) {
        return value === false ? "–" : `${formatFloat(value, { digits: [16, 2] })} %`;
    }

    trendIcon(item) {
        return { up: "fa-arrow-up text-danger", down: "fa-arrow-down text-success", flat: "fa-arrows-h text-muted" }[
            item.trend
        ];
    }

    trendTitle(item) {
        return _t("Previous month: %s", this.percent(item.previous_rate));
    }
}
