#!/usr/bin/python3
"""360Giving packages written by `grantfolio export --format 360giving`, validated against the
standard's own JSON schema (1.4.3, offline, with the date-time format checked as RFC 3339):

1. a real package (GrantNav test data, 379 grants) read and written again (with --strict) keeps its
   fields as read: the schema refuses nothing in it but what it refused in the source and what is
   written as read (its `dateModified` texts, "23/06/2015 00:00", have no time zone, which an RFC 3339
   date-time needs); days written as DD/MM/YYYY come out as YYYY-MM-DD;
2. for programmes that lack what the schema requires (CAAHT: no awards; a generated programme: no
   descriptions, some awards and award dates missing), the CLI's warning counts, field by field,
   exactly the grants the schema refuses;
   the same with the publisher's prefix (--prefix 360G-caaht), whose ids all carry it;
3. the validator itself refuses a package with one amount taken out (it can fail).
Usage: validate_360giving.py CLI SHARED_DATA WORKDIR"""
import json
import os
import re
import shutil
import subprocess
import sys

from jsonschema import Draft202012Validator, FormatChecker, RefResolver

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def validator(data):
    package = json.load(open(os.path.join(data, "360giving", "360giving-package-schema.json")))
    grant = json.load(open(os.path.join(data, "360giving", "360giving-schema.json")))
    # The package schema refers to the grant schema by its published address (1.4.2's); both are here.
    store = {grant["$id"]: grant,
             "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json": grant}
    formats = FormatChecker()

    # jsonschema checks date-time only with an optional package; without it every string passes,
    # and the schema's oneOf(date pattern, date-time) would then refuse every plain date.
    @formats.checks("date-time")
    def date_time(value):
        return not isinstance(value, str) or bool(RFC3339.match(value))

    return Draft202012Validator(package, resolver=RefResolver.from_schema(package, store=store), format_checker=formats)


def missing_fields(v, doc):
    """{field: number of grants lacking it} from the schema's errors; anything else is a failure."""
    count = {}
    for e in v.iter_errors(doc):
        path = list(e.path)
        if len(path) != 2 or path[0] != "grants" or e.validator != "oneOf":
            sys.exit(f"unexpected schema error at {path}: {e.message[:300]}")
        # The first branch: a grant to an organisation (the second is to an individual).
        for c in e.context:
            if c.schema_path[0] != 0:
                continue
            m = re.fullmatch(r"'(\w+)' is a required property", c.message)
            if not m:
                sys.exit(f"unexpected schema error at {path}: {c.message[:300]}")
            count[m.group(1)] = count.get(m.group(1), 0) + 1
    return count


def export(cli, source, out, *extra):
    r = subprocess.run([cli, "export", *([source] if source else []), "--format", "360giving", "-o", out, *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"export of {source or 'CAAHT'} failed: {r.stderr}")
    return r.stderr


def main():
    cli, data, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    v = validator(data)

    # 1. A real package, read and written again: valid, and --strict agrees.
    out = os.path.join(work, "grantnav.json")
    export(cli, os.path.join(data, "360giving", "grantnav-test-mixed-currency.json"), out, "--strict")
    doc = json.load(open(out))
    source = json.load(open(os.path.join(data, "360giving", "grantnav-test-mixed-currency.json")))

    def refused(package):
        return {(tuple(sub.path), sub.message) for e in v.iter_errors(package) for sub in (e.context or [e])
                if not (sub.validator == "required" and e.context)}

    written, read = refused(doc), refused(source)
    if not written <= read:
        sys.exit(f"the GrantNav package written again has errors its source had not: {sorted(written - read)[:3]}")
    if {p[2] for p, _ in written} != {"dateModified"}:
        sys.exit(f"the GrantNav package written again is refused for more than its dateModified as read: {sorted(written)[:3]}")
    for g in doc["grants"]:  # what stays as read, and is not the standard's form, taken out for the next step
        g.pop("dateModified", None)
    if list(v.iter_errors(doc)):
        sys.exit(f"the GrantNav package written again does not validate: {next(v.iter_errors(doc)).message[:300]}")

    # 3. The validator can fail: one amount taken out is one error, at that grant.
    del doc["grants"][5]["amountAwarded"]
    if missing_fields(v, doc) != {"amountAwarded": 1}:
        sys.exit("the schema did not refuse a grant without amountAwarded")

    # 2. The warning names exactly what the schema refuses.
    synth = os.path.join(work, "synth.bin")
    subprocess.run([cli, "synth", "--grants", "300", "--transactions", "3000", "--seed", "3", "-o", synth], check=True)
    # With the publisher's prefix too (ids, organisation ids), and CAAHT's actualDates and geoCodes.
    for name, source, extra in (("CAAHT", None, ()), ("generated", synth, ()), ("CAAHT-prefixed", None, ("--prefix", "360G-caaht"))):
        out = os.path.join(work, name + ".json")
        warning = export(cli, source, out, *extra)
        said = {f: int(n) for f, n in re.findall(r"(\w+) (\d+)", warning.split("will not validate: ")[1].split(" (")[0])}
        package = json.load(open(out))
        found = missing_fields(v, package)
        if said != found:
            sys.exit(f"{name}: the CLI said {said}, the schema found {found}")
        if extra and not all(g["id"].startswith("360G-caaht-") for g in package["grants"]):
            sys.exit(f"{name}: a grant id lacks the prefix")
        print(f"{name}: {found}")
    shutil.rmtree(work)
    print("GrantNav package written again: valid but for its dateModified as read; the warnings match the schema's errors")


if __name__ == "__main__":
    main()
