"""Writes tests/fixtures/real/libphonenumber/cases.tsv: libphonenumber's own example numbers (the
metadata's example number of every region and number type, and of the non-geographic codes, plus
each region's invalid example), written as people write them, each with libphonenumber's reading.

Run by scripts/refresh-phone-cases.sh with the pinned `phonenumbers` package (libphonenumber's
Python port, same metadata version as the `phonenumber` crate in Cargo.lock).
Usage: python3 phone-cases.py <out.tsv>
"""
import sys

import phonenumbers as p
from phonenumbers import PhoneNumberFormat as F
from phonenumbers import PhoneNumberType as T

TYPES = [T.FIXED_LINE, T.MOBILE, T.TOLL_FREE, T.PREMIUM_RATE, T.SHARED_COST, T.VOIP,
         T.PERSONAL_NUMBER, T.PAGER, T.UAN, T.VOICEMAIL]
numbers = []
for region in sorted(p.SUPPORTED_REGIONS):
    numbers += [(region, p.example_number_for_type(region, t)) for t in TYPES]
    numbers.append((region, p.invalid_example_number(region)))
for code in sorted(p.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
    numbers.append(("US", p.example_number_for_non_geo_entity(code)))
rows = set()
for region, number in numbers:
    if number is None:
        continue
    # As a page in the region writes it, as anyone writes it internationally, and as a link.
    for fmt in (F.NATIONAL, F.INTERNATIONAL, F.E164, F.RFC3966):
        written = p.format_number(number, fmt)
        try:
            read = p.parse(written, region)
            verdict = p.format_number(read, F.E164) if p.is_valid_number(read) else "invalid"
        except p.NumberParseException:
            verdict = "invalid"
        rows.add((written, region, verdict))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(f"# written\tdefault region\tlibphonenumber {p.__version__}: E.164 when valid, else invalid\n")
    for row in sorted(rows):
        f.write("\t".join(row) + "\n")
print(f"{len(rows)} numbers written to {sys.argv[1]}")
