"""schema.graphql is the exported SDL; a schema change that is not exported fails here."""

from pathlib import Path

from api.cli import schema_sdl

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_schema_graphql_equals_the_exported_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), "run `make schema` and commit schema.graphql"


def test_every_type_field_and_argument_has_a_description() -> None:
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

    from api.schema import build_schema
    from domain.settings import Settings

    schema = build_schema(Settings())._schema
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Boolean", "ID", "Float"}:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        if isinstance(kind, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in kind.fields.items() if not field.description]
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in kind.values.items() if not value.description]
    assert missing == [], missing
