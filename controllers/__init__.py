from . import portal
from . import public
from . import portal_rating
from . import portal_contract
