#!/usr/bin/env python3
"""Generate extra canonical-JSON vectors with Python, the reference implementation.

Writes packages/models/src/__fixtures__/generated-vectors.json. The tests only read the JSON file;
Python is needed only to regenerate it: python3 scripts/generate-checksum-vectors.py
"""
import hashlib
import json
import math
import os
import random

rng = random.Random(20261122)

KEY_ALPHABET = ["a", "b", "Z", "_", "-", "0", "1", "10", "2", " ", "é", "ß", "\u00ff", "\u0100",
                "\u4e0a", "\ue000", "\uffff", "\U0001f600", "\U00010000", ".", "$", "~", "\x7f"]
STRING_ALPHABET = KEY_ALPHABET + ["\n", "\t", "\r", "\b", "\f", "\x00", "\x01", "\x1f", '"', "\\",
                                  "/", "\u2028", "\u2029", "\U0010ffff"]


def random_float():
    kind = rng.randrange(6)
    if kind == 0:
        value = rng.random()
    elif kind == 1:
        value = rng.uniform(-1e6, 1e6)
    elif kind == 2:
        value = math.ldexp(rng.random(), rng.randrange(-1074, 1024))
    elif kind == 3:
        value = float(f"{rng.randrange(1, 10)}e{rng.randrange(-20, 25)}")
    elif kind == 4:
        value = rng.randrange(1, 10 ** 6) / 10 ** rng.randrange(1, 9)
    else:
        value = rng.choice([0.1, 0.5, 1e-4, 9.99e-5, 1e-5, 1.5e16, 9999999999999998.0, 1e16, 1e21, 1e22,
                            5e-324, 1.7976931348623157e308, 2.5e-300, 123456.789])
    if rng.random() < 0.3:
        value = -value
    # A float with no fractional part below 2**53 reads as an integer in JavaScript: the
    # documented divergence, so those are left out here and tested separately.
    if value == int(value) and abs(value) < 2 ** 53:
        value += 0.5
    return value if value != int(value) or abs(value) >= 2 ** 53 else 0.25


def random_string(alphabet, max_length):
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, max_length)))


def random_value(depth):
    kind = rng.randrange(9 if depth < 5 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 42, 2 ** 53 - 1, -(2 ** 53 - 1), rng.randrange(-10 ** 12, 10 ** 12)])
    if kind == 3:
        return random_float()
    if kind in (4, 5):
        return random_string(STRING_ALPHABET, 12)
    if kind == 6:
        return [random_value(depth + 1) for _ in range(rng.randrange(0, 5))]
    return {random_string(KEY_ALPHABET, 5): random_value(depth + 1) for _ in range(rng.randrange(0, 6))}


vectors = []
for _ in range(400):
    attributes = {random_string(KEY_ALPHABET, 6): random_value(0) for _ in range(rng.randrange(0, 8))}
    canonical = json.dumps(attributes, sort_keys=True)
    vectors.append({
        "attributes": attributes,
        "canonical": canonical,
        "sha256": hashlib.sha256(canonical.encode()).hexdigest(),
    })

target = os.path.join(os.path.dirname(__file__), "..", "packages", "models", "src", "__fixtures__",
                      "generated-vectors.json")
with open(target, "w") as handle:
    json.dump({"description": "random attributes with Python json.dumps(sort_keys=True) and sha256; "
               "regenerate with scripts/generate-checksum-vectors.py", "vectors": vectors}, handle, indent=1)
print(f"wrote {len(vectors)} vectors to {os.path.normpath(target)}")
