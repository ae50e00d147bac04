from . import claim_stage
from . import claim_type
from . import claim_reason
from . import claim_tag
from . import claim_claim
from . import claim_line
