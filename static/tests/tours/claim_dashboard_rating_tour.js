import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_dashboard_rating_tour", {
    steps: () => [
        {
            content: "The average customer rating of the rated claims",
            trigger: ".o_claim_dashboard_card[data-card=rating_average] .fs-3:contains('3.3 / 5')",
        },
        {
            content: "Ratings per responsible",
            trigger: "[data-list=rating_by_user] .o_claim_dashboard_row:contains('Olga Operator'):contains('4.5 / 5')",
        },
        {
            content: "Ratings per team",
            trigger: "[data-list=rating_by_team] .o_claim_dashboard_row:contains('Rating Team'):contains('1 / 5')",
        },
        {
            content: "Open the claims whose customer was not satisfied",
            trigger: ".o_claim_dashboard_card[data-card=rating_low]",
            run: "click",
        },
        {
            content: "The list shows the low-rated claim only",
            trigger: ".o_list_view .o_data_row:contains('Rating Customer')",
        },
    ],
});
