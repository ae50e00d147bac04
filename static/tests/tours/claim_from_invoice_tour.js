import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_from_invoice_tour", {
    steps: () => [
        {
            content: "Start a claim from the posted invoice",
            trigger: ".o_form_view button[name=action_open_claim_wizard]",
            run: "click",
        },
        {
            content: "Choose the claim type",
            trigger: ".modal .o_field_widget[name=claim_type_id] input",
            run: "edit Quality",
        },
        {
            trigger: ".ui-menu-item > a:contains('Quality')",
            run: "click",
        },
        {
            content: "The invoice lines are offered with their claimable quantity",
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Tour Drill') td[name=claimable_qty]:contains('4')",
        },
        {
            content: "Claim one drill",
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Tour Drill') td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Tour Drill') .o_field_widget[name=quantity] input",
            run: "edit 1",
        },
        {
            content: "What the customer reports",
            trigger: ".modal .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor The drill stops after a minute.",
        },
        {
            content: "Create the claim",
            trigger: ".modal button[name=action_create_claim]",
            run: "click",
        },
        {
            content: "The claim opens with its number and the invoice",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('CLM/')",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Tour Drill')",
        },
    ],
});
