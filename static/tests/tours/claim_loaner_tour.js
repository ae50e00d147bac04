import { registry } from "@web/core/registry";

// A claims operator (that role's groups only) lends a loaner unit to the
// customer of a claim, then takes it back when the repaired goods return.
registry.category("web_tour.tours").add("claim_management_loaner_tour", {
    steps: () => [
        {
            content: "The claim's loaners",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Loaners')",
            run: "click",
        },
        {
            content: "Lend a loaner from the claim",
            trigger: ".o_form_view button[name=action_lend_loaner]",
            run: "click",
        },
        {
            content: "Pick the loaner product",
            trigger: ".o_form_view .o_field_widget[name=product_id] input",
            run: "edit Tour Loaner",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Loaner Drill')",
            run: "click",
        },
        {
            content: "Pick a serial number available in the loaners location",
            trigger: ".o_form_view .o_field_widget[name=lot_id] input",
            run: "edit TL-",
        },
        {
            trigger: ".ui-menu-item > a:contains('TL-0001')",
            run: "click",
        },
        {
            content: "Lend it: a delivery to the customer",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_lend]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Lent')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=lend_picking_id]:contains('OUT')",
        },
        {
            content: "The repaired goods are back: take the loaner back",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_return]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Returned')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=return_picking_id]:contains('IN')",
        },
        {
            content: "Back to the claim: one loaner",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('CLM/')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_view_loaners]:contains('1')",
        },
    ],
});
