import { registry } from "@web/core/registry";

// The claims operator's day, as a user holding only the Claims Operator role:
// find the invoice from the Claims app, open a claim on it, decide per line
// (one product partially accepted, one accepted), confirm, replace the
// accepted one and credit the other.
registry.category("web_tour.tours").add("claim_management_operator_day_tour", {
    steps: () => [
        {
            content: "Claims > New Claim From > Invoice lists the posted invoices",
            trigger: ".o_list_view .o_data_row td.o_data_cell:contains('Operator Day Ltd')",
            run: "click",
        },
        {
            content: "Start a claim from the invoice",
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
            content: "Claim three planers",
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Day Planer') td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Day Planer') .o_field_widget[name=quantity] input",
            run: "edit 3",
        },
        {
            content: "And one router",
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Day Router') td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_selected_row .o_field_widget[name=quantity] input",
            run: "edit 1",
        },
        {
            content: "What the customer reports",
            trigger: ".modal .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Three planers leave marks on the wood.",
        },
        {
            content: "Create the claim",
            trigger: ".modal button[name=action_create_claim]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('CLM/')",
        },
        {
            content: "Start the assessment",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Assessment')",
        },
        {
            content: "Decide on the line: partially accepted",
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Day Planer') td[name=decision]",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_selected_row .o_field_widget[name=decision] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Partially Accepted')",
            run: "click",
        },
        {
            content: "Two of the three are accepted",
            trigger: ".o_form_view div[name=line_ids] .o_selected_row .o_field_widget[name=quantity_accepted] input:not([readonly])",
            run: "edit 2",
        },
        {
            content: "Save the planers' decision",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "The router is accepted",
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Day Router') td[name=decision]",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_selected_row .o_field_widget[name=decision] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Accepted'):not(:contains('Partially'))",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Confirm the decision",
            trigger: ".o_form_view button[name=action_decide]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Decided')",
        },
        {
            content: "Replace the router: Replace With... lets the operator choose",
            trigger: ".o_form_view button[name=action_open_replacement_wizard]",
            run: "click",
        },
        {
            content: "Not the planers: they are credited",
            trigger: ".modal div[name=line_ids] .o_data_row:contains('Day Planer') td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".modal div[name=line_ids] .o_selected_row .o_field_widget[name=quantity] input",
            run: "edit 0",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The return and the replacement delivery are there",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            content: "Back to the claim",
            trigger: ".o_breadcrumb a:contains('CLM/')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('CLM/')",
        },
        {
            content: "Issue the credit note for what is left: the two planers",
            trigger: ".o_form_view button[name=action_create_credit_note]",
            run: "click",
        },
        {
            content: "The draft credit note opens, read-only for the operator",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
    ],
});
