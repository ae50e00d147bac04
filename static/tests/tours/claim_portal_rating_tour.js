import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_portal_rating_tour", {
    steps: () => [
        {
            content: "The closed claim asks for a rating",
            trigger: ".o_claim_portal_rate_form",
        },
        {
            content: "Two stars of five",
            trigger: "label[for=claim_rating_2]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: "#claim_rating_feedback",
            run: "edit The replacement took three weeks.",
        },
        {
            content: "Send the rating",
            trigger: ".o_claim_portal_rate",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked, and the rating shows",
            trigger: ".o_claim_portal_success:contains('Thank you for rating')",
        },
        {
            content: "The page shows the rating given",
            trigger: ".o_claim_portal_rating_value:contains('2 / 5')",
        },
    ],
});
