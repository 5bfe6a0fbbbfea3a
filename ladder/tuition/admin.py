from typing import Any

from django.contrib import admin

from ladder.core.admin import ProtectedRecordAdmin
from ladder.tuition.models import (
    Claim,
    ClaimReceipt,
    Enrolment,
    Programme,
    ProgrammeBudget,
    Promotion,
)


class BudgetInline(admin.TabularInline[ProgrammeBudget, Any]):
    model = ProgrammeBudget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "sponsor", "reimbursement_percent", "cap_per_year", "is_active"]
    list_select_related = ["sponsor"]
    inlines = [BudgetInline]
    filter_horizontal = ["libraries", "eligible_job_classes"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["person", "programme", "library", "degree_level", "status"]
    list_select_related = ["person", "programme", "library"]
    list_filter = ["status"]
    raw_id_fields = ["person", "employment", "credential"]


class ReceiptInline(admin.TabularInline[ClaimReceipt, Any]):
    model = ClaimReceipt
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Claim)
class ClaimAdmin(ProtectedRecordAdmin):
    list_display = ["enrolment", "term", "status", "approved_amount", "reimbursement", "paid_on"]
    list_select_related = ["enrolment__person"]
    list_filter = ["status"]
    raw_id_fields = ["enrolment", "corrects"]
    inlines = [ReceiptInline]


@admin.register(Promotion)
class PromotionAdmin(ProtectedRecordAdmin):
    list_display = ["person", "to_job_class", "effective_date", "reason", "status"]
    list_select_related = ["person", "to_job_class"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["person", "from_employment", "new_employment", "enrolment", "corrects"]
