from .pages import (
    FormField,
    FormPage,
    HomePage,
    SupplierDirectoryPage,
    ToolkitIndexPage,
    ToolkitPage,
)
from .program import (
    OPEN_STATUSES,
    AssistanceNote,
    ProgramRegistration,
    QueueStatus,
    RegistrationNote,
    TechnicalAssistanceRequest,
)
from .snippets import FamilyInsert, NaloxoneSupplier, SupplierCounty
from .sop import SOPAcknowledgement, SOPAdoption

__all__ = [
    "OPEN_STATUSES",
    "AssistanceNote",
    "FamilyInsert",
    "FormField",
    "FormPage",
    "HomePage",
    "NaloxoneSupplier",
    "ProgramRegistration",
    "QueueStatus",
    "RegistrationNote",
    "SOPAcknowledgement",
    "SOPAdoption",
    "SupplierCounty",
    "SupplierDirectoryPage",
    "TechnicalAssistanceRequest",
    "ToolkitIndexPage",
    "ToolkitPage",
]
