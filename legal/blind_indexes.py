"""The accused's blind indexes, registered for key rotation (survivors/blind_indexes.py).

Matching an accused across cases (the same phone, the same normalised name) goes through
AccusedSearchToken; after `encryption_rotate` these tokens are rebuilt with the new key,
or the matching would silently find nothing.
"""

from survivors.blind_indexes import BlindIndexKind, register


def _accused_rebuild(accused) -> None:
    from . import services

    services.accused_search_tokens_rebuild(accused)


register(
    BlindIndexKind(
        label="accused",
        model="legal.Accused",
        token_model="legal.AccusedSearchToken",
        fields=("names", "aliases", "phones"),
        rebuild=_accused_rebuild,
    )
)
