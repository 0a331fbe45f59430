"""Writes tests/fixtures/real/email-validator/cases.tsv: every address in email-validator's own
test suite (tests/test_syntax.py of its sdist, public domain), with that library's verdict.

Run by scripts/refresh-email-cases.sh, which fetches the pinned sdist and installs the library.
Usage: python3 email-cases.py <sdist dir> <out.tsv>

The verdict is email-validator's with the options that say what a page's address is: no DNS
check, quoted local parts and a display name ("Jane Roe <jane@acme.com>") allowed, and the
special-use test domains (.test, .example) allowed, as this project's own fixtures use them.
"""
import ast
import json
import sys

from email_validator import EmailNotValidError, validate_email

source_dir, out = sys.argv[1], sys.argv[2]
tree = ast.parse(open(f"{source_dir}/tests/test_syntax.py", encoding="utf-8").read())
inputs = []
for node in ast.walk(tree):
    # @pytest.mark.parametrize('email_input,...', [(input, ...), ...]) and (s, ...) for the
    # character tests, which the suite joins as s + "@test" and "test@" + s.
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize" and len(node.args) == 2:
        names = ast.literal_eval(node.args[0])
        names = names if isinstance(names, str) else ",".join(names)
        for element in getattr(node.args[1], "elts", []):
            first = element.elts[0] if isinstance(element, (ast.Tuple, ast.List)) else element
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if names.startswith("s,"):
                inputs += [first.value + "@test", "test@" + first.value]
            else:
                inputs.append(first.value)
seen = set()
with open(out, "w", encoding="utf-8") as f:
    f.write("# input (a JSON string)\tverdict of email-validator 2.2.0: valid or invalid\n")
    for email in inputs:
        # A lone surrogate is no text a page can hold (nor a Rust string).
        if email in seen or any(0xD800 <= ord(c) <= 0xDFFF for c in email):
            continue
        seen.add(email)
        try:
            validate_email(email, check_deliverability=False, allow_quoted_local=True,
                           allow_display_name=True, test_environment=True)
            verdict = "valid"
        except EmailNotValidError:
            verdict = "invalid"
        f.write(f"{json.dumps(email, ensure_ascii=False)}\t{verdict}\n")
print(f"{len(seen)} addresses written to {out}")
