import { registry } from "@web/core/registry";

// An approval path in three hands: the operator asks for the approval of a
// decision above the type's limit, a claims manager approves it in the
// browser, then the operator confirms the decision.
registry.category("web_tour.tours").add("claim_management_approval_request_tour", {
    steps: () => [
        {
            content: "The decision needs an approval",
            trigger: ".o_form_view div[name=approval_needed]:visible",
        },
        {
            content: "Ask for it",
            trigger: ".o_form_view button[name=request_validation]",
            run: "click",
        },
        {
            content: "The approval is pending",
            trigger: ".o_form_view div[name=approval_pending]:visible",
            // the server call and the reload of a busy shared machine
            timeout: 30000,
        },
        {
            trigger: ".o_form_view:not(:has(button[name=request_validation]))",
        },
    ],
});

registry.category("web_tour.tours").add("claim_management_approval_approve_tour", {
    steps: () => [
        {
            trigger: ".o_form_view div[name=approval_pending]:visible",
        },
        {
            content: "Approve the claim's decision",
            trigger: ".o_form_view button[name=validate_tier]",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_form_view div[name=approval_validated]:visible",
            // the server call and the reload of a busy shared machine
            timeout: 30000,
        },
    ],
});

registry.category("web_tour.tours").add("claim_management_approval_decide_tour", {
    steps: () => [
        {
            trigger: ".o_form_view div[name=approval_validated]:visible",
        },
        {
            content: "Confirm the decision",
            trigger: ".o_form_view button[name=action_decide]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Decided: accepted",
            trigger: ".o_form_view .ribbon:contains('Accepted')",
            // the server call and the reload of a busy shared machine
            timeout: 30000,
        },
    ],
});
