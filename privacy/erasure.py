"""Erasing a survivor's identity while keeping her pseudonymous case and its statistics.

What goes (on every row of her cases and of herself, in the live tables AND in the
django-simple-history tables):
- every encrypted column: names, phones, addresses, contacts, narrative, notes, titles,
  care and court free text, messages to her and her answers, bank details. Encrypted
  values are blanked, not re-encrypted: a ciphertext left behind would still hold her
  name for whoever holds the key (or an old key);
- the files of her documents and generated PDFs (deleted from disk once the erasure
  commits), with their names, titles and checksums;
- her search tokens (blind indexes of her names and phones);
- free text in event and transition data (`CaseEvent.data`, `StageTransition.data`, a
  generated document's parameters): strings that are not dates, codes or amounts;
- any remaining occurrence of her names and phone numbers in plain text columns of those
  rows (timeline summaries, notification texts, deadline titles), replaced by "[erased]";
- a few plain free-text columns that may identify her (the legal basis of a consent, its
  withdrawal note, a break-glass reason, change reasons in the history tables).

What stays: the case reference, pseudonym, stages, dates, deadlines, amounts, codes,
counts, the state and district of origin, and who did what when (so the dashboard's
figures do not change), and the access log (evidence of who read her data; it holds
page names and ids, never her identity).

Accused persons are shared between cases and are not hers: they are left alone.

Encrypted columns come from the registry of sensitive fields (cases.sensitive), read from
the models, so a new encrypted field is erased without a change here; JSON data is passed
through the registry's `scrub()` (sensitive keys become "recorded") and then loses any other
free text. The few plain free-text columns below are this module's own list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.fields import EncryptedMixin

try:  # the registry of sensitive fields (cases/sensitive.py), when installed
    from cases import sensitive
except ImportError:  # pragma: no cover - before the registry landed
    sensitive = None

ERASED = "[erased]"

# Apps whose rows can belong to her case. Privacy's own tables hold no identity.
# "selfaccess": her page's account (the phone her one-time codes go to) and her requests (her words).
_CASE_APPS = {"cases", "survivors", "legal", "compensation", "selfaccess"}
# Shared with other cases (accused persons), or evidence that must stay as written.
_LEFT_ALONE = {
    "legal.Accused",
    "legal.HistoricalAccused",
    "legal.AccusedSearchToken",
    "legal.AccusedMatchAlert",
    "cases.AccessLogEntry",
}
# Plain (unencrypted) columns of free text that may name her or lead to her.
PLAIN_FREE_TEXT = {
    "survivors.Survivor": ["guardian_relation"],
    "survivors.Consent": ["legal_basis", "withdrawal_note"],
    "cases.CaseUserObjectPermission": ["reason"],
    "survivors.Rescue": ["agency_detail"],
    "cases.SurvivorMatch": ["review_note"],  # a coordinator's note on a possible duplicate
}

# JSON columns where people's free text lands (step values, generated documents' options):
# free text in them is blanked. Other JSON (deadline inputs, languages, codes) loses only her
# names and phones.
FREE_TEXT_JSON = {"cases.CaseEvent.data", "cases.StageTransition.data", "cases.GeneratedDocument.params"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+([+-]\d{2}:?\d{2}|Z)?)?$")
_CODE = re.compile(r"^[a-z][a-z0-9_.:/-]{0,79}$")
_NUMBER = re.compile(r"^-?\d{1,6}$|^-?\d+\.\d{1,2}$")


def _is_encrypted(model, field) -> bool:
    if sensitive is not None:
        return sensitive.is_encrypted_field(model, field.name)
    return isinstance(field, EncryptedMixin)


def _is_kept_string(value: str) -> bool:
    return not value or bool(_DATE.match(value) or _CODE.match(value) or _NUMBER.match(value))


def scrub_json(value):
    """The registry's sensitive keys say only "recorded"; of the rest, dates, codes, amounts,
    numbers and booleans stay and free text becomes ''."""
    if isinstance(value, dict) and sensitive is not None:
        value = sensitive.scrub(value)
        return {key: scrub_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_json(item) for item in value]
    if isinstance(value, str):
        return value if _is_kept_string(value) else ""
    return value


def _path_to(model, targets: set, depth: int = 4) -> str | None:
    """The shortest lookup from `model` to one of `targets` (a Case or the Survivor) over foreign keys."""
    frontier = [(model, "")]
    seen = {model}
    for _ in range(depth):
        nxt = []
        for current, prefix in frontier:
            for field in current._meta.concrete_fields:
                if not field.is_relation or not (field.many_to_one or field.one_to_one):
                    continue
                remote = field.related_model
                lookup = f"{prefix}{field.name}"
                if remote in targets:
                    return lookup
                if remote in seen or remote._meta.app_label not in _CASE_APPS:
                    continue
                seen.add(remote)
                nxt.append((remote, f"{lookup}__"))
        frontier = nxt
    return None


def rows_of(model, *, survivor, case_ids: list[int]) -> QuerySet | None:
    """Her rows in `model` (live or historical), as a plain QuerySet (insert-only managers refuse
    update(); erasure is the one rewrite those tables allow), or None if the model is not hers."""
    from cases.models import Case
    from survivors.models import Survivor

    plain = QuerySet(model)
    original = getattr(model, "instance_type", None)  # simple-history's historical model
    if original is Survivor:
        return plain.filter(id=survivor.pk)
    if original is Case:
        return plain.filter(id__in=case_ids)
    if model is Survivor:
        return plain.filter(pk=survivor.pk)
    if model is Case:
        return plain.filter(pk__in=case_ids)
    path = _path_to(model, {Case, Survivor})
    if path is None:
        return None
    # Follow the path to its last hop to know whether it ends at the case or at her.
    remote = model
    for part in path.split("__"):
        remote = remote._meta.get_field(part).related_model
    if remote is Survivor:
        return plain.filter(**{path: survivor.pk})
    return plain.filter(**{f"{path}__in": case_ids})


def her_models() -> Iterable:
    for model in apps.get_models():
        if model._meta.app_label in _CASE_APPS and model._meta.label not in _LEFT_ALONE:
            yield model


def identity_needles(survivor, cases) -> list[re.Pattern]:
    """Patterns for her names and phone numbers as they may appear in plain text."""
    from core.crypto import normalise_phone

    words: set[str] = set()
    phones: set[str] = set()
    for value in [survivor.full_name, *(survivor.other_names or []), survivor.guardian_name]:
        if value and len(value.strip()) >= 3:
            words.add(value.strip())
    for value in [*(survivor.phone_numbers or []), survivor.guardian_phone]:
        digits = normalise_phone(value or "")
        if len(digits) >= 7:
            phones.add(digits)
    for text in [survivor.family_contact, survivor.origin_address]:
        for run in re.findall(r"\+?\d[\d\s-]{6,}\d", text or ""):
            digits = normalise_phone(run)
            if len(digits) >= 7:
                phones.add(digits)
    patterns = [re.compile(re.escape(word), re.IGNORECASE) for word in sorted(words, key=len, reverse=True)]
    for digits in phones:
        patterns.append(re.compile(r"(?:\+?91[\s-]?|0)?" + r"[\s-]?".join(digits)))
    return patterns


def _replace_needles(text: str, needles: list[re.Pattern]) -> str:
    for needle in needles:
        text = needle.sub(ERASED, text)
    return text


def _blank(field) -> object:
    return None if field.null else ""


def _deep_replace(value, needles):
    if isinstance(value, dict):
        return {key: _deep_replace(item, needles) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_replace(item, needles) for item in value]
    if isinstance(value, str):
        return _replace_needles(value, needles)
    return value


# The case list keeps each person's recent searches (encrypted) in her server-side session so
# that later pages of results work without the text in the URL (cases.views).
SEARCH_SESSION_KEY = "nyaya_case_searches"


def forget_searches(needles: list[re.Pattern]) -> int:
    """Remove searches for her name or phone from every open session; return how many sessions changed."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core.crypto import InvalidToken, decrypt_text

    if not needles:
        return 0
    store = SessionStore()
    changed = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        data = store.decode(session.session_data)
        searches = data.get(SEARCH_SESSION_KEY)
        if not isinstance(searches, dict) or not searches:
            continue
        kept = {}
        for token, stored in searches.items():
            try:
                term = decrypt_text(stored)
            except (InvalidToken, AttributeError, TypeError, ValueError):  # unreadable: useless, so it goes too
                continue
            if not any(needle.search(term) for needle in needles):
                kept[token] = stored
        if kept != searches:
            data[SEARCH_SESSION_KEY] = kept
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))
            changed += 1
    return changed


