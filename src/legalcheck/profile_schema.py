"""The profile format described for people and editors: a JSON Schema (draft 2020-12) and a field
reference in Markdown, both generated from the checklist and the profile model.

The structure (which fields a profile, source, citation or reported rating has, and their types) is
read from the model's dataclasses, so a field added to the model appears here without an edit; the
words describing each field are in ``FIELD_HELP`` (a test checks every field has them). What a
fact may hold (its type, allowed values, range, question) comes from the checklist.

The schema lets an editor (VS Code with the YAML extension, via the ``yaml-language-server``
modeline in profiles made by ``init`` / ``new-country``) complete and check a profile as it is
typed. ``legalcheck validate`` stays the authority: it also checks what a schema cannot express
well (cited sources exist, the rubric, real calendar dates) and says where, in plain words.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
import types
import typing
from typing import Any

from . import model
from .model import QUOTE_MAX, SOURCE_KINDS, UNKNOWN_WORD, Checklist, FactSpec

SCHEMA_FILE = "profile.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# What each field of a profile means, in the words of the people who fill it in.
FIELD_HELP: dict[tuple[str, str], str] = {
    ("Profile", "country"): "The country this profile describes.",
    ("Profile", "year"): "The year this profile describes; the file is named after it (e.g. 2024.yaml).",
    ("Profile", "as_of"): "The date (YYYY-MM-DD) the information describes the law at.",
    ("Profile", "sources"): "Every publication the facts and reported ratings cite, each with an id.",
    ("Profile", "indicators"): "Per checklist indicator: the facts established, and any rating a source reports.",
    ("Profile", "status"): "reviewed (default) or draft (still being written or checked).",
    ("Profile", "notes"): "Anything a reader of the whole profile should know.",
    ("Country", "name"): "The country's name as outputs show it.",
    ("Country", "iso2"): "ISO 3166 alpha-2 code: two capital letters, e.g. NP.",
    ("Country", "iso3"): "ISO 3166 alpha-3 code: three capital letters, e.g. NPL.",
    ("Country", "aliases"): "Other names the country may be looked up by.",
    ("Source", "id"): "A short id the citations use, e.g. penal-code-2017.",
    ("Source", "title"): "The publication's title.",
    ("Source", "publisher"): "Who published it.",
    ("Source", "date"): "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.",
    ("Source", "url"): "Where it can be read.",
    ("Source", "reference"): "A document symbol, e.g. CRC/C/OPSC/LKA/CO/1.",
    ("Source", "kind"): "What sort of publication: " + ", ".join(SOURCE_KINDS[:-1]) + " or " + SOURCE_KINDS[-1]
                          + " (secondary: a commercial or private summary of the law, not its text).",
    ("Source", "accessed"): "The date (YYYY-MM-DD) the source was read.",
    ("Source", "note"): "Anything to know about the source.",
    ("IndicatorEntry", "facts"): "The facts established for this indicator; leave a fact out (or write unknown) when no source states it.",
    ("IndicatorEntry", "reported"): "A rating a source itself gives (or the ratings it rules out).",
    ("IndicatorEntry", "notes"): "Anything a reader of this indicator should know.",
    ("IndicatorEntry", "law_changed"): "The law behind this indicator changed by this profile's date and is not yet "
                                       "assessed: cite the change (the new instrument, its year, the source saying so). "
                                       "Earlier profiles' findings for the indicator are then not carried forward.",
    ("FactEntry", "value"): "The fact's value; unknown (or leaving the fact out) when no source states it.",
    ("FactEntry", "citation"): "Where the value comes from; required for a known value.",
    ("FactEntry", "note"): "Anything a reader of this fact should know.",
    ("FactEntry", "other_readings"): "Where sources disagree about the value: each other source's value, with its "
                                     "own citation and quote (at most 3). The value above is one source's reading, not "
                                     "a choice between them: the rating shown is the range every reading allows, and "
                                     "the disagreement is named. Needs the fact's own value and quote.",
    ("Reading", "value"): "The value this source gives: of the fact's own type, different from the fact's value "
                          "and from the other readings.",
    ("Reading", "citation"): "Where this value comes from: the source (listed under sources), the law and "
                             "provision if known, and a short verbatim quote (required).",
    ("Reading", "note"): "Anything a reader of this reading should know.",
    ("Citation", "source"): "The id of a source listed under sources.",
    ("Citation", "instrument"): "The law, e.g. Penal Code 2017 (Act No. 36 of 2017).",
    ("Citation", "provision"): "Section or article, e.g. s. 4(h).",
    ("Citation", "year"): "The instrument's year.",
    ("Citation", "locator"): "Where in the source the statement is: page, section, table.",
    ("Citation", "quote"): "A short verbatim quote from the source that supports the value (at most 300 characters).",
    ("Citation", "note"): "Anything to know about this citation.",
    ("Reported", "source"): "The id of the source that gives the rating.",
    ("Reported", "rating"): "The rating the source gives: yes, partial, no, not_assessed or no_data.",
    ("Reported", "excludes"): "Instead of a rating: the ratings the source rules out, e.g. [yes].",
    ("Reported", "locator"): "Where in the source the rating is.",
    ("Reported", "quote"): "A short verbatim quote from the source that supports the rating (at most 300 characters).",
    ("Reported", "note"): "Anything to know about the reported rating.",
}

# Fields the loader fills in, never written in a profile.
_FILLED_IN = {("Profile", "file"), ("Country", "slug")}
_DATE_FIELDS = {("Profile", "as_of"), ("Source", "accessed")}
_PATTERNS = {
    ("Country", "iso2"): "^[A-Z]{2}$",
    ("Country", "iso3"): "^[A-Z]{3}$",
    ("Source", "date"): r"^\d{4}(-\d{2}(-\d{2})?)?$",
    ("Source", "url"): r"^https?://\S+$",
}
_RANGES = {("Profile", "year"): (1900, 2100), ("Citation", "year"): (1700, 2100)}
_MAX_LENGTH = {("Citation", "quote"): QUOTE_MAX, ("Reported", "quote"): QUOTE_MAX}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# A source must say where it can be found: one of these (those the model has).
SOURCE_LOCATORS = ("url", "reference")


def profile_fields(cls: type) -> list[tuple[str, Any, bool]]:
    """(name, type, required) of each field a profile's YAML may hold for ``cls``, in model order."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if (cls.__name__, f.name) in _FILLED_IN:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.name, hints[f.name], required))
    return out


