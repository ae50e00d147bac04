import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_dashboard_tour", {
    steps: () => [
        {
            content: "The cards show the open claims",
            trigger: ".o_claim_dashboard_card[data-card=open] .fs-3:contains('3')",
        },
        {
            content: "One claim is overdue",
            trigger: ".o_claim_dashboard_card[data-card=overdue] .fs-3:contains('1')",
        },
        {
            content: "Top products are listed",
            trigger: "[data-list=top_products] .o_claim_dashboard_row:contains('Dashboard Chair')",
        },
        {
            content: "The last 90 days count the claim received 40 days ago",
            trigger: "[data-list=top_products] .o_claim_dashboard_row:contains('Dashboard Chair'):contains('3')",
        },
        {
            content: "Choose the last 30 days",
            trigger: ".o_claim_dashboard_period button[data-days='30']",
            run: "click",
        },
        {
            content: "The chair's claim of 40 days ago is out of the period; the open claims stay",
            trigger: ".o_claim_dashboard_period button[data-days='30'].active",
        },
        {
            content: "Top products of the last 30 days",
            trigger: "[data-list=top_products] .o_claim_dashboard_row:contains('Dashboard Chair'):contains('2')",
        },
        {
            content: "The open claims do not depend on the period",
            trigger: ".o_claim_dashboard_card[data-card=open] .fs-3:contains('3')",
        },
        {
            content: "No claim is about a packed delivery: the packers list says so",
            trigger: "[data-list=top_packers] .card-body:contains('No packed deliveries among the claims.')",
        },
        {
            content: "The packer's claim rate of this month is shown",
            trigger: "[data-rates=packer] .o_claim_rate_row:contains('Dora Packer'):contains('0.00 %')",
        },
        {
            content: "No shipment had a carrier: the carriers' rates say so",
            trigger: "[data-rates=carrier] .card-body:contains('No shipments with a carrier this month.')",
        },
        {
            content: "Open the overdue claims",
            trigger: ".o_claim_dashboard_card[data-card=overdue]",
            run: "click",
        },
        {
            content: "The list shows the overdue claim only",
            trigger: ".o_list_view .o_data_row:contains('Dashboard Customer')",
        },
    ],
});
