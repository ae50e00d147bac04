import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_vendor_tour", {
    steps: () => [
        {
            content: "The decided claim's goods are claimed from their vendor",
            trigger: ".o_form_view button[name=action_open_vendor_claim_wizard]",
            run: "click",
        },
        {
            content: "The wizard found the vendor of the lot from its receipt",
            trigger: ".modal .o_data_row .o_data_cell[name=partner_id]:contains('Tour Drill Vendor')",
        },
        {
            trigger: ".modal button[name=action_create]",
            run: "click",
        },
        {
            content: "The vendor claim opens: send it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sent to Vendor')",
        },
        {
            content: "The vendor accepts the line",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row .o_data_cell[name=vendor_decision]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=vendor_decision] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Accepted')",
            run: "click",
        },
        {
            content: "Save the decision",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_record_decision]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Create the vendor credit note",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_refund]",
            run: "click",
        },
        {
            content: "The draft vendor credit note opens",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Tour Drill Vendor')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
    ],
});
