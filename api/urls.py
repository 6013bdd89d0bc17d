"""/api/v1/: the REST API (docs/api.md). Each module's views are listed by the thing they serve."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import cases, compensation, dashboard, imports, legal, legal_court, referrals, work

app_name = "api"

CASE = "cases/<int:case_id>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # the case hub
    path("cases/", cases.CaseList.as_view(), name="cases"),
    path("cases/search/", cases.CaseSearch.as_view(), name="case_search"),
    path(CASE, cases.CaseDetail.as_view(), name="case"),
    path(CASE + "survivor/", cases.SurvivorDetail.as_view(), name="survivor"),
    path(CASE + "team/", cases.TeamList.as_view(), name="team"),
    path(CASE + "team/<int:assignment_id>/", cases.TeamMemberRemove.as_view(), name="team_member"),
    path(CASE + "consents/", cases.ConsentList.as_view(), name="consents"),
    path(CASE + "consents/<int:consent_id>/withdraw/", cases.ConsentWithdraw.as_view(), name="consent_withdraw"),
    path(CASE + "timeline/", cases.Timeline.as_view(), name="timeline"),
    path(CASE + "notes/", cases.NoteList.as_view(), name="notes"),
    path(CASE + "documents/", cases.DocumentList.as_view(), name="documents"),
    path(CASE + "documents/<int:document_id>/download/", cases.DocumentDownload.as_view(), name="document_download"),
    # compensation (api/compensation.py)
    path(CASE + "claims/", compensation.ClaimList.as_view(), name="claims"),
    path(CASE + "claims/<int:claim_id>/", compensation.ClaimDetail.as_view(), name="claim"),
    path(
        CASE + "claims/<int:claim_id>/transitions/", compensation.ClaimTransitions.as_view(), name="claim_transitions"
    ),
    path(CASE + "claims/<int:claim_id>/payments/", compensation.ClaimPayments.as_view(), name="claim_payments"),
    # deadlines, tasks and notifications (api/work.py)
    path(CASE + "deadlines/", work.CaseDeadlineList.as_view(), name="case_deadlines"),
    path(CASE + "deadlines/<int:deadline_id>/close/", work.DeadlineClose.as_view(), name="deadline_close"),
    path(CASE + "tasks/", work.TaskList.as_view(), name="tasks"),
    path(CASE + "tasks/<int:task_id>/done/", work.TaskDone.as_view(), name="task_done"),
    path("deadlines/", work.MyDeadlineList.as_view(), name="deadlines"),
    path("notifications/", work.NotificationList.as_view(), name="notifications"),
    path("notifications/read/", work.NotificationsRead.as_view(), name="notifications_read"),
    # legal: the investigation (api/legal.py)
    path(CASE + "firs/", legal.FirList.as_view(), name="firs"),
    path(CASE + "firs/<int:fir_id>/", legal.FirDetail.as_view(), name="fir"),
    path(CASE + "firs/<int:fir_id>/transitions/", legal.FirTransitions.as_view(), name="fir_transitions"),
    path(CASE + "firs/<int:fir_id>/charges/", legal.FirCharges.as_view(), name="fir_charges"),
    path(CASE + "accused/", legal.AccusedList.as_view(), name="accused"),
    # legal: the court (api/legal_court.py)
    path(CASE + "court-cases/", legal_court.CourtCaseList.as_view(), name="court_cases"),
    path(CASE + "court-cases/<int:court_case_id>/", legal_court.CourtCaseDetail.as_view(), name="court_case"),
    path(
        CASE + "court-cases/<int:court_case_id>/transitions/",
        legal_court.CourtCaseTransitions.as_view(),
        name="court_case_transitions",
    ),
    path(CASE + "court-cases/<int:court_case_id>/hearings/", legal_court.HearingList.as_view(), name="hearings"),
    path(CASE + "court-cases/<int:court_case_id>/bail/", legal_court.BailList.as_view(), name="bail"),
    path(CASE + "court-cases/<int:court_case_id>/judgment/", legal_court.JudgmentDetail.as_view(), name="judgment"),
    # referrals and transfers of lead (api/referrals.py); the web's kwarg names (referrals/urls.py)
    path(CASE + "referrals/", referrals.ReferralList.as_view(), name="referrals"),
    path(CASE + "referrals/transfer/", referrals.TransferSend.as_view(), name="transfer"),
    path(CASE + "referrals/<int:referral_id>/", referrals.ReferralDetail.as_view(), name="referral"),
    path(
        CASE + "referrals/<int:referral_id>/withdraw/", referrals.ReferralWithdraw.as_view(), name="referral_withdraw"
    ),
    path(
        CASE + "referrals/<int:referral_id>/acknowledge/",
        referrals.ReferralAcknowledge.as_view(),
        name="referral_acknowledge",
    ),
    path(CASE + "referrals/<int:referral_id>/close/", referrals.ReferralClose.as_view(), name="referral_close"),
    path("referrals/incoming/", referrals.ReferralInbox.as_view(), name="referral_inbox"),
    path("referrals/incoming/<int:referral_id>/", referrals.IncomingReferral.as_view(), name="incoming_referral"),
    path("referrals/incoming/<int:referral_id>/accept/", referrals.IncomingAccept.as_view(), name="incoming_accept"),
    path("referrals/incoming/<int:referral_id>/decline/", referrals.IncomingDecline.as_view(), name="incoming_decline"),
    # the dashboard's figures and exports (api/dashboard.py)
    path("dashboard/figures/", dashboard.DashboardFigures.as_view(), name="dashboard_figures"),
    path("dashboard/exports/", dashboard.ExportStart.as_view(), name="dashboard_exports"),
    path("dashboard/exports/<uuid:job_id>/", dashboard.ExportJobDetail.as_view(), name="dashboard_export"),
    path(
        "dashboard/exports/<uuid:job_id>/download/",
        dashboard.ExportJobDownload.as_view(),
        name="dashboard_export_download",
    ),
    # legal: the court's remaining writes (api/legal_court.py)
    path(
        CASE + "court-cases/<int:court_case_id>/hearings/<int:hearing_id>/record/",
        legal_court.HearingRecord.as_view(),
        name="hearing_record",
    ),
    path(
        CASE + "court-cases/<int:court_case_id>/bail/<int:application_id>/decision/",
        legal_court.BailDecision.as_view(),
        name="bail_decision",
    ),
    # bulk import of a caseload (api/imports.py): the "Import cases" page's dry run and commit
    path("imports/", imports.ImportStart.as_view(), name="imports"),
    path("imports/<uuid:job_id>/", imports.ImportJobDetail.as_view(), name="import"),
    path("imports/<uuid:job_id>/commit/", imports.ImportCommit.as_view(), name="import_commit"),
]
