"""Rupee amounts as people in India write them: Rs 1,25,000.50 (lakh grouping)."""

from decimal import ROUND_HALF_UP, Decimal


def format_rupees(amount) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, fraction = f"{abs(value):.2f}".split(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        whole = ",".join(groups + [tail])
    text = f"{sign}Rs {whole}"
    return text if fraction == "00" else f"{text}.{fraction}"