def _optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(args) < len(typing.get_args(tp)):
            return args[0], True
    return tp, False


def _type_schema(owner: str, name: str, tp: Any) -> dict[str, Any]:
    tp, nullable = _optional(tp)
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        schema: dict[str, Any] = {"$ref": f"#/$defs/{tp.__name__}"}
    elif origin is typing.Literal:
        schema = {"enum": list(typing.get_args(tp))}
    elif origin in (tuple, list):
        schema = {"type": "array", "items": _type_schema(owner, name, typing.get_args(tp)[0])}
    elif tp is str:
        schema = {"type": "string"}
        if (owner, name) in _DATE_FIELDS:
            schema["pattern"] = DATE_PATTERN
        if (owner, name) in _PATTERNS:
            schema["pattern"] = _PATTERNS[(owner, name)]
        if (owner, name) in _MAX_LENGTH:
            schema["maxLength"] = _MAX_LENGTH[(owner, name)]
    elif tp is int:
        schema = {"type": "integer"}
        if (owner, name) in _RANGES:
            schema["minimum"], schema["maximum"] = _RANGES[(owner, name)]
    elif tp is bool:
        schema = {"type": "boolean"}
    else:
        schema = {}
    if nullable:
        schema = {"anyOf": [schema, {"type": "null"}]} if "$ref" in schema or "enum" in schema else (
            {**schema, "type": [schema["type"], "null"]} if "type" in schema else schema)
    return schema


