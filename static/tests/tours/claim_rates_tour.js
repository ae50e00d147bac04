import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("claim_management_rates_tour", {
    steps: () => [
        {
            content: "The product rates open on the last 12 months",
            trigger: ".o_searchview_facet:contains('Last 12 Months')",
        },
        {
            content: "Rows are product categories: open the chairs' category",
            trigger: ".o_pivot tbody th.o_pivot_header_cell_closed:contains('Rates Seating')",
            run: "click",
        },
        {
            content: "Expand the category by product",
            trigger: ".dropdown-menu .o_menu_item:contains('Product'):not(:contains('Category'))",
            run: "click",
        },
        {
            content: "The chair's rate: 1 claimed of 6 delivered",
            trigger: ".o_pivot tbody tr:has(th:contains('Office Chair')) td:contains('16.67')",
        },
        {
            content: "The same rates as a graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Back to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot is shown again",
            trigger: ".o_pivot tbody th:contains('Rates Seating')",
        },
    ],
});
