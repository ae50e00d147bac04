import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_portal_reply_tour", {
    steps: () => [
        {
            content: "The customer's claims are listed",
            trigger: ".o_portal_my_doc_table tr.o_claim_portal_row:contains('Portal Tour Chair')",
        },
        {
            content: "Open the claim",
            trigger: "tr.o_claim_portal_row:contains('Portal Tour Chair') a[href^='/my/claims/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The claim page shows its lines",
            trigger: ".o_claim_portal_page tr.o_claim_portal_line:contains('Portal Tour Chair')",
        },
        {
            content: "Write a message",
            trigger: ".o_claim_portal_reply_form textarea[name=message]",
            run: "edit The seat cracked again this morning.",
        },
        {
            content: "Send it",
            trigger: ".o_claim_portal_reply_form button.o_claim_portal_reply",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message was sent",
            trigger: ".o_claim_portal_success:contains('Your message was sent')",
        },
    ],
});

registry.category("web_tour.tours").add("claim_management_portal_new_claim_tour", {
    steps: () => [
        {
            content: "Start a new claim from the list",
            trigger: "a.o_claim_portal_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pick the invoice",
            trigger: "tr.o_claim_portal_document:contains('INV/') a.o_claim_portal_pick",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Claim one chair",
            trigger:
                "tr.o_claim_portal_source_line:contains('Portal Tour Chair') input[name^=qty_]",
            run: "edit 1",
        },
        {
            content: "Choose the type",
            trigger: "select[name=type_id]",
            run: "selectByLabel Quality",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name=description]",
            run: "edit The backrest came loose.",
        },
        {
            content: "Accept the clause",
            trigger: ".o_claim_portal_consents input[name=consent_ids]",
            run: "check",
        },
        {
            content: "Send the claim",
            trigger: "button.o_claim_portal_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The claim is registered and shown",
            trigger: ".o_claim_portal_success:contains('your claim is registered')",
        },
        {
            trigger: ".o_claim_portal_page tr.o_claim_portal_line:contains('Portal Tour Chair')",
        },
    ],
});

registry.category("web_tour.tours").add("claim_management_portal_accept_tour", {
    steps: () => [
        {
            content: "The resolved claim can be accepted",
            trigger: ".o_claim_portal_page button.o_claim_portal_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The claim is closed",
            trigger: ".o_claim_portal_success:contains('the claim is closed')",
        },
        {
            trigger: ".o_claim_portal_page:not(:has(button.o_claim_portal_accept))",
        },
    ],
});
