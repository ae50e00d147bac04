from . import claim_analysis
from . import claim_dashboard
