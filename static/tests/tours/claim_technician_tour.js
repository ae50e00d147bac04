import { registry } from "@web/core/registry";

// A technician (Claims / User: Own Claims only) decides on their own claim:
// they find it under Claims, do not see the claims of others, start the
// assessment, accept one line, reject the other and confirm.
function decideLine(product, decision) {
    // the row being edited must be this product's: on a slow server the
    // previous row may still be the selected one when the next click lands
    const row = `.o_form_view div[name=line_ids] .o_selected_row:has(.o_field_widget[name=product_id] input:value(${product}))`;
    return [
        {
            content: `Decide on ${product}: ${decision}`,
            trigger: `.o_form_view div[name=line_ids] .o_data_row:contains('${product}') td[name=decision]`,
            run: "click",
        },
        {
            trigger: `${row} .o_field_widget[name=decision] input`,
            run: "click",
        },
        {
            trigger: `.o_select_menu_menu .o_select_menu_item:text(${decision})`,
            run: "click",
        },
        {
            trigger: `${row} .o_field_widget[name=decision] input:value(${decision})`,
        },
    ];
}

registry.category("web_tour.tours").add("claim_management_technician_tour", {
    steps: () => [
        {
            content: "Claims lists the technician's own claim",
            trigger: ".o_list_view .o_data_row:contains('Tessa Technician')",
        },
        {
            content: "... and not the claims of others",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Otto Othertech')))",
        },
        {
            content: "Open the claim",
            trigger: ".o_list_view .o_data_row:contains('Tessa Technician') td.o_data_cell:contains('Role Play Ltd')",
            run: "click",
        },
        {
            content: "Start the assessment",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Assessment')",
        },
        ...decideLine("Role Kettle", "Accepted"),
        ...decideLine("Role Toaster", "Rejected"),
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Role Kettle') td[name=decision]:text(Accepted)",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Role Toaster') td[name=decision]:text(Rejected)",
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
            content: "The claim is decided, partially accepted",
            trigger: ".o_form_view .ribbon:contains('Partially Accepted')",
        },
    ],
});
