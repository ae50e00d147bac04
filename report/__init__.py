from . import claim_analysis
from . import claim_dashboard
from . import claim_dashboard_rating
from . import claim_dashboard_rates
from . import claim_dashboard_snapshot
