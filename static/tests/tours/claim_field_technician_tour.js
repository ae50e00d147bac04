import { registry } from "@web/core/registry";

// A field technician (Claims / User: Own Claims only) on a phone: opens their
// visit from "My Visits", goes to the claim of the visit, then opens the
// stock of their van through the app's menu.
registry.category("web_tour.tours").add("claim_management_field_technician_tour", {
    steps: () => [
        {
            content: "My Visits lists the technician's visit at the customer's address",
            trigger: ".o_kanban_view .o_kanban_record:contains('Visit:'):contains('Depot Road 7')",
        },
        {
            content: "Open the visit",
            trigger: ".o_kanban_view .o_kanban_record:contains('Visit:')",
            run: "click",
        },
        {
            content: "The visit shows the customer",
            trigger: ".o_form_view .o_field_widget[name=claim_partner_id]:contains('Acme Distribution')",
        },
        {
            content: "Open the claim of the visit",
            trigger: ".o_form_view button[name=action_open_claim]",
            run: "click",
        },
        {
            content: "The claim of the visit is open",
            trigger: ".o_form_view:contains('acme@example.com') .o_statusbar_status",
        },
        {
            content: "Open the app's menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            content: "Go to the van's stock",
            trigger: ".o_app_menu_sidebar [data-menu-xmlid='claim_management.claim_menu_field_my_van']",
            run: "click",
        },
        {
            content: "The van holds the parts",
            trigger: ".o_kanban_view .o_kanban_record:contains('Chair Wheel'):contains('5')",
        },
        {
            content: "... and nothing of the warehouse's stock",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Office Chair')))",
        },
    ],
});
