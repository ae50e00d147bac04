import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_backend_tour", {
    steps: () => [
        {
            content: "Create a new claim",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Furniture",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Furniture')",
            run: "click",
        },
        {
            content: "Pick the claim type",
            trigger: ".o_field_widget[name=claim_type_id] input",
            run: "edit Quantity",
        },
        {
            trigger: ".ui-menu-item > a:contains('Quantity')",
            run: "click",
        },
        {
            content: "Add a claimed product",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_field_widget[name=product_id] input",
            run: "edit Tour Armchair",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Armchair')",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_field_widget[name=quantity] input",
            run: "edit 3",
        },
        {
            trigger: "div[name=line_ids] .o_field_widget[name=price_unit] input",
            run: "edit 40",
        },
        {
            content: "Save the claim",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The claim got its number",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('CLM/')",
        },
        {
            content: "Start the assessment",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            content: "The claim is in assessment",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Assessment')",
        },
    ],
});
