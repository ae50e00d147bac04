import { registry } from "@web/core/registry";

// An accountant (Invoicing only) posts the draft credit note a claim produced.
registry.category("web_tour.tours").add("claim_management_accountant_tour", {
    steps: () => [
        {
            content: "Open the draft credit note of the claim",
            trigger: ".o_list_view .o_data_row:contains('Role Play Ltd') td.o_data_cell:contains('Draft')",
            run: "click",
        },
        {
            content: "It says which claim it credits",
            trigger: ".o_form_view .o_field_widget[name=claim_ids]:contains('CLM/')",
        },
        {
            content: "Post it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_post]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});
