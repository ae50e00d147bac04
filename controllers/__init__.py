from . import portal
from . import public
from . import portal_rating
