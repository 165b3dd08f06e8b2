"""What the standard CSV names by a machine name, against what a person reads in a workbook:
shared by the checkers of the monthly workbook (openpyxl and LibreOffice)."""


def names_it(words, name):
    """True when a person's words in the workbook are what the standard CSV names by a machine
    name: `Total` is `total`, `(none)` and `no cost centre` are `no_cost_centre`, `F2112000371
    total` is `F2112000371`, the list's `537 stamps` is `537`."""
    if not isinstance(words, str):
        return False
    if words.lower().replace(" ", "_") == name or words == f"{name} total":
        return True
    if words.endswith(" total") and words[:-6].lower().replace(" ", "_") == name:
        return True  # a cost centre's subtotal: `no cost centre total` is `no_cost_centre`
    if words == "(none)" and name == "no_cost_centre":
        return True
    return name.isdigit() and words.replace(",", "") in (f"{name} stamps", f"{name} stamp")
