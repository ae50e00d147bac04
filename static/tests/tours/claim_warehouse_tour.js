import { registry } from "@web/core/registry";

// Warehouse staff (Inventory / User only) find the deliveries they packed,
// see who packed one and the claim about it, and read the claim.
registry.category("web_tour.tours").add("claim_management_warehouse_tour", {
    steps: () => [
        {
            content: "Filter the transfers packed by me",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o-dropdown-item:contains('Packed by Me')",
            run: "click",
        },
        {
            trigger: ".o_searchview .o_facet_value:contains('Packed by Me')",
        },
        {
            content: "Open the delivery",
            trigger: ".o_list_view .o_data_row td.o_data_cell:contains('Parcel Check Ltd')",
            run: "click",
        },
        {
            content: "Who packed it",
            trigger: ".o_form_view .o_field_widget[name=packer_id]:contains('Wanda Warehouse')",
        },
        {
            content: "The claim about the delivery",
            trigger: ".o_form_view button[name=action_view_claims]:contains('1')",
            run: "click",
        },
        {
            content: "The claim opens read-only",
            trigger: ".o_form_view .o_form_readonly .o_field_widget[name=name]:contains('CLM/')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Parcel Check Ltd')",
        },
        {
            content: "No workflow button the warehouse may not use",
            trigger: ".o_form_view:not(:has(.o_form_statusbar button[name=action_start])):not(:has(.o_form_button_save))",
        },
    ],
});
