"""Credentials: part of the private record, seen only by those who manage the person, and
changed by the person or the admins of a library that employs them."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import resolve_fields
from ladder.api.pagination import LimitOffset
from ladder.api.routers.employments import managed_person
from ladder.api.schemas.people import (
    CredentialCreate,
    CredentialFilter,
    CredentialOut,
    CredentialUpdate,
    EvidenceOut,
)
from ladder.core.access import Access, get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.people.models import CertificationType, Credential
from ladder.people.policies import can_edit_person
from ladder.people.selectors import credentials_visible_to, evidence_files_visible_to
from ladder.people.services import (
    credential_create,
    credential_delete,
    credential_update,
    evidence_add,
    evidence_delete,
)

router = Router(tags=["credentials"])


def _with_related(credentials: QuerySet[Credential]) -> QuerySet[Credential]:
    return credentials.select_related("person", "certification_type").prefetch_related("evidence")


def visible_credentials(access: Access) -> QuerySet[Credential]:
    return _with_related(credentials_visible_to(access)).order_by(
        "person__last_name", "person__first_name", "person_id", "kind", "pk"
    )


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    resolve_fields(data, {"certification_type": CertificationType.objects.all()})
    return data


def _reload(credential: Credential) -> Credential:
    return _with_related(Credential.objects.all()).get(pk=credential.pk)


@router.get("/credentials", response=list[CredentialOut])
@api_permission(signed_in, scope=credentials_visible_to)
@paginate(LimitOffset)
def list_credentials(
    request: HttpRequest, filters: Query[CredentialFilter]
) -> QuerySet[Credential]:
    credentials = visible_credentials(access(request))
    if filters.person is not None:
        credentials = credentials.filter(person_id=filters.person)
    if filters.kind:
        credentials = credentials.filter(kind=filters.kind)
    if filters.status:
        credentials = credentials.filter(status=filters.status)
    return credentials


@router.get("/people/{person_id}/credentials", response=list[CredentialOut])
@api_permission(signed_in, scope=credentials_visible_to)
@paginate(LimitOffset)
def list_person_credentials(request: HttpRequest, person_id: int) -> QuerySet[Credential]:
    subject = managed_person(request, person_id)
    return visible_credentials(access(request)).filter(person=subject)


@router.post(
    "/people/{person_id}/credentials",
    response={201: CredentialOut},
    summary="Add a degree or certification to a person's record",
)
@api_permission(can_edit_person)
def create_credential(
    request: HttpRequest, person_id: int, payload: CredentialCreate
) -> Status[Any]:
    subject = managed_person(request, person_id)
    data = _resolve(payload.model_dump(exclude_unset=True))
    credential = credential_create(by=person(request), person=subject, **data)
    return Status(201, _reload(credential))


@router.get("/credentials/{credential_id}", response=CredentialOut)
@api_permission(signed_in, scope=credentials_visible_to)
def get_credential(request: HttpRequest, credential_id: int) -> Credential:
    return get_visible_or_404(visible_credentials(access(request)), pk=credential_id)


@router.patch("/credentials/{credential_id}", response=CredentialOut)
@api_permission(can_edit_person, scope=credentials_visible_to)
def update_credential(
    request: HttpRequest, credential_id: int, payload: CredentialUpdate
) -> Credential:
    credential = get_visible_or_404(visible_credentials(access(request)), pk=credential_id)
    data = _resolve(payload.model_dump(exclude_unset=True))
    credential_update(by=person(request), credential=credential, **data)
    return _reload(credential)


@router.delete(
    "/credentials/{credential_id}",
    response={204: None},
    summary="Delete a credential with its evidence files",
)
@api_permission(can_edit_person, scope=credentials_visible_to)
def delete_credential(request: HttpRequest, credential_id: int) -> Status[Any]:
    credential = get_visible_or_404(visible_credentials(access(request)), pk=credential_id)
    credential_delete(by=person(request), credential=credential)
    return Status(204, None)


@router.post(
    "/credentials/{credential_id}/evidence",
    response={201: EvidenceOut},
    summary="Attach an evidence file (PDF, PNG or JPEG) to a credential",
    description=(
        "Send the file as multipart/form-data in the field `file`. Its type is checked by "
        "extension and by content, and its size against the site's limit. Download it from "
        "`download_url`, which checks permissions again."
    ),
)
@api_permission(can_edit_person, scope=credentials_visible_to)
def add_evidence(request: HttpRequest, credential_id: int, file: File[UploadedFile]) -> Status[Any]:
    credential = get_visible_or_404(visible_credentials(access(request)), pk=credential_id)
    evidence = evidence_add(by=person(request), credential=credential, upload=file)
    return Status(201, evidence)


@router.delete("/evidence/{evidence_id}", response={204: None}, summary="Delete an evidence file")
@api_permission(can_edit_person, scope=evidence_files_visible_to)
def delete_evidence(request: HttpRequest, evidence_id: int) -> Status[Any]:
    evidence = get_visible_or_404(evidence_files_visible_to(access(request)), pk=evidence_id)
    evidence_delete(by=person(request), evidence=evidence)
    return Status(204, None)
