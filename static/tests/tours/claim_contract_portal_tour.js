import { registry } from "@web/core/registry";

// A B2B customer opens their service contract from My Claims: its validity,
// covered products and the response and resolution times per priority.
registry.category("web_tour.tours").add("claim_management_contract_portal_tour", {
    steps: () => [
        {
            content: "My Claims links to the customer's service contracts",
            trigger: "a.o_claim_portal_contracts",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the running contract",
            trigger: ".o_claim_portal_contract_row a:contains('Tour Premium Service')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The covered product is listed",
            trigger: ".o_claim_portal_contract_scope:contains('Tour Contract Chair')",
        },
        {
            content: "The urgent priority answers within 2 working hours",
            trigger: ".o_claim_portal_contract_sla:contains('Urgent'):contains('2 Working Hours')",
        },
        {
            content: "Back to the list through the breadcrumbs",
            trigger: ".breadcrumb a[href='/my/claims/contracts']",
        },
    ],
});
