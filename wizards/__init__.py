from . import claim_reopen_wizard
from . import claim_create_wizard
from . import claim_create_wizard_line
from . import stock_return_picking
from . import claim_replacement_wizard
from . import claim_mass_operation
from . import claim_export
from . import claim_merge_wizard
