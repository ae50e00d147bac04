import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_settings_tour", {
    steps: () => [
        {
            content: "Open the claims configuration",
            trigger: ".o_main_navbar button:contains('Configuration')",
            run: "click",
        },
        {
            content: "Open the claims settings",
            trigger: ".dropdown-item:contains('Settings')",
            run: "click",
        },
        {
            content: "Tick Public Claim Form",
            trigger: "#claim_public_form_setting .o_field_widget[name=claim_public_form] input:not(:checked)",
            run: "click",
        },
        {
            content: "The validity of the confirmation link shows",
            trigger: ".o_field_widget[name=claim_public_request_hours] input",
        },
        {
            content: "Save: the settings page reloads",
            trigger: ".o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "After the reload the setting stays ticked",
            trigger: ".o-settings-form-view:not(:has(.o_dirty_warning)) #claim_public_form_setting .o_field_widget[name=claim_public_form] input:checked",
        },
    ],
});
