#!/usr/bin/python3
"""Builds data/currencies/iso4217.csv.

Active codes and their minor units are ISO 4217 List One (the current-currency table that SIX Group
publishes as the ISO 4217 maintenance agency), as amended up to 2025 (XCG, ZWG, SLE, VED included).
Numeric codes and English names are cross-checked against the ICU 72 currency data (Debian's libicu72),
read by tools/data/icu_currencies.cpp; ICU's digits are CLDR's, which differ from ISO's for
several currencies (ALL, AFN, IQD, RSD, ...), so ISO's minor units are written out here.
Historic codes (List Three) take the numeric code and CLDR digits from ICU; codes that ICU lacks
are written out with their source.

Usage: g++ tools/data/icu_currencies.cpp -licuuc -o /tmp/icu_currencies &&
       /tmp/icu_currencies | /usr/bin/python3 tools/data/make_iso4217.py > data/currencies/iso4217.csv
"""
import csv
import sys

# ISO 4217 List One: code -> minor unit (None = "N.A." in the standard).
LIST_ONE = {}
for group, unit in (
    ("AED AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF "
     "CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD "
     "GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA "
     "MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR "
     "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD "
     "TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG AFN ALL", 2),
    ("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF", 0),
    ("BHD IQD JOD KWD LYD OMR TND", 3),
    ("CLF UYW", 4),
    ("XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX", None),
):
    for code in group.split():
        assert code not in LIST_ONE, code
        LIST_ONE[code] = unit

# Codes ICU 72 does not carry (added to ISO 4217 after CLDR 42, or List Three entries CLDR omits).
EXTRA = {
    "XCG": ("532", "Caribbean Guilder"),        # ISO 4217 amendment 176 (2023), in use from 2025-03-31
    "ZWG": ("924", "Zimbabwe Gold"),            # ISO 4217 amendment 177 (2024)
    "CSJ": ("203", "Czechoslovak Krona A/53"),  # ISO 4217 List Three
}


def main():
    icu = {}
    for row in csv.reader(sys.stdin):
        code, numeric, digits, _available, name = row[0], row[1], int(row[2]), row[3], ",".join(row[4:])
        icu[code] = (numeric, digits, name)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "numeric", "minor_unit", "status", "name"])
    codes = sorted(set(icu) | set(EXTRA))
    for code in codes:
        if code in EXTRA:
            numeric, name = EXTRA[code]
            digits = 2
        else:
            numeric, digits, name = icu[code]
        if numeric == "000":
            continue  # not an ISO 4217 code (CNH and other CLDR-only codes)
        if code in LIST_ONE:
            unit = LIST_ONE[code]
            out.writerow([code, numeric, "" if unit is None else unit, "active", name])
        else:
            out.writerow([code, numeric, digits, "historic", name])
    missing = set(LIST_ONE) - set(codes)
    if missing:
        sys.exit(f"List One codes with no numeric code: {sorted(missing)}")


if __name__ == "__main__":
    main()
