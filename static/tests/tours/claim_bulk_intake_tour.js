import { registry } from "@web/core/registry";

// A claims operator (that role's groups only) imports a retail chain's file:
// one claim is created, the row with an unknown product is reported.
const CHAIN_FILE = [
    "document,store,product,quantity,reason,reference",
    "CHAIN-TOUR-SO,S-TOUR,TOUR-CHAIR,1,,TOUR-1",
    "CHAIN-TOUR-SO,S-TOUR,NO-SUCH-CODE,1,,TOUR-2",
].join("\r\n");

registry.category("web_tour.tours").add("claim_management_bulk_intake_tour", {
    steps: () => [
        {
            content: "Open the Claims menu",
            trigger: ".o_main_navbar [data-menu-xmlid='claim_management.claim_menu_claims']",
            run: "click",
        },
        {
            content: "Import a chain's file",
            trigger: "[data-menu-xmlid='claim_management.claim_menu_bulk_intake']",
            run: "click",
        },
        {
            content: "Choose the chain",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Tour Chain",
        },
        {
            trigger: ".ui-menu-item > a:contains('Tour Chain')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_id] input:value('Tour Chain')",
        },
        {
            content: "Choose the claim type",
            trigger: ".modal .o_field_widget[name=claim_type_id] input",
            run: "edit Quantity",
        },
        {
            trigger: ".ui-menu-item > a:contains('Quantity')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=claim_type_id] input:value('Quantity')",
        },
        {
            content: "The template is offered",
            trigger: ".modal a.o_claim_bulk_template[href$='claims_import_template.csv']",
        },
        {
            content: "Upload the chain's CSV file",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = document.querySelector(
                    ".modal .o_field_widget[name=file] input[type=file]"
                );
                const transfer = new DataTransfer();
                transfer.items.add(new File([CHAIN_FILE], "chain.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_field_widget[name=file] input:value('chain.csv')",
        },
        {
            content: "Import",
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "The unknown product is reported with its row",
            trigger: ".modal .o_field_widget[name=result_ids] .o_data_row:contains('NO-SUCH-CODE'):contains('3')",
        },
        {
            content: "Open the created claim",
            trigger: ".modal button[name=action_view_claims]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Chain')",
        },
    ],
});
