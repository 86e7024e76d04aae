"""The ERP connector: the only code that talks to the ERP (docs/connector.md).

``ErpClient`` with its services, the models of ``connector.models`` and the errors of
``connector.errors``: nothing else is public.
"""

from . import errors, models
from .client import ErpClient, ErpSettings
from .errors import (
    ErpAuthError,
    ErpConflict,
    ErpDuplicate,
    ErpError,
    ErpNotFound,
    ErpOverShare,
    ErpProtocolError,
    ErpThrottled,
    ErpUnavailable,
    ErpValidationError,
)
from .pacing import Limiter

__all__ = [
    "ErpAuthError", "ErpClient", "ErpConflict", "ErpDuplicate", "ErpError", "ErpNotFound",
    "ErpOverShare", "ErpProtocolError", "ErpSettings", "ErpThrottled", "ErpUnavailable",
    "ErpValidationError", "Limiter", "errors", "models",
]
