from . import claim_reopen_wizard
