"""Date bounds shared by every form of input."""

from datetime import date

# Nothing this system records can predate the founding of the People's Republic: registrations,
# credit events and evidence are all issued by its authorities.
EARLIEST = date(1949, 10, 1)
