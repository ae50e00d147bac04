import { registry } from "@web/core/registry";

// A claims operator (that role only) starts an 8D report from claimed
// products: select the lines, create the report, fill the disciplines, add a
// corrective action and print the report.
registry.category("web_tour.tours").add("claim_management_8d_tour", {
    steps: () => [
        {
            content: "Select the claimed grinders",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Create the 8D report from the selection",
            trigger: "button[name=action_create_quality_report]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains('8D/')",
        },
        {
            content: "D3: contain the problem",
            trigger: ".o_form_view .o_field_widget[name=containment] .odoo-editor-editable",
            run: "editor Grinders of the lot blocked in the warehouse.",
        },
        {
            content: "D4: the root cause and the whys",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('D4 Root Cause')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=why_1] input",
            run: "edit The weld is too thin",
        },
        {
            content: "D5: add a corrective action",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('D5-D7 Actions')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_add_corrective_action]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Longer welding time",
        },
        {
            trigger: ".modal button#mail_activity_schedule",
            run: "click",
        },
        {
            content: "The action is listed with its owner",
            trigger: ".o_form_view .o_field_widget[name=corrective_activity_ids] .o_data_row:contains('Longer welding time')",
        },
        {
            content: "Print the 8D report",
            trigger: ".o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('8D Report'), .o-dropdown--menu .dropdown-item:contains('8D Report')",
            run: "click",
        },
        {
            content: "Back on the report once printed",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('8D/'):not(:has(.o_form_status_indicator_dirty))",
        },
    ],
});