def object_schema(cls: type, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schema of one model dataclass: its fields, described, no others allowed."""
    owner = cls.__name__
    props: dict[str, Any] = {}
    required = []
    for name, tp, req in profile_fields(cls):
        prop = (overrides or {}).get(name) or _type_schema(owner, name, tp)
        help_text = FIELD_HELP.get((owner, name))
        if help_text:
            prop = {"description": help_text, **prop}
        props[name] = prop
        if req:
            required.append(name)
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = required
    return out


def value_schema(spec: FactSpec) -> dict[str, Any]:
    """What a fact's ``value`` may be: its type's values, or unknown (also written as nothing)."""
    unknown = [{"const": UNKNOWN_WORD}, {"type": "null"}]
    if spec.type == "boolean":
        known: dict[str, Any] = {"type": "boolean"}
    elif spec.type == "integer":
        known = {"type": "integer"}
        if spec.min is not None:
            known["minimum"] = spec.min
        if spec.max is not None:
            known["maximum"] = spec.max
    elif spec.type == "enum":
        known = {"enum": list(spec.values)}
    else:  # list
        known = {"type": "array", "items": {"enum": list(spec.values)}, "uniqueItems": True}
    return {"anyOf": [known, *unknown]}


def _known(schema: dict[str, Any]) -> dict[str, Any]:
    """``value_schema`` without unknown: a reading always gives a value."""
    return schema["anyOf"][0]


def allowed_text(spec: FactSpec) -> str:
    """The allowed values in words, as the skeleton, questionnaire and field reference show them."""
    if spec.type == "boolean":
        return "true or false"
    if spec.type == "integer":
        unit = f" {spec.unit}" if spec.unit else ""
        return f"a whole number from {spec.min} to {spec.max}{unit}"
    if spec.type == "enum":
        return "one of: " + ", ".join(spec.values)
    return "a list of any of: " + ", ".join(spec.values)


def one_line(text: str) -> str:
    return " ".join(text.split())


def build_schema(checklist: Checklist) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a profile for ``checklist``."""
    indicators: dict[str, Any] = {}
    for ind in checklist.indicators:
        facts = {}
        for fid, spec in ind.facts.items():
            reading = {"$ref": "#/$defs/Reading", "properties": {"value": _known(value_schema(spec))}}
            entry = object_schema(model.FactEntry, {
                "value": value_schema(spec),
                "other_readings": {"type": "array", "items": reading, "maxItems": model.MAX_READINGS},
            })
            unit = f" ({spec.unit})" if spec.unit else ""
            entry = {"description": f"{one_line(spec.question)}{unit} Allowed: {allowed_text(spec)}, or unknown.", **entry}
            facts[fid] = entry
        facts_schema = {"type": "object", "additionalProperties": False, "properties": facts}
        entry_schema = object_schema(model.IndicatorEntry, {"facts": facts_schema})
        indicators[ind.id] = {"title": ind.title, "description": one_line(ind.question), **entry_schema}
    source = object_schema(model.Source)
    source_fields = {n for n, _, _ in profile_fields(model.Source)}
    wheres = [w for w in SOURCE_LOCATORS if w in source_fields]
    source["anyOf"] = [{"required": [w]} for w in wheres]
    reported = object_schema(model.Reported)
    if "excludes" in reported["properties"]:
        ex = reported["properties"]["excludes"]
        ex.update({"uniqueItems": True, "maxItems": 2})
        reported["oneOf"] = [
            {"required": ["rating"], "properties": {"excludes": {"maxItems": 0}}},
            {"required": ["excludes"], "properties": {"excludes": {"minItems": 1}, "rating": {"type": "null"}}},
        ]
    schema = object_schema(model.Profile, {
        "indicators": {"type": "object", "additionalProperties": False, "properties": indicators},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
    })
    return {
        "$schema": DRAFT,
        "title": f"legalcheck country profile ({checklist.title}, version {checklist.version})",
        "description": "One country's legal situation in one year, as cited facts. Generated by "
                       "'legalcheck schema' from the checklist; 'legalcheck validate' has the last word.",
        **schema,
        "$defs": {
            "Country": object_schema(model.Country),
            "Source": source,
            "Citation": object_schema(model.Citation),
            "Reading": object_schema(model.Reading, {"value": {},  # each fact narrows it to its own values
                                                     "citation": {"$ref": "#/$defs/QuotedCitation"}}),
            "QuotedCitation": {**object_schema(model.Citation), "required": ["source", "quote"]},
            "Reported": reported,
        },
    }


def schema_text(checklist: Checklist) -> str:
    return json.dumps(build_schema(checklist), indent=2, ensure_ascii=False) + "\n"


def modeline(schema_path: str) -> str:
    """The first line of a profile that points the YAML language server at the schema."""
    return f"# yaml-language-server: $schema={schema_path}\n"


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class ProfileSchema:
    """The profile format of one checklist (``Repository.profile_schema``): ``schema`` is the JSON
    Schema; the Markdown renderer writes the field reference for people."""

    checklist: Checklist

    @property
    def schema(self) -> dict[str, Any]:
        return build_schema(self.checklist)

    def text(self) -> str:
        return schema_text(self.checklist)
