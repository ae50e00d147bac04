import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_resolution_tour", {
    steps: () => [
        {
            content: "The decided claim offers a credit note",
            trigger: ".o_form_view button[name=action_create_credit_note]",
            run: "click",
        },
        {
            content: "The draft credit note opens: post it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
        {
            content: "Open the claim from the credit note",
            trigger: ".o_form_view button[name=action_view_claims]",
            run: "click",
        },
        {
            content: "The claim followed its credit note: resolved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=amount_credited]:contains('70')",
        },
    ],
});
