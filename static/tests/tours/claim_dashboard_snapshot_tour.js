import { registry } from "@web/core/registry";

// An operator reads the figures the scheduled action computed, with their time.
registry.category("web_tour.tours").add("claim_management_dashboard_snapshot_tour", {
    steps: () => [
        {
            content: "The dashboard says when the figures of the period were computed",
            trigger: ".o_claim_dashboard_as_of:contains('Figures of the period as of')",
        },
        {
            content: "The top products are those computed: the lamp claimed since is not there yet",
            trigger: "[data-list=top_products] .o_claim_dashboard_row:contains('Dashboard Lamp'):contains('2')",
        },
        {
            content: "The open claims are counted now: the new lamp claim is one of them",
            trigger: ".o_claim_dashboard_card[data-card=open] .fs-3:contains('4')",
        },
        {
            content: "The last 30 days were computed too",
            trigger: ".o_claim_dashboard_period button[data-days='30']",
            run: "click",
        },
        {
            content: "Their figures are the computed ones as well",
            trigger: ".o_claim_dashboard_period button[data-days='30'].active",
        },
        {
            content: "And say so",
            trigger: ".o_claim_dashboard_as_of:contains('Figures of the period as of')",
        },
    ],
});
