"""The accused's blind indexes, registered for key rotation (core/blind_indexes.py).

Matching an accused across cases (the same phone, the same normalised name) goes through
AccusedSearchToken; after `encryption_rotate` these tokens are rebuilt with the new key,
or the matching would silently find nothing.
"""

from core.blind_indexes import BlindIndexKind, register
from legal.accused import services as accused_services

register(
    BlindIndexKind(
        label="accused",
        model="legal.Accused",
        token_model="legal.AccusedSearchToken",
        fields=("names", "aliases", "phones"),
        rebuild=accused_services.accused_search_tokens_rebuild,
    )
)
