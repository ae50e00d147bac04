/* Customer claim forms (portal and public): show, hide and require the
 * standard fields and the properties of the claim type chosen. The server
 * applies the same rule (claim.type._check_claim_fields); this only spares
 * the customer a refused form. */
(function () {
    "use strict";

    function listed(element, name, typeId) {
        return (element.dataset[name] || "").split(",").includes(typeId);
    }

    function apply(select) {
        const form = select.closest("form");
        const typeId = select.value;
        for (const block of form.querySelectorAll("[data-claim-field]")) {
            const hidden = listed(block, "hiddenTypes", typeId);
            block.classList.toggle("d-none", hidden);
            for (const input of block.querySelectorAll("input, select, textarea")) {
                input.disabled = hidden;
                input.required = !hidden && listed(block, "requiredTypes", typeId);
            }
        }
        for (const block of form.querySelectorAll("[data-claim-type-properties]")) {
            const mine = block.dataset.claimTypeProperties === typeId;
            block.classList.toggle("d-none", !mine);
            for (const input of block.querySelectorAll("input, select")) {
                input.disabled = !mine;
            }
        }
    }

    function start() {
        for (const select of document.querySelectorAll("select.o_claim_type_select")) {
            select.addEventListener("change", () => apply(select));
            apply(select);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
