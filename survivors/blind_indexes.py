"""Her search tokens (name, other names, phones; for possible duplicates also her guardian's
phone and date of birth), registered for key rotation (core/blind_indexes.py)."""

from core.blind_indexes import BlindIndexKind, register

from .services import survivor_search_tokens_rebuild

register(
    BlindIndexKind(
        label="survivor",
        model="survivors.Survivor",
        token_model="survivors.SurvivorSearchToken",
        fields=("full_name", "other_names", "phone_numbers", "guardian_phone", "date_of_birth"),
        rebuild=survivor_search_tokens_rebuild,
    )
)
