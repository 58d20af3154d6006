//! Planning on hand-made specs: interning, homes, local and shared names, reviewed names.

use super::type_names::TypeName;
use super::*;
use dwgen_spec::Spec;
use dwgen_spec::{EnumValue, Field, Operation, Param, Schema};

fn field(name: &str, ty: Type) -> Field {
    Field::new(name, ty)
}

fn object(name: &str, fields: Vec<Field>) -> Field {
    Field {
        fields,
        ..field(name, Type::Object)
    }
}

fn list(name: &str, type_name: Option<&str>, fields: Vec<Field>) -> Field {
    let mut item = Schema::of(Type::Object);
    item.type_name = type_name.map(Into::into);
    item.fields = fields;
    Field {
        items: Some(Box::new(item)),
        ..field(name, Type::Array)
    }
}

fn value_set(name: &str, values: &[(&str, &str)]) -> Field {
    Field {
        enum_values: values
            .iter()
            .map(|(v, n)| EnumValue {
                value: (*v).into(),
                description: format!("meaning {v}"),
                label: None,
                name: Some((*n).into()),
            })
            .collect(),
        ..field(name, Type::Int32)
    }
}

fn op(name: &str, params: Vec<Param>, fields: Vec<Field>) -> Operation {
    let mut o = Operation::new(name, "tenant");
    o.request.params = params;
    o.response.fields = fields;
    o
}

fn spec(ops: Vec<Operation>) -> Spec {
    Spec::new(crate::emit::test_support::service("tenant", "租户"), ops)
}

/// A folder as two operations return it, and a deployment status.
fn folder() -> Field {
    object(
        "Data",
        vec![
            field("FolderId", Type::String),
            field("FolderPath", Type::String),
        ],
    )
}

fn named<'s>(space: &'s TypeSpace, op: &str, local: &str) -> &'s TypeDef {
    let plan = space.op(op).expect("op");
    let (id, _) = plan
        .types
        .iter()
        .find(|(_, n)| n == local)
        .unwrap_or_else(|| panic!("{op} has no type {local}: {:?}", plan.types));
    space.get(*id)
}

#[test]
fn identical_shapes_are_one_shared_type_named_where_their_sites_agree() {
    let s = spec(vec![
        op("GetFolder", vec![], vec![folder()]),
        op(
            "ListFolders",
            vec![],
            vec![object("Data", vec![list("Folders", None, folder().fields)])],
        ),
        op(
            "GetOther",
            vec![],
            vec![object("Data", vec![field("X", Type::Int64)])],
        ),
    ]);
    let space = TypeSpace::plan(&s);
    assert!(space.notes.is_empty(), "{:?}", space.notes);
    let shared = named(&space, "GetFolder", "Data");
    assert!(shared.is_shared());
    // Operations are sorted by name: GetFolder, GetOther, ListFolders.
    assert_eq!(shared.users, [0, 2]);
    // The list's element name (singular) beats the member name `Data`.
    assert_eq!(shared.name, "Folder");
    assert_eq!(
        space.reexports(0),
        [(space.op("GetFolder").unwrap().types[0].0, "Data")]
    );
    assert_eq!(
        space
            .op("ListFolders")
            .unwrap()
            .local_name(space.shared()[0]),
        Some("Folder")
    );
    // A shape only one operation uses stays in its module under its local name.
    let own = named(&space, "GetOther", "Data");
    assert_eq!((own.home, own.name.as_str()), (Home::Op(1), "Data"));
    assert_eq!(space.counts(), (3, 0, 1));
}

#[test]
fn shapes_differ_by_wire_names_types_required_flags_and_value_names() {
    let a = object("Owner", vec![field("Id", Type::Int64)]);
    let b = object("Owner", vec![field("Id", Type::String)]);
    let status = |n| value_set("Status", &[("0", "Ready"), ("1", n)]);
    let s = spec(vec![
        op("A", vec![], vec![a, status("Success")]),
        op("B", vec![], vec![b, status("Succeeded")]),
    ]);
    let space = TypeSpace::plan(&s);
    assert_eq!(space.counts(), (2, 2, 0), "nothing is shared");
    // Value order and descriptions do not make a different value set.
    let mut reordered = value_set("Status", &[("1", "Success"), ("0", "Ready")]);
    reordered.description = "another text".into();
    let s = spec(vec![
        op("A", vec![], vec![status("Success")]),
        op("B", vec![], vec![reordered]),
    ]);
    let space = TypeSpace::plan(&s);
    assert_eq!(space.counts(), (0, 1, 1));
}

