import { registry } from "@web/core/registry";

// A claims operator (that role's groups only) sends the received goods of a
// claim to a service partner, then receives them back.
registry.category("web_tour.tours").add("claim_management_service_tour", {
    steps: () => [
        {
            content: "The claim's service page",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Service')",
            run: "click",
        },
        {
            content: "Send the goods to a service partner",
            trigger: ".o_form_view button[name=action_send_to_service]",
            run: "click",
        },
        {
            content: "The claimed goods are filled in",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains('Office Chair')",
        },
        {
            content: "Pick the service partner",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Tour Service",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Service Centre')",
            run: "click",
        },
        {
            content: "The carrier's tracking reference",
            trigger: ".o_form_view .o_field_widget[name=tracking_ref] input",
            run: "edit TOUR-TRACK-1",
        },
        {
            content: "Send: a delivery to the partner",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_send]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
        {
            content: "The partner has the goods",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm_at_partner]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('At Partner')",
        },
        {
            content: "The goods are back: receive them",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_receive]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Returned')",
        },
        {
            content: "The transfers",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Transfers and Cost')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=return_picking_id]:contains('IN')",
        },
        {
            content: "Back to the claim: one service order",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('CLM/')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_view_service_orders]:contains('1')",
        },
    ],
});
