import { registry } from "@web/core/registry";

// A claims manager (Claims / Administrator only) reopens a decided claim,
// giving the reason, changes a line's decision and confirms again.
registry.category("web_tour.tours").add("claim_management_manager_reopen_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .ribbon:contains('Accepted')",
        },
        {
            content: "Reopen the final decision",
            trigger: ".o_form_view button[name=action_open_reopen_wizard]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The toaster was found in the second parcel.",
        },
        {
            trigger: ".modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The claim is back in assessment",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Assessment')",
        },
        {
            content: "Reject the toaster",
            trigger: ".o_form_view div[name=line_ids] .o_data_row:contains('Role Toaster') td[name=decision]",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_selected_row .o_field_widget[name=decision] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:text(Rejected)",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=line_ids] .o_selected_row .o_field_widget[name=decision] input:value(Rejected)",
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
            content: "Confirm the decision again",
            trigger: ".o_form_view button[name=action_decide]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Decided again, now partially accepted",
            trigger: ".o_form_view .ribbon:contains('Partially Accepted')",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('The toaster was found in the second parcel.')",
        },
    ],
});
