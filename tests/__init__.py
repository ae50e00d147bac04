from . import test_claim_lifecycle
from . import test_claim_decision
from . import test_claim_security
from . import test_claim_type
from . import test_claim_ui
from . import test_claim_packer
from . import test_claim_intake
from . import test_claim_intake_ui