#[test]
fn local_names_are_singular_qualified_on_clashes_and_never_the_preludes() {
    let s = spec(vec![op(
        "ListThings",
        vec![],
        vec![
            object(
                "Data",
                vec![
                    list("Columns", None, vec![field("Name", Type::String)]),
                    list("Data", None, vec![field("N", Type::Int32)]),
                    list(
                        "Entities",
                        Some("EntityDtoList"),
                        vec![field("E", Type::Int32)],
                    ),
                    object("Result", vec![field("R", Type::Int32)]),
                ],
            ),
            object("Status", vec![field("S", Type::Int32)]),
            object(
                "Nested",
                vec![object("Status", vec![field("T", Type::Int32)])],
            ),
        ],
    )]);
    let space = TypeSpace::plan(&s);
    let names: Vec<&str> = space.ops[0].types.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Data",
            "Column",
            "DataItem",
            "EntityDto",
            "DataResult",
            "Status",
            "Nested",
            "NestedStatus"
        ]
    );
}

#[test]
fn reviewed_names_name_shared_types_and_stale_or_split_entries_block() {
    let status = |n| value_set("Status", &[("0", "Ready"), ("1", n)]);
    let two = || {
        spec(vec![
            op("A", vec![], vec![status("Success")]),
            op("B", vec![], vec![status("Success")]),
            op("C", vec![], vec![status("Done")]),
            op("D", vec![], vec![status("Done")]),
        ])
    };
    let space = TypeSpace::plan(&two());
    let blocking = space.blocking();
    assert_eq!(blocking.len(), 1, "{blocking:?}");
    assert!(blocking[0]
        .message
        .contains("2 shared types would be named `Status`"));
    assert!(blocking[0].message.contains("    - A response Status"));
    let entry = |name: &str, at: &[&str]| TypeName {
        name: name.into(),
        at: at.iter().map(|a| (*a).to_owned()).collect(),
        why: "test".into(),
    };
    let mut s = two();
    s.type_names = vec![
        entry("RunStatus", &["A response Status", "B response Status"]),
        entry("JobStatus", &["C response Status"]),
    ];
    let space = TypeSpace::plan(&s);
    assert!(space.notes.is_empty(), "{:?}", space.notes);
    let names: Vec<&str> = space
        .shared()
        .iter()
        .map(|id| space.get(*id).name.as_str())
        .collect();
    assert_eq!(names, ["JobStatus", "RunStatus"]);
    assert_eq!(
        space.op("A").unwrap().local_name(space.shared()[1]),
        Some("Status")
    );
    // A site that is gone, an entry spanning two types, a single-user type.
    s.type_names = vec![
        entry("Gone", &["Z response Status"]),
        entry("Both", &["A response Status", "C response Status"]),
    ];
    let notes: Vec<String> = TypeSpace::plan(&s)
        .blocking()
        .iter()
        .map(|n| n.message.clone())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("no such site: `Z response Status`")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("lists sites of 2 different types")),
        "{notes:?}"
    );
    let mut s = spec(vec![op("A", vec![], vec![status("Success")])]);
    s.type_names = vec![entry("Lonely", &["A response Status"])];
    let notes = TypeSpace::plan(&s);
    assert!(notes.blocking()[0].message.contains("a type only `A` uses"));
}

#[test]
fn request_members_claim_setters_and_keep_required_flags() {
    let mut columns = Param::new("Columns", Type::Array, true);
    let mut column = Schema::of(Type::Object);
    column.fields = vec![Field {
        required: Some(true),
        ..field("Name", Type::String)
    }];
    columns.items = Some(Box::new(column));
    let s = spec(vec![op(
        "CreateTable",
        vec![
            Param::new("Build", Type::Boolean, false),
            Param::new("SetName", Type::String, false),
            Param::new("Name", Type::String, false),
            columns,
        ],
        vec![],
    )]);
    let space = TypeSpace::plan(&s);
    let fields: Vec<(&str, bool)> = space.ops[0]
        .request
        .iter()
        .map(|m| (m.field.as_str(), m.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("build2", false),
            ("set_name2", false),
            ("name", false),
            ("columns", true)
        ]
    );
    let column = named(&space, "CreateTable", "Column");
    assert!(
        matches!(&column.kind, TypeKind::Struct { side: Side::Request, members } if members[0].required)
    );
}
