{
    "name": "Claims",
    "summary": "Product claims, complaints and returns (RMA) started from invoices, "
    "deliveries and sales orders",
    "version": "19.0.1.0.0",
    "category": "Services/Claims",
    "author": "Claims for Odoo",
    "website": "https://github.com/claims-for-odoo/claim_management",
    "license": "LGPL-3",
    "depends": ["sale_stock", "account", "portal", "mail"],
    "external_dependencies": {"python": []},
    "data": [
        "security/claim_security.xml",
        "security/ir.model.access.csv",
        "data/claim_sequence_data.xml",
        "data/claim_stage_data.xml",
        "data/claim_type_data.xml",
        "data/claim_reason_data.xml",
        "views/claim_views.xml",
        "views/claim_line_views.xml",
        "views/claim_stage_views.xml",
        "views/claim_type_views.xml",
        "views/claim_reason_views.xml",
        "views/claim_tag_views.xml",
        "wizards/claim_reopen_wizard_views.xml",
        "views/claim_menus.xml",
    ],
    "demo": [
        "demo/claim_demo_users.xml",
        "demo/claim_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "claim_management/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
