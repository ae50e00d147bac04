import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/views/fields/formatters";
import { patch } from "@web/core/utils/patch";
import { ClaimDashboard } from "./claim_dashboard";

// Customer satisfaction on the claims dashboard (report/claim_dashboard_rating.py).
patch(ClaimDashboard.prototype, {
    get ratingCards() {
        const ratings = this.state.data.ratings;
        const average = ratings.average === false ? "–" : `${formatFloat(ratings.average, { digits: [16, 1] })} / 5`;
        return [
            { key: "rating_average", label: _t("Average customer rating"), value: average, count: ratings.count },
            { key: "rating_low", label: _t("Not satisfied"), value: ratings.low, alert: ratings.low > 0 },
        ];
    },

    get ratingLists() {
        const ratings = this.state.data.ratings;
        return [
            { key: "by_user", title: _t("Customer rating per responsible"), rows: ratings.by_user },
            { key: "by_type", title: _t("Customer rating per claim type"), rows: ratings.by_type },
            { key: "by_team", title: _t("Customer rating per team"), rows: ratings.by_team || [] },
        ];
    },

    ratingBarStyle(row) {
        return `height: 0.9rem; width: ${Math.round((100 * row.average) / 5)}%`;
    },

    onRatingCardClick(card) {
        if (card.key === "rating_low") {
            this.openClaims(this.state.data.ratings.low_domain, card.label);
        }
    },

    onRatingRowClick(row) {
        this.openClaims([[row.field, "=", row.id], ["rating_last_value", ">", 0]], row.name);
    },
});
