import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_public_form_tour", {
    steps: () => [
        {
            content: "The shop's link gave the invoice number",
            trigger: "form.o_claim_public_start input[name=document_number]:not(:value(''))",
        },
        {
            content: "and the e-mail given with the order",
            trigger: "form.o_claim_public_start input[name=document_email]",
            run: "edit tour.consumer@example.com",
        },
        {
            trigger: "form.o_claim_public_start button.o_claim_public_find",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The products of the invoice are offered",
            trigger: ".o_claim_public_lines tr:contains('Tour Blender') input[type=number]",
            run: "edit 1",
        },
        {
            content: "Type of claim",
            trigger: "select[name=claim_type_id]",
            run: "selectByLabel Quality",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit The blender smells of burnt plastic.",
        },
        {
            trigger: "input[name=contact_name]",
            run: "edit Tomas Tour",
        },
        {
            content: "The e-mail of the first step is kept",
            trigger: "input[name=contact_email]:value(tour.consumer@example.com)",
        },
        {
            content: "A phone number the server refuses",
            trigger: "input[name=contact_phone]",
            run: "edit call me",
        },
        {
            content: "Tick the consent",
            trigger: "input[name=consent_ids]",
            run: "check",
        },
        {
            trigger: "button.o_claim_public_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The refusal shows on the form, the values are kept",
            trigger: ".o_claim_public_error:contains('Enter a valid phone number.')",
        },
        {
            trigger: "textarea[name=description]:value(burnt plastic)",
        },
        {
            trigger: ".o_claim_public_lines tr:contains('Tour Blender') input[type=number]:value(1)",
        },
        {
            trigger: "input[name=consent_ids]:checked",
        },
        {
            trigger: "input[name=contact_phone]",
            run: "edit +420 777 000 111",
        },
        {
            trigger: "button.o_claim_public_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Check your mailbox",
            trigger: ".o_claim_public_sent",
        },
    ],
});

registry.category("web_tour.tours").add("claim_management_public_confirm_tour", {
    steps: () => [
        {
            content: "The confirmation link asks for a click",
            trigger: "button.o_claim_public_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The claim number is shown",
            trigger: ".o_claim_public_number:contains('CLM/')",
        },
        {
            content: "Follow the claim on its private page",
            trigger: "a.o_claim_public_track",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "body:contains('Tour Blender')",
        },
    ],
});
