#!/usr/bin/env python3
"""Extracts the JSON examples of the Matrix Client-Server API spec into test fixtures.

Usage: extract_spec_examples.py <matrix-spec checkout> <output dir> [<tests dir>]

Each request or response example of data/api/client-server/*.yaml becomes
<api>.<method>.<path>.<request|status>.json, each event example of
data/event-schemas/examples becomes event.<name>.json, and the /sync examples in
the end-to-end encryption and send-to-device modules' prose become sync.*.json, with the spec's
{"$ref": ..., overrides} example composition resolved. Given a tests directory, only the
examples the tests name (and every event example) are kept.
"""
import json
import os
import re
import sys

import yaml


# /sync examples that live in the prose of modules rather than in the OpenAPI (trailing commas fixed).
PROSE_EXAMPLES = [
    ("end_to_end_encryption.md", "sync.e2ee.json"),
    ("send_to_device.md", "sync.to_device.json"),
]


def load(path):
    with open(path) as f:
        return yaml.safe_load(f) if path.endswith((".yaml", ".yml")) else json.load(f)


def resolve(value, base_dir, document):
    if isinstance(value, list):
        return [resolve(v, base_dir, document) for v in value]
    if not isinstance(value, dict):
        return value
    if "$ref" in value:
        ref = value["$ref"]
        if ref.startswith("#/"):
            target, target_dir, target_doc = document, base_dir, document
            for part in ref[2:].split("/"):
                target = target[part]
        else:
            target_path = os.path.normpath(os.path.join(base_dir, ref))
            target_doc = load(target_path)
            target, target_dir = target_doc, os.path.dirname(target_path)
        merged = resolve(target, target_dir, target_doc)
        if isinstance(merged, dict) and "value" in merged and ref.startswith("#/components/examples"):
            merged = merged["value"]
        merged = dict(merged) if isinstance(merged, dict) else merged
        for k, v in value.items():
            if k != "$ref":
                merged[k] = resolve(v, base_dir, document)
        return merged
    return {k: resolve(v, base_dir, document) for k, v in value.items()}


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")


def example_from_schema(schema):
    """Composes an example from per-property examples, as the rendered spec does."""
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            value = example_from_schema(part)
            if isinstance(value, dict):
                merged.update(value)
        extra = example_from_schema({k: v for k, v in schema.items() if k != "allOf"})
        if isinstance(extra, dict):
            merged.update(extra)
        return merged or None
    if "properties" in schema:
        value = {}
        for name, prop in schema["properties"].items():
            example = example_from_schema(prop)
            if example is not None:
                value[name] = example
        return value or None
    if schema.get("type") == "array" and "items" in schema:
        item = example_from_schema(schema["items"])
        return None if item is None else [item]
    return None


def examples_of(content):
    media = (content or {}).get("application/json") or {}
    found = []
    for name, example in (media.get("examples") or {}).items():
        found.append((name, example.get("value") if "value" in example else example))
    if not found and "example" in media:
        found.append(("example", media["example"]))
    if not found:
        composed = example_from_schema(media.get("schema"))
        if composed is not None:
            found.append(("composed", composed))
    return found


def write(out_dir, name, value):
    with open(os.path.join(out_dir, name), "w") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main(spec, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    api_dir = os.path.join(spec, "data/api/client-server")
    for file in sorted(os.listdir(api_dir)):
        if not file.endswith(".yaml"):
            continue
        path = os.path.join(api_dir, file)
        document = load(path)
        api = file[:-5]
        for route, methods in (document.get("paths") or {}).items():
            for method, operation in methods.items():
                if not isinstance(operation, dict):
                    continue
                stem = f"{api}.{method}.{slug(route)}"
                body = resolve(operation.get("requestBody") or {}, api_dir, document)
                for i, (_, value) in enumerate(examples_of(body.get("content"))):
                    write(out_dir, f"{stem}.request{'' if i == 0 else i}.json", resolve(value, api_dir, document))
                for status, response in (operation.get("responses") or {}).items():
                    response = resolve(response, api_dir, document)
                    for i, (_, value) in enumerate(examples_of(response.get("content"))):
                        write(out_dir, f"{stem}.{status}{'' if i == 0 else '.' + str(i)}.json", resolve(value, api_dir, document))
    for module, name in PROSE_EXAMPLES:
        with open(os.path.join(spec, "content/client-server-api/modules", module)) as f:
            block = re.search(r"Example response:\s*```json\n(.*?)```", f.read(), re.S).group(1)
        write(out_dir, name, json.loads(re.sub(r",(\s*[}\]])", r"\1", block)))
    events_dir = os.path.join(spec, "data/event-schemas/examples")
    for file in sorted(os.listdir(events_dir)):
        if file.endswith(".yaml"):
            value = resolve(load(os.path.join(events_dir, file)), events_dir, {})
            write(out_dir, f"event.{file[:-5].replace('$', '.')}.json", value)


def prune(out_dir, tests_dir):
    sources = ""
    for root, _, files in os.walk(tests_dir):
        if os.sep + "bin" in root or os.sep + "obj" in root:
            continue
        for file in files:
            if file.endswith(".cs"):
                with open(os.path.join(root, file)) as f:
                    sources += f.read()
    for file in os.listdir(out_dir):
        if not file.startswith("event.") and f'"{file}"' not in sources:
            os.remove(os.path.join(out_dir, file))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        prune(sys.argv[2], sys.argv[3])