@transaction.atomic
def erase_identity(*, survivor) -> dict[str, int]:
    """Blank her identity everywhere it is stored; return how many rows changed per table."""
    from survivors.models import SurvivorSearchToken

    survivor = type(survivor).objects.get(pk=survivor.pk)  # decrypted, current values
    case_ids = list(survivor.cases.values_list("pk", flat=True))
    needles = identity_needles(survivor, survivor.cases.all())
    consents = QuerySet(apps.get_model("survivors", "Consent")).filter(case_id__in=case_ids)
    for names in consents.values_list("guardian_name", "witness_name"):
        needles += [re.compile(re.escape(n.strip()), re.IGNORECASE) for n in names if n and len(n.strip()) >= 3]
    report: Counter = Counter()
    files_to_delete: list[tuple] = []

    for model in her_models():
        rows = rows_of(model, survivor=survivor, case_ids=case_ids)
        if rows is None:
            continue
        label = model._meta.label
        original = getattr(model, "instance_type", None)
        original_label = original._meta.label if original is not None else label
        encrypted = [f for f in model._meta.concrete_fields if _is_encrypted(model, f)]
        files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        jsons = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        field_names = {f.name for f in model._meta.concrete_fields}
        plain_free = [name for name in PLAIN_FREE_TEXT.get(original_label, []) if name in field_names]
        if "history_change_reason" in field_names:
            plain_free.append("history_change_reason")
        texts = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not _is_encrypted(model, f)
            and not f.choices
            and f.name not in plain_free
            and not f.primary_key
        ]
        changes = {}
        for field in encrypted:
            changes[field.name] = _blank(field)
        for field in files:
            changes[field.name] = ""
        for name in plain_free:
            changes[name] = _blank(model._meta.get_field(name))
        if files and original is None:
            for field in files:
                for name in rows.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                    files_to_delete.append((field.storage, name))
        if "sha256" in field_names and files:
            changes["sha256"] = ""
        if changes:
            count = rows.update(**changes)
            if count:
                report[label] += count
        # JSON data and plain text: row by row, only where something changes.
        if jsons or (texts and needles):
            names = [f.name for f in jsons + texts]
            for pk, *values in rows.values_list("pk", *names):
                update = {}
                for name, value in zip(names, values, strict=True):
                    if name in {f.name for f in jsons}:
                        new = _deep_replace(value, needles) if value else value
                        if value and f"{original_label}.{name}" in FREE_TEXT_JSON:
                            new = scrub_json(new)
                    else:
                        new = _replace_needles(value, needles) if value else value
                    if new != value:
                        update[name] = new
                if update:
                    QuerySet(model).filter(pk=pk).update(**update)
                    report[f"{label} (text)"] += 1

    # The fact every app reads (survivors.Survivor.identity_erased_at): nothing identifying her
    # is entered again.
    QuerySet(type(survivor)).filter(pk=survivor.pk).update(identity_erased_at=timezone.now())
    report["sessions (searches forgotten)"] += forget_searches(needles)
    tokens, _ = SurvivorSearchToken.objects.filter(survivor=survivor).delete()
    report["survivors.SurvivorSearchToken (deleted)"] += tokens

    def _delete_files():
        for storage, name in files_to_delete:
            if name and storage.exists(name):
                storage.delete(name)

    report["files deleted"] += len(files_to_delete)
    transaction.on_commit(_delete_files)
    return dict(report)
