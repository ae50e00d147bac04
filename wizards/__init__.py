from . import claim_reopen_wizard
from . import claim_create_wizard
from . import claim_create_wizard_line
