import { registry } from "@web/core/registry";

// The public form in the visitor's language: the same path as the English
// tour, checked on the Polish and Czech texts.
const TEXTS = {
    pl: {
        problem: "Problem",
        contact: "Dane kontaktowe",
        quality: "Jakość",
        phoneError: "Proszę podać prawidłowy numer telefonu.",
        sent: "Wysłaliśmy Państwu e-mail",
    },
    cs: {
        problem: "Problém",
        contact: "Vaše kontaktní údaje",
        quality: "Kvalita",
        phoneError: "Zadejte platné telefonní číslo.",
        sent: "Poslali jsme vám e-mail",
    },
};

for (const [lang, text] of Object.entries(TEXTS)) {
    registry.category("web_tour.tours").add(`claim_management_public_form_${lang}_tour`, {
        steps: () => [
            {
                trigger: "form.o_claim_public_start input[name=document_email]",
                run: "edit lang.consumer@example.com",
            },
            {
                trigger: "form.o_claim_public_start button.o_claim_public_find",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "The form speaks the visitor's language",
                trigger: `h2:contains('${text.problem}')`,
            },
            {
                trigger: `h2:contains('${text.contact}')`,
            },
            {
                trigger: ".o_claim_public_lines tr:contains('Lang Kettle') input[type=number]",
                run: "edit 1",
            },
            {
                content: "The claim types in the visitor's language",
                trigger: "select[name=claim_type_id]",
                run: `selectByLabel ${text.quality}`,
            },
            {
                trigger: "textarea[name=description]",
                run: "edit The kettle leaks.",
            },
            {
                trigger: "input[name=contact_name]",
                run: "edit Lang Consumer",
            },
            {
                trigger: "input[name=contact_phone]",
                run: "edit call me",
            },
            {
                trigger: "input[name=consent_ids]",
                run: "check",
            },
            {
                trigger: "button.o_claim_public_submit",
                run: "click",
                expectUnloadPage: true,
            },
            {
                content: "Refusals in the visitor's language",
                trigger: `.o_claim_public_error:contains('${text.phoneError}')`,
            },
            {
                trigger: "input[name=consent_ids]:checked",
            },
            {
                trigger: "input[name=contact_phone]",
                run: "edit +48 600 000 111",
            },
            {
                trigger: "button.o_claim_public_submit",
                run: "click",
                expectUnloadPage: true,
            },
            {
                trigger: `.o_claim_public_sent:contains('${text.sent}')`,
            },
        ],
    });
}
