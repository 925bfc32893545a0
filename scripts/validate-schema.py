#!/usr/bin/env python3
"""Check Reflex rule files against the rule-format JSON Schema (`reflex schema`).

Usage: validate-schema.py SCHEMA.json FILE_OR_DIRECTORY...

Directories are searched recursively for *.yaml and *.yml files. Each file is
read the way Reflex reads it, as YAML 1.2 core schema: only true/false (in the
cases YAML allows) are bools, so `on:` is the key "on" and on/off/yes/no stay
strings; only decimal integers and plain floats are numbers; mapping keys are
always strings; a key written twice in one mapping is an error.

Prints `FILE: ok`, or one line per problem: `FILE: JSON-PATH: message`.
Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage error,
an unreadable schema or a missing Python module.

Needs PyYAML and jsonschema (Debian: apt-get install python3-yaml python3-jsonschema).
"""

import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    sys.stderr.write(
        f"validate-schema.py: {missing}; install PyYAML and jsonschema "
        "(apt-get install python3-jsonschema python3-yaml)\n"
    )
    sys.exit(2)


class RuleFileLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core-schema scalar rules Reflex uses instead of YAML 1.1's."""

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        seen = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, "a key must be a scalar", key_node.start_mark
                )
            if key_node.value in seen:
                first = seen[key_node.value]
                where = f"line {first.line + 1}, column {first.column + 1}"
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key_node.value!r} is written twice (first at {where})", key_node.start_mark
                )
            seen[key_node.value] = key_node.start_mark
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            # Keys are strings in Reflex rule files, whatever they look like (`on`, `1`, `true`).
            mapping[str(key_node.value)] = self.construct_object(value_node, deep=deep)
        return mapping


def _construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


def _construct_int(loader, node):
    return int(loader.construct_scalar(node))


def _construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


RuleFileLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    # Decimal only: Reflex reads 0x10 and 0o17 as text, not numbers.
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^<<$", "<"),
]:
    RuleFileLoader.add_implicit_resolver(tag, re.compile(pattern), list(first))
RuleFileLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
RuleFileLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
RuleFileLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def rule_files(arguments):
    """The files named, and the *.yaml / *.yml files under the directories named, in a stable order."""
    for argument in arguments:
        if os.path.isdir(argument):
            for folder, subfolders, names in os.walk(argument):
                subfolders.sort()
                for name in sorted(names):
                    if name.endswith((".yaml", ".yml")):
                        yield os.path.join(folder, name)
        else:
            yield argument


def resolve_local(schema, root):
    """Follows a `#/...` reference to the schema it names (only local references are used)."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/"):
        target = root
        for part in schema["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        schema = target
    return schema


def location(error):
    return error.json_path


def path_order(error):
    return [(0, part, "") if isinstance(part, int) else (1, 0, part) for part in error.absolute_path]


def explain(error, root):
    """Problem lines for one error; for oneOf/anyOf, the problems of the closest alternatives."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        alternatives = {}
        for sub in error.context:
            alternatives.setdefault(sub.schema_path[0], []).append(sub)
        here = list(error.absolute_path)

        def distance(subs):
            # An alternative is further off when the value is not even of its kind, or lacks its required keys.
            own = [sub for sub in subs if list(sub.absolute_path) == here]
            return (
                any(sub.validator == "type" for sub in own),
                sum(1 for sub in own if sub.validator == "required"),
                len(subs),
            )

        nearest = min(distance(subs) for subs in alternatives.values())
        closest = [(index, subs) for index, subs in sorted(alternatives.items()) if distance(subs) == nearest]
        if len(closest) == 1:
            return [line for sub in closest[0][1] for line in explain(sub, root)]
        holder = resolve_local(error.schema, root)
        if not isinstance(error.instance, (dict, list)) and isinstance(holder, dict) and holder.get("description"):
            expected = holder["description"].rstrip(".")
            return [f"{location(error)}: {error.instance!r}: expected {expected[:1].lower()}{expected[1:]}"]
        options = []
        for index, subs in closest:
            branch = resolve_local(error.schema[error.validator][index], root)
            title = branch.get("title") if isinstance(branch, dict) else None
            if len(closest) > 3:
                options.append(title or f"alternative {index + 1}")
                continue
            here_prefix = location(error) + ": "
            problems = []
            for sub in subs:
                for line in explain(sub, root):
                    problems.append(line[len(here_prefix):] if line.startswith(here_prefix) else line)
            options.append((f"{title}: " if title else "") + ", ".join(problems))
        return [f"{location(error)}: matches none of the allowed forms: " + " | ".join(options)]
    if error.validator == "pattern" and isinstance(error.schema, dict) and "patternErrorMessage" in error.schema:
        return [f"{location(error)}: {error.instance!r}: {error.schema['patternErrorMessage']}"]
    if error.validator == "not" and error.validator_value == {}:
        return [f"{location(error)}: not allowed here"]
    return [f"{location(error)}: {error.message}"]


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: validate-schema.py SCHEMA.json FILE_OR_DIRECTORY...\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as problem:
        sys.stderr.write(f"validate-schema.py: {argv[1]}: not a usable schema: {problem}\n")
        return 2
    validator = jsonschema.Draft202012Validator(schema)

    files = list(rule_files(argv[2:]))
    if not files:
        sys.stderr.write("validate-schema.py: no *.yaml or *.yml files found\n")
        return 2
    failed = False
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                document = yaml.load(f, Loader=RuleFileLoader)
        except yaml.MarkedYAMLError as problem:
            mark = problem.problem_mark or problem.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            what = ", ".join(part for part in (problem.context, problem.problem) if part)
            print(f"{path}: cannot read: {where}{what}")
            failed = True
            continue
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as problem:
            print(f"{path}: cannot read: {' '.join(str(problem).split())}")
            failed = True
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: (path_order(e), e.message))
        if not errors:
            print(f"{path}: ok")
            continue
        failed = True
        lines = []
        for error in errors:
            for line in explain(error, schema):
                if line not in lines:
                    lines.append(line)
        for line in lines:
            print(f"{path}: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
