"""Her search tokens (name, other names, phones), registered for key rotation (core/blind_indexes.py)."""

from core.blind_indexes import BlindIndexKind, register

from .services import survivor_search_tokens_rebuild

register(
    BlindIndexKind(
        label="survivor",
        model="survivors.Survivor",
        token_model="survivors.SurvivorSearchToken",
        fields=("full_name", "other_names", "phone_numbers"),
        rebuild=survivor_search_tokens_rebuild,
    )
)
